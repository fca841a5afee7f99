"""The admin's offer form: field rules from the model, product rules from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _
from parler.forms import TranslatableModelForm

from ..adapters import get_catalog_adapter
from ..models import Offer, OfferKind, Trigger
from ..offers.validation import validate_offer_products
from ..shop.capabilities import format_methods, kind_blocker


def unresolved_safe_formfield(field: Any, **kwargs: Any) -> forms.Field | None:
    """A model field's form field, leaving out a relation to a model that is not installed.

    A wrong ``UPSELL_PRODUCT_MODEL`` leaves the product relations pointing at a name, not a
    model; building their form fields when the admin is imported would crash every command,
    ``manage.py check`` included, instead of letting the check say what to fix (E003/E004).
    """
    if field.is_relation and isinstance(field.remote_field.model, str):
        return None
    return field.formfield(**kwargs)


class OfferAdminForm(TranslatableModelForm):
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
        field = self.fields.get("preview_cart")
        if field is not None:
            try:
                field.queryset = get_catalog_adapter().get_queryset()
            except Exception:  # a wrong product model: the system checks say what to fix
                del self.fields["preview_cart"]

    class Meta:
        model = Offer
        formfield_callback = unresolved_safe_formfield
        # headline / value_message keep the model's help, which lists the placeholders. The texts
        # (headline to cancellation_deadline) are the language tab's; the rest is shared.
        fields = (
            "name",
            "kind",
            "is_active",
            "priority",
            "triggers",
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
            "headline",
            "value_message",
            "interval_count",
            "interval_unit",
            "minimum_deliveries",
            "shipping_fee",
            "first_delivery",
            "payment_method",
            "payment_timing",
            "contract_period",
            "cancellation",
            "cancellation_deadline",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned  # the "kind" field already reports its own error
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
