"""The API's request and response shapes.

Request serializers validate input. Response serializers document the contract for the OpenAPI
schema; the hot ``GET offers`` view returns the plain dict
:mod:`upsell_app.serving.presentation` builds (the same shape) instead of running them on every
page view.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models.product_keys import key_kind, key_to_json, product_pk_field, to_key
from ..selection.types import Kind, Trigger
from .errors import MAX_ID

TRIGGER_CHOICES = [t.value for t in Trigger]
KIND_CHOICES = [k.value for k in Kind]

PRICE_REFUSAL = _("Prices are computed by the shop; do not send them.")


class ProductKeyField(serializers.Field):
    """A product key of the shop's key type (integer, string code or UUID).

    An integer-keyed shop validates exactly as before (a whole number from 1); other shops take
    their key's text and get it back as the product model's key value
    (:func:`upsell_app.models.product_keys.to_key`). The OpenAPI schema says which
    (``schema.ProductKeySchema``).
    """

    default_error_messages = {"invalid": _("Not a product of this shop: “%(value)s”.")}

    def _integer_field(self) -> serializers.IntegerField | None:
        if key_kind(product_pk_field()) not in (None, "integer"):
            return None
        field = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        field.bind(self.field_name, self.parent)
        return field

    def to_internal_value(self, data: Any) -> Any:
        integer = self._integer_field()
        if integer is not None:
            return integer.to_internal_value(data)
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid", value=data)
        try:
            return to_key(data)
        except DjangoValidationError:
            self.fail("invalid", value=data)

    def to_representation(self, value: Any) -> Any:
        return key_to_json(value)


# -- requests ------------------------------------------------------------------------------------
class OfferQuerySerializer(serializers.Serializer):
    """Documents the query; the hot view validates it by hand (see ``views.parse_offer_query``)."""

    trigger = serializers.ChoiceField(
        choices=TRIGGER_CHOICES, help_text=_("The shop moment asking for an offer.")
    )
    product_id = ProductKeyField(
        required=False,
        help_text=_("The product the moment is about (the one just added or removed)."),
    )


class PickSerializer(serializers.Serializer):
    """One ticked choice of a cross-sell with several choices."""

    product_id = ProductKeyField(help_text=_("The ticked product."))
    quote = serializers.CharField(
        max_length=2000, help_text=_("That choice's signed quote, exactly as the offer gave it.")
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {"detail": PRICE_REFUSAL, "unknown_fields": unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


class AcceptRequestSerializer(serializers.Serializer):
    """What the shopper picked. Only references: every price is computed on the server."""

    refuses_unknown_fields = True

    product_id = ProductKeyField(
        required=False,
        allow_null=True,
        help_text=_("The chosen product; omit or null for a bundle."),
    )
    line_id = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=64,
        help_text=_(
            "The cart line the choice acts on (upsell, downsell in the cart, subscription)."
        ),
    )
    quote = serializers.CharField(
        required=False,
        max_length=2000,
        help_text=_("The choice's signed quote, exactly as the offer gave it."),
    )
    terms_digest = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_(
            "Subscription: the terms_digest of the terms the shopper read (required: without "
            "it the answer is 400 terms_digest_required). When they changed since, the answer "
            "is 409 terms_changed with the new terms."
        ),
    )
    picks = PickSerializer(
        many=True,
        required=False,
        min_length=1,
        max_length=50,
        help_text=_(
            "Cross-sell with several choices: every ticked choice (product and quote), added "
            "together in one change. Send either this or product_id + quote."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("picks") and not attrs.get("quote"):
            raise serializers.ValidationError(
                {"quote": _("This field is required.")}, code="required"
            )
        if attrs.get("picks") and attrs.get("quote"):
            raise serializers.ValidationError(
                {"picks": _("Send either the chosen product's quote or picks, not both.")},
                code="invalid",
            )
        return attrs

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {"detail": PRICE_REFUSAL, "unknown_fields": unknown}, code="unknown_field"
                )
        values = super().to_internal_value(data)
        values["line_id"] = values.get("line_id") or None
        return values


# -- responses -----------------------------------------------------------------------------------
class ChoiceSerializer(serializers.Serializer):
    product_id = ProductKeyField()
    line_id = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    image_url = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    price = serializers.CharField(help_text=_('Money as a decimal string, e.g. "1500".'))
    price_display = serializers.CharField(help_text=_('Formatted, e.g. "¥1,500".'))
    original_price = serializers.CharField()
    original_price_display = serializers.CharField()
    difference = serializers.CharField()
    difference_display = serializers.CharField(help_text=_('"+¥500" or "-¥300".'))
    saving = serializers.CharField()
    saving_display = serializers.CharField(allow_blank=True, help_text=_('"" when none.'))
    source_title = serializers.CharField(allow_null=True)
    message = serializers.CharField(
        allow_blank=True, help_text=_("This choice's own value line (the value message for it).")
    )
    quote = serializers.CharField(help_text=_("Signed token to send back with the accept request."))


class BundleSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField())
    package_price_display = serializers.CharField()
    list_price_display = serializers.CharField()
    saving_display = serializers.CharField(allow_blank=True)


class TermSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_('Which term, e.g. "shipping_fee", "total".'))
    label = serializers.CharField()
    value = serializers.CharField()
    lang = serializers.CharField(help_text=_("The language the value is written in."))


class TextLanguagesSerializer(serializers.Serializer):
    headline = serializers.CharField()
    message = serializers.CharField()


class SubscriptionSerializer(serializers.Serializer):
    terms = TermSerializer(many=True)
    terms_digest = serializers.CharField(
        help_text=_("Fingerprint of the terms as shown; send it back with the accept request.")
    )
    consent_label = serializers.CharField()


class SelectionTotalSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("How many choices this combination ticks."))
    picked = serializers.CharField(help_text=_("The ticked choices' price together."))
    picked_display = serializers.CharField()
    cart_total_display = serializers.CharField(
        allow_blank=True, help_text=_("The cart's total with them added.")
    )


class SelectionSerializer(serializers.Serializer):
    picked_label = serializers.CharField()
    cart_total_label = serializers.CharField()
    cart_total_display = serializers.CharField(allow_blank=True)
    none_label = serializers.CharField()
    totals = SelectionTotalSerializer(
        many=True,
        help_text=_(
            "One entry per combination of ticks: entry n ticks choice i when bit i of n is set."
        ),
    )


class OrderNoticeSerializer(serializers.Serializer):
    joins = serializers.BooleanField(
        help_text=_("Accepting adds the item to the order just placed (else: a new order).")
    )
    number = serializers.CharField(allow_null=True, help_text=_("The order it joins."))
    text = serializers.CharField(help_text=_("What the pop-up says about the order."))


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    trigger = serializers.ChoiceField(choices=TRIGGER_CHOICES)
    headline = serializers.CharField()
    message = serializers.CharField(allow_blank=True)
    languages = TextLanguagesSerializer(
        help_text=_(
            "The language the headline and message are in: the shopper's, or the fallback "
            "the offer had no translation for."
        )
    )
    reason = serializers.CharField(allow_null=True)
    accept_label = serializers.CharField()
    decline_label = serializers.CharField()
    choices = ChoiceSerializer(many=True)
    bundle = BundleSerializer(allow_null=True)
    subscription = SubscriptionSerializer(allow_null=True)
    multiple = serializers.BooleanField(
        help_text=_("A cross-sell with several choices: tick any of them (none ticked first).")
    )
    selection = SelectionSerializer(
        allow_null=True, help_text=_("Live totals of a multi-pick pop-up; null otherwise.")
    )
    order = OrderNoticeSerializer(
        allow_null=True,
        help_text=_(
            "The thank-you moment: whether accepting joins the order just placed or starts a "
            "new order; null at the other moments."
        ),
    )


class OfferResponseSerializer(serializers.Serializer):
    offer = OfferSerializer(allow_null=True, help_text=_("null when no offer fits this moment."))


class CartLineSerializer(serializers.Serializer):
    line_id = serializers.CharField()
    product_id = ProductKeyField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.CharField()
    line_total = serializers.CharField()
    is_subscription = serializers.BooleanField()


class DiscountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.CharField()


class CartSerializer(serializers.Serializer):
    lines = CartLineSerializer(many=True)
    discounts = DiscountSerializer(many=True)
    subtotal = serializers.CharField()
    total = serializers.CharField()
    subtotal_display = serializers.CharField()
    total_display = serializers.CharField()


class UndoLinkSerializer(serializers.Serializer):
    url = serializers.CharField(help_text=_("POST here (with the CSRF header) to undo."))
    label = serializers.CharField()
    expires_at = serializers.DateTimeField()
    seconds = serializers.IntegerField(help_text=_("The undo window (UNDO_WINDOW_SECONDS)."))


class ConfirmationSerializer(serializers.Serializer):
    message = serializers.CharField(help_text=_("What changed, to show and announce."))
    total_label = serializers.CharField()
    total_display = serializers.CharField()
    undo = UndoLinkSerializer(allow_null=True, help_text=_("null when this change has no Undo."))


class PlacedOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    line_id = serializers.CharField(help_text=_("The order line the offer added."))
    total = serializers.CharField()
    total_display = serializers.CharField()


class AcceptResponseSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    offer_id = serializers.IntegerField()
    cart = CartSerializer()
    confirmation = ConfirmationSerializer()
    order = PlacedOrderSerializer(
        required=False,
        help_text=_("Present when the thank-you offer joined the order just placed."),
    )


class UndoResponseSerializer(serializers.Serializer):
    undone = serializers.BooleanField()
    offer_id = serializers.IntegerField()
    cart = CartSerializer()
    confirmation = ConfirmationSerializer()


class DeclineResponseSerializer(serializers.Serializer):
    declined = serializers.BooleanField()


class DismissResponseSerializer(serializers.Serializer):
    dismissed = serializers.BooleanField()


class ErrorSerializer(serializers.Serializer):
    """Every refusal of the API, whatever its status."""

    detail = serializers.CharField(help_text=_("A message that can be shown to the shopper."))
    code = serializers.CharField(help_text=_("Stable machine-readable reason."))

    def get_fields(self) -> dict[str, serializers.Field]:
        # "errors" and "fields" are names a Serializer uses itself: added here, not declared.
        fields = super().get_fields()
        fields["errors"] = serializers.DictField(
            required=False,
            help_text=_('With code "invalid": what is wrong, field by field.'),
        )
        fields["fields"] = serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text=_('With code "unknown_field": the fields the API does not take.'),
        )
        return fields
