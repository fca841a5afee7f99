"""The language each offer text is shown in: the shopper's, else a fallback, field by field.

An admin may translate an offer partly (a Japanese headline, the terms not yet): each text falls
back on its own, and the pop-up marks every text with the language it is actually in, so a screen
reader never reads an English fallback with a Japanese voice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from ..selection.types import OfferTexts

#: The offer's texts an admin writes per language (the parler translation's fields).
TEXT_FIELDS = (
    "headline",
    "value_message",
    "first_delivery",
    "payment_method",
    "payment_timing",
    "contract_period",
    "cancellation",
    "cancellation_deadline",
)


@dataclass(frozen=True, slots=True)
class Text:
    value: str
    language: str


def language_chain(language: str, fallbacks: Iterable[str]) -> tuple[str, ...]:
    """``ja-jp`` -> ``("ja-jp", "ja", *fallbacks)``, each once, lower case."""
    chain: list[str] = []
    code = (language or "").lower()
    for candidate in (code, code.split("-")[0], *(f.lower() for f in fallbacks)):
        if candidate and candidate not in chain:
            chain.append(candidate)
    return tuple(chain)


def pick(translations: Iterable[OfferTexts], name: str, chain: Iterable[str]) -> Text | None:
    """The first non-empty ``name`` along ``chain``, else in any language; ``None`` if nowhere."""
    by_language: Mapping[str, OfferTexts] = {t.language.lower(): t for t in translations}
    for language in chain:
        texts = by_language.get(language)
        if texts is not None and texts.get(name):
            return Text(texts.get(name), texts.language)
    for texts in by_language.values():
        if texts.get(name):
            return Text(texts.get(name), texts.language)
    return None


def default_language() -> str:
    """The shop's default language: texts without a language of their own are in it."""
    return getattr(settings, "PARLER_DEFAULT_LANGUAGE_CODE", None) or settings.LANGUAGE_CODE


def shopper_chain(language: str | None = None) -> tuple[str, ...]:
    """The active language, then the shop's fallbacks for it (``PARLER_LANGUAGES``)."""
    from parler import appsettings

    language = language or get_language() or default_language()
    fallbacks = appsettings.PARLER_LANGUAGES.get_fallback_languages(language)
    return language_chain(language, [*fallbacks, default_language()])


def localize(
    translations: Iterable[OfferTexts], defaults: Mapping[str, str], chain: Iterable[str]
) -> dict[str, Text]:
    """Every text field as shown: the chain's pick, else the rule's own (default-language) text.

    ``defaults`` are the texts the rule carries besides its translations, in the default
    language; an A/B arm's texts per language are laid on the translations (:func:`overlay`).
    """
    translations, chain = tuple(translations), tuple(chain)
    fallback = None  # read from the settings once, when some field needs it
    shown: dict[str, Text] = {}
    for name in TEXT_FIELDS:
        text = pick(translations, name, chain)
        if text is None:
            fallback = fallback or default_language()
            text = Text(defaults.get(name, ""), fallback)
        shown[name] = text
    return shown


def without(translations: Iterable[OfferTexts], names: Iterable[str]) -> tuple[OfferTexts, ...]:
    """The translations minus ``names`` (a text an arm without languages sets for all)."""
    names = frozenset(names)
    return tuple(
        OfferTexts(t.language, tuple((k, v) for k, v in t.texts if k not in names))
        for t in translations
    )


def overlay(base: Iterable[OfferTexts], over: Iterable[OfferTexts]) -> tuple[OfferTexts, ...]:
    """``base`` with ``over``'s texts on top, language by language (an arm's on its offer's).

    In each language the arm's text wins and the offer's fills what the arm left empty, so the
    shopper's own language always comes before another: a Japanese shopper in an arm written only
    in English reads the offer's Japanese text, not the arm's English one.
    """
    merged: dict[str, dict[str, str]] = {}
    for texts in (*base, *over):
        merged.setdefault(texts.language, {}).update((k, v) for k, v in texts.texts if v)
    return tuple(
        OfferTexts(language, tuple(merged[language].items())) for language in sorted(merged)
    )


def served_languages() -> tuple[str, ...]:
    """The languages the shop serves: the offer admin's language tabs (``PARLER_LANGUAGES`` for
    this site), else the ``LANGUAGES`` the project set, else its one ``LANGUAGE_CODE``."""
    from parler import appsettings

    site = getattr(settings, "SITE_ID", None)
    codes = [entry["code"] for entry in appsettings.PARLER_LANGUAGES.get(site) or ()]
    if not codes and settings.is_overridden("LANGUAGES"):
        codes = [code for code, _name in settings.LANGUAGES]
    return tuple(dict.fromkeys(codes or [default_language()]))


def missing_languages(
    texts: Mapping[str, Mapping[str, str]], languages: Iterable[str]
) -> tuple[str, ...]:
    """The ``languages`` lacking a text the arm writes in some other language.

    ``texts`` are an arm's texts per language (``{"en": {"headline": ...}}``). An arm that writes
    nothing keeps the offer's texts in every language, so it lacks none; one that writes its
    headline in English only lacks every other language: there its shoppers read the offer's
    headline instead of the arm's, and the test compares less than the owner thinks.
    """
    written = {name for own in texts.values() for name, value in own.items() if value}
    return tuple(
        language
        for language in languages
        if any(not (texts.get(language) or {}).get(name) for name in written)
    )
