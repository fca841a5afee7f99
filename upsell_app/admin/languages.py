"""Texts in every language the shop serves, edited in one form.

The offer form carries each text once per language (``headline__en``, ``headline__ja``) and the
page shows one language at a time with tabs that switch in the browser: switching language never
reloads the page, so nothing typed is lost, and one save stores every language. The form opens on
the admin's own language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy

from .display import language_name


def shop_languages() -> list[str]:
    """The languages the shop serves, as parler lists them for this site (else ``LANGUAGES``)."""
    from parler import appsettings

    entries = appsettings.PARLER_LANGUAGES.get(getattr(settings, "SITE_ID", None)) or ()
    codes = [entry["code"] for entry in entries]
    if not codes:
        codes = [code for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys(codes)) or [settings.LANGUAGE_CODE]


def admin_language(languages: list[str] | None = None) -> str:
    """The shop language closest to the admin's own (``ja-jp`` -> ``ja``), else the first."""
    languages = languages or shop_languages()
    active = (get_language() or "").lower()
    for candidate in (active, active.split("-")[0]):
        if candidate in languages:
            return candidate
    return languages[0]


def text_field(name: str, code: str) -> str:
    return f"{name}__{code}"


class LanguageTextsForm(forms.ModelForm):
    """A model form for a parler model that edits ``text_names`` in every shop language at once.

    Set ``text_names`` (the translated fields to edit). Each becomes one form field per language,
    marked with its language (``lang``, ``data-upsell-language``) for the page's tabs. The texts
    go into the instance's translations before the model's own checks run, and are saved with it.
    """

    text_names: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = shop_languages()
        self.admin_language = admin_language(self.languages)
        saved = self._saved_texts()
        translated = self._meta.model._parler_meta.root_model
        for name in self.text_names:
            model_field = translated._meta.get_field(name)
            for code in self.languages:
                field = model_field.formfield(required=False)
                field.label = format_lazy(
                    gettext_lazy("{field} ({language})"),
                    field=model_field.verbose_name,
                    language=language_name(code),
                )
                field.widget.attrs.update({"lang": code, "data-upsell-language": code})
                field.initial = saved.get(code, {}).get(name, "")
                self.fields[text_field(name, code)] = field

    def _saved_texts(self) -> dict[str, dict[str, str]]:
        if self.instance.pk is None:
            return {}
        return {
            row.language_code: {name: getattr(row, name) or "" for name in self.text_names}
            for row in self.instance.translations.all()
        }

    def language_texts(self) -> dict[str, dict[str, str]]:
        """The texts as posted, per language (empty strings for what was left empty)."""
        data = getattr(self, "cleaned_data", {})
        return {
            code: {
                name: (data.get(text_field(name, code)) or "").strip() for name in self.text_names
            }
            for code in self.languages
        }

    def written_languages(self) -> list[str]:
        """Languages with at least one text, or a translation saved before (to be emptied)."""
        saved = set(self._saved_texts())
        texts = self.language_texts()
        return [code for code in self.languages if code in saved or any(texts[code].values())]

    def _post_clean(self) -> None:
        # The instance carries every language's texts before the model's checks run, so a check
        # that reads a text (in the admin's language) sees what was typed, not what was saved.
        texts = self.language_texts()
        for code in self.written_languages():
            self.instance.set_current_language(code)
            for name, value in texts[code].items():
                setattr(self.instance, name, value)
        self.instance.set_current_language(self.admin_language)
        super()._post_clean()

    def _update_errors(self, errors: Any) -> None:
        # The form checks texts language by language (``clean``); the model's one-language view
        # of them would only repeat those errors under a field the form does not have.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict is not None:
            for name in self.text_names:
                error_dict.pop(name, None)
            if not error_dict:
                return
        super()._update_errors(errors)

    def translation_rows(self) -> list[Any]:
        """The texts as unsaved translation rows, one per written language (for a preview)."""
        rows = []
        for code in self.written_languages():
            row = self.instance._get_translated_model(code, auto_create=True)
            rows.append(row)
        return rows
