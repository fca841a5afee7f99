"""The offer admin's word on A/B arms: which live arm lacks a language the shop serves.

An arm that writes its headline in English only shows Japanese shoppers the offer's own Japanese
headline (never its English one while the offer speaks Japanese), so the test compares less than
the owner thinks. The offer's page warns, and the offer list marks such offers, until every live
arm speaks every language of the shop.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Offer, OfferVariant
from ..offers.texts import missing_languages, served_languages
from .display import language_name

#: Where the offer list keeps each offer's live arms (prefetched with their texts).
LIVE_ARMS = "live_arm_list"


def live_arms_queryset() -> QuerySet:
    """Arms shoppers are assigned to and read: active, taking traffic, not the holdout."""
    live = OfferVariant.objects.filter(is_active=True, weight__gt=0, is_control=False)
    return live.prefetch_related(Prefetch("translations", to_attr="translation_list"))


def arms_lacking_languages(offer: Offer) -> list[tuple[OfferVariant, tuple[str, ...]]]:
    """Each live arm of ``offer`` with the served languages it lacks (none lacking: left out)."""
    arms = getattr(offer, LIVE_ARMS, None)
    if arms is None:
        arms = live_arms_queryset().filter(offer=offer)
    languages = served_languages()
    lacking = [(arm, missing_languages(arm.texts_by_language(), languages)) for arm in arms]
    return [(arm, missing) for arm, missing in lacking if missing]


def _names(codes: tuple[str, ...]) -> str:
    return gettext(", ").join(language_name(code) for code in codes)


def arm_warning(arm: OfferVariant, missing: tuple[str, ...]) -> str:
    """The warning for one arm, in the admin's language."""
    return gettext(
        "A/B arm “%(arm)s” has no texts in %(languages)s: shoppers in that language who get this "
        "arm read the offer's own texts instead, so the test does not compare what the arm says. "
        "Write the arm's texts on that language's tab."
    ) % {"arm": arm.name, "languages": _names(missing)}


class ArmLanguagesMixin:
    """For the offer's admin: a warning on the offer's page and a badge in the offer list."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset.prefetch_related(
            Prefetch("variants", queryset=live_arms_queryset(), to_attr=LIVE_ARMS)
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "GET":
            offer = self.get_object(request, object_id)  # type: ignore[attr-defined]
            for arm, missing in arms_lacking_languages(offer) if offer is not None else ():
                messages.warning(request, arm_warning(arm, missing))
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    @admin.display(description=_("A/B arm languages"))
    def arm_languages(self, offer: Offer) -> str:
        lacking = arms_lacking_languages(offer)
        if not lacking:
            return ""
        missing = tuple(dict.fromkeys(code for _arm, codes in lacking for code in codes))
        return "⚠ " + gettext("A/B arm texts missing: %(languages)s") % {
            "languages": _names(missing)
        }
