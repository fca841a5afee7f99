"""The admin's offer form: one per kind (:mod:`.kinds`), texts in every language at once
(:mod:`.languages`), field rules from the model, product rules from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _

from ..adapters import get_catalog_adapter
from ..models import Offer, OfferKind, TargetSource, Trigger
from ..offers.validation import (
    SUBSCRIPTION_TERMS,
    unknown_placeholders,
    validate_offer_products,
)
from ..shop.capabilities import format_methods, kind_blocker
from .audiences import AudienceForm
from .kinds import MESSAGE_TEXTS, TERM_TEXTS
from .languages import LanguageTextsForm, text_field
from .placeholders import PlaceholderInput


def unresolved_safe_formfield(field: Any, **kwargs: Any) -> forms.Field | None:
    """A model field's form field, leaving out a relation to a model that is not installed.

    A wrong ``UPSELL_PRODUCT_MODEL`` leaves the product relations pointing at a name, not a
    model; building their form fields when the admin is imported would crash every command,
    ``manage.py check`` included, instead of letting the check say what to fix (E003/E004).
    """
    if field.is_relation and isinstance(field.remote_field.model, str):
        return None
    return field.formfield(**kwargs)


class OfferAdminForm(LanguageTextsForm, AudienceForm):
    """The form of one kind of offer (``offer_kind``, set by the admin per request).

    Only the kind's fields are on the form, so only they are read and validated; the kind itself
    travels as a hidden field and is changed from the kind chooser, not from a drop-down that
    would leave the wrong fields on the page.
    """

    offer_kind: str | None = None

    # The model stores triggers as a JSON list; admins tick the moments instead of typing JSON.
    # Not required here: ``validate_offer_fields`` says why an empty choice is wrong, once.
    triggers = forms.MultipleChoiceField(
        label=_("shown when"),
        choices=Trigger.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The shop moments that may show this offer."),
    )

    # Not saved: the cart "Preview as edited" shows the pop-up for (the queryset is set per form,
    # from the shop's catalogue adapter).
    preview_cart = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=FilteredSelectMultiple(_("products"), is_stacked=False),
        label=_("cart to preview with"),
        help_text=_(
            "Products in the cart for “Preview as edited” (not saved). Empty: a sample cart from "
            "the offer's own products. For a removal, the first product is the one removed."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.offer_kind is not None and "kind" in self.fields:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = self.initial["kind"] = self.offer_kind
            self.instance.kind = self.offer_kind
        for name in MESSAGE_TEXTS:
            for code in self.languages:
                field = self.fields[text_field(name, code)]
                field.widget = PlaceholderInput(attrs=field.widget.attrs)
                field.help_text = (
                    _("The pop-up's title.") if name == "headline"
                    else _("What the shopper gains, concretely.")
                )
        if "source_categories" in self.fields:
            self.fields["source_categories"].help_text = _(
                "Or start from whole categories: write them as your shop's catalogue writes them, "
                "separated by commas."
            )
        if "placement" in self.fields:
            # A form posted without it (a script written before placements) keeps a pop-up.
            self.fields["placement"].required = False
        field = self.fields.get("preview_cart")
        if field is not None:
            try:
                field.queryset = get_catalog_adapter().get_queryset()
            except Exception:  # a wrong product model: the system checks say what to fix
                del self.fields["preview_cart"]

    class Meta:
        model = Offer
        formfield_callback = unresolved_safe_formfield
        # The texts (headline ... cancellation_deadline) are added per language by
        # ``LanguageTextsForm``; the admin narrows these to the kind's own fields.
        widgets = {"placement": forms.RadioSelect}
        fields = (
            "name",
            "kind",
            "is_active",
            "priority",
            "triggers",
            "placement",
            "starts_at",
            "ends_at",
            "source_products",
            "source_categories",
            "min_subtotal",
            "max_subtotal",
            "target_source",
            "target_products",
            "discount_type",
            "discount_value",
            "interval_count",
            "interval_unit",
            "minimum_deliveries",
            "shipping_fee",
        )

    def clean_placement(self) -> str:
        return self.cleaned_data.get("placement") or self.instance.placement or "popup"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned  # the "kind" field already reports its own error
        if kind != self.offer_kind:
            # The fields on the page are another kind's: say so rather than save a mixture.
            self.add_error("kind", _("Choose the kind of offer again."))
            return cleaned
        self._clean_texts(kind)
        audience = self.clean_audience(cleaned)
        if audience is not None:
            self.instance.audience = audience.as_json()
        if "target_source" not in self.fields:
            # Only cross-sells and bundles learn targets; a kind changed from one forgets it.
            self.instance.target_source = TargetSource.MANUAL
        sources = list(cleaned.get("source_products") or ())
        targets = list(cleaned.get("target_products") or ())
        priced = _priced({p.pk for p in sources} | {p.pk for p in targets})
        errors = validate_offer_products(
            kind,
            cleaned.get("target_source") or "manual",
            _title_price(sources, priced),
            _title_price(targets, priced),
            has_categories=bool((cleaned.get("source_categories") or "").strip()),
            discount=(cleaned.get("discount_type") or "none", cleaned.get("discount_value")),
        )
        # A field with an error leaves cleaned_data, and the model's own rules would then see
        # its default instead: report discount errors after those rules ran (``_post_clean``).
        self._discount_errors = errors.pop("discount_value", [])
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        if cleaned.get("is_active"):
            refusal = cannot_apply_message(kind)
            if refusal:
                self.add_error("is_active", refusal)
        return cleaned

    def _clean_texts(self, kind: str) -> None:
        """Texts language by language: known placeholders, a headline, every subscription term.

        A text left empty in one language falls back to another language's, so a headline (and
        each subscription term) is needed in one language at least, not in all.
        """
        texts = self.language_texts()
        for code, own in texts.items():
            for name in MESSAGE_TEXTS:
                bad = unknown_placeholders(own.get(name, ""))
                if bad:
                    self.add_error(
                        text_field(name, code),
                        _("Unknown placeholder(s): %(bad)s. Use the buttons below the field.")
                        % {"bad": ", ".join(bad)},
                    )
        if not any(own.get("headline") for own in texts.values()):
            self.add_error(
                text_field("headline", self.admin_language),
                _("Write the headline in one language at least."),
            )
        if kind != OfferKind.SUBSCRIPTION:
            return
        for name in TERM_TEXTS:
            if not any(own.get(name) for own in texts.values()):
                self.add_error(
                    text_field(name, self.admin_language),
                    _("%(what)s Shoppers must see it before they consent to a subscription.")
                    % {"what": SUBSCRIPTION_TERMS[name]},
                )

    def _post_clean(self) -> None:
        super()._post_clean()
        for message in getattr(self, "_discount_errors", ()):
            self.add_error("discount_value", message)


def cannot_apply_message(kind: str) -> str:
    """Why an offer of ``kind`` may not go live with this shop's cart adapter ("" when it may)."""
    blocker = kind_blocker(kind)
    if blocker is None:
        return ""
    adapter, missing = blocker
    return _(
        "The shop's cart adapter %(adapter)s cannot apply %(kind)s offers: it does not "
        "implement %(methods)s. Save the offer inactive, and activate it once your developer "
        "has added them."
    ) % {"adapter": adapter, "kind": OfferKind(kind).label, "methods": format_methods(missing)}


def _priced(ids: set[int]) -> dict[int, tuple[str, Decimal]]:
    """Titles and prices as the shop reports them (its adapter may price otherwise than a field)."""
    if not ids:
        return {}
    products = get_catalog_adapter().get_products(ids)
    return {pk: (info.title, info.price) for pk, info in products.items()}


def _title_price(
    products: Iterable[Any], priced: dict[int, tuple[str, Decimal]]
) -> list[tuple[str, Decimal]]:
    # A product the catalogue adapter hides (inactive, say) has no price to compare: skip it.
    return [priced[p.pk] for p in products if p.pk in priced]
