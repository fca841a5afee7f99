"""A/B arms in the offer's admin: their form, and which live arm lacks a language the shop serves.

An arm's headline and value message are edited in every shop language at once, like the offer's
own texts (:mod:`.languages`): the page's language tabs show one language at a time and switching
never reloads the page, so nothing typed is lost. A control group shows no offer, so its form
hides the pop-up's fields and its model refuses texts in any language.

An arm that writes its headline in English only shows Japanese shoppers the offer's own Japanese
headline (never its English one while the offer speaks Japanese), so the test compares less than
the owner thinks. The offer's page warns, and the offer list marks such offers, until every live
arm speaks every language of the shop.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Offer, OfferVariant, Trigger
from ..models.analytics import VARIANT_TEXT_FIELDS
from ..offers.texts import missing_languages, served_languages
from .display import language_name
from .forms import unresolved_safe_formfield
from .languages import LanguageTextsForm, admin_language, shop_languages, text_field

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


# -- the arms' form: texts in every language at once ---------------------------------------------
#: What a control group does not show (its texts, per language, are added to these).
POPUP_FIELDS = ("discount_type", "discount_value", "target_products", "triggers")


def arm_fields(languages: list[str]) -> tuple[Any, ...]:
    """An arm's form, row by row: each text once per language, each on its own row (for tabs)."""
    return (
        ("name", "weight", "is_control", "is_active"),
        *(text_field(name, code) for name in VARIANT_TEXT_FIELDS for code in languages),
        ("discount_type", "discount_value"),
        "target_products",
        "triggers",
    )


def _model_fields(fields: Any) -> Any:
    # The texts per language are the form's own fields: the model form factory must not see them.
    if fields is None:
        return None
    per_language = {text_field(n, c) for n in VARIANT_TEXT_FIELDS for c in shop_languages()}
    return [name for name in fields if name not in per_language]


class OfferVariantForm(LanguageTextsForm):
    """Timing as checkboxes rather than raw JSON; the texts in every shop language at once."""

    text_names = VARIANT_TEXT_FIELDS

    triggers = forms.MultipleChoiceField(
        label=_("shown when"),
        choices=Trigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Timing override: a subset of the offer's moments. None keeps the offer's."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page hides what a control group would show, and shows it again when un-ticked.
        texts = {text_field(n, c) for n in self.text_names for c in self.languages}
        for name in (texts | set(POPUP_FIELDS)) & set(self.fields):
            widget = self.fields[name].widget
            widget.attrs["data-upsell-arm-popup"] = "true"
            inner = getattr(widget, "widget", None)  # the admin wraps a relation's widget
            if inner is not None:
                inner.attrs["data-upsell-arm-popup"] = "true"

    class Meta:
        model = OfferVariant
        formfield_callback = unresolved_safe_formfield
        fields = (
            "offer", "name", "weight", "is_control", "is_active",
            "discount_type", "discount_value", "target_products", "triggers",
        )


class OfferVariantInline(admin.StackedInline):
    """The offer's A/B arms on the offer's page, their texts under the page's language tabs."""

    model = OfferVariant
    form = OfferVariantForm
    extra = 0
    filter_horizontal = ("target_products",)
    verbose_name = _("A/B variant")
    verbose_name_plural = _("A/B variants (a control group sees no offer)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("translations")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return arm_fields(shop_languages())

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        fields = kwargs.pop("fields", flatten_fieldsets(self.get_fieldsets(request, obj)))
        return super().get_formset(request, obj, fields=_model_fields(fields), **kwargs)


@admin.register(OfferVariant)
class OfferVariantAdmin(admin.ModelAdmin):
    """One arm on a page of its own: the same form, with the same language tabs."""

    form = OfferVariantForm
    change_form_template = "admin/upsell_app/offervariant/change_form.html"
    list_display = ("name", "offer", "weight", "is_control", "is_active")
    list_filter = ("is_control", "is_active")
    list_select_related = ("offer",)
    search_fields = ("name", "offer__name")
    filter_horizontal = ("target_products",)

    class Media:
        js = ("upsell_app/admin/offer_form.js",)
        css = {"all": ("upsell_app/admin/offer_form.css",)}

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("offer", *arm_fields(shop_languages()))

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        fields = kwargs.pop("fields", flatten_fieldsets(self.get_fieldsets(request, obj)))
        return super().get_form(request, obj, fields=_model_fields(fields), **kwargs)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        languages = shop_languages()
        context.update(
            {
                "text_languages": [(code, language_name(code)) for code in languages],
                "text_language": admin_language(languages),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)
