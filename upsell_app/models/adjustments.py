"""What the app agreed for a shop's cart: agreed line prices, plans and set discounts.

A shop whose cart holds only lines (a :class:`~upsell_app.adapters.SimpleCartAdapter`) cannot
store the price a shopper accepted; the app keeps it here, tied to the cart (``cart_key``) and to
the line (and its product) that earns it. Rows are written by an acceptance, read by
:func:`upsell_app.adjustments.for_cart`, consumed by an order, and pruned when the cart's life is
over (``manage.py upsell_prune_adjustments``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .acceptance import OfferAcceptance
from .product_keys import ProductKeyField


class AdjustmentKind(models.TextChoices):
    LINE = "line", _("Agreed line terms")
    SET_DISCOUNT = "set_discount", _("Set discount")


class CartAdjustment(models.Model):
    """One thing the app granted a cart: a line's agreed price (and plan), or a set discount."""

    cart_key = models.CharField(_("cart"), max_length=128, db_index=True)
    acceptance = models.ForeignKey(
        OfferAcceptance,
        on_delete=models.CASCADE,
        related_name="adjustments",
        verbose_name=_("accepted offer"),
    )
    offer_id = models.BigIntegerField(_("offer id"))
    kind = models.CharField(_("kind"), max_length=20, choices=AdjustmentKind.choices)
    label = models.CharField(_("label"), max_length=200)
    # Agreed line terms: the line, and the product it must still hold for them to count.
    line_id = models.CharField(_("cart line"), max_length=64, blank=True)
    product_id = ProductKeyField(_("product id"), null=True, blank=True)
    unit_price = models.DecimalField(
        _("agreed unit price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        help_text=_("Units agreed at this price; units the shopper adds later cost the shop's."),
    )
    plan = models.JSONField(
        _("subscription plan"),
        null=True,
        blank=True,
        help_text=_("Subscription plan: price per delivery and terms."),
    )
    # Set discount: valid only while every member line still holds its product.
    key = models.CharField(_("set key"), max_length=80, blank=True)
    amount = models.DecimalField(
        _("set discount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    members = models.JSONField(
        _("set lines"),
        default=list,
        blank=True,
        help_text=_("The set's lines as [line id, product id] pairs."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    dropped_at = models.DateTimeField(
        _("dropped at"), null=True, blank=True, help_text=_("When the cart lost what earned it.")
    )
    order_id = models.CharField(_("order"), max_length=64, blank=True, db_index=True)
    consumed_at = models.DateTimeField(_("used by the order at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cart adjustment")
        verbose_name_plural = _("cart adjustments")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.cart_key}: {self.label}"
