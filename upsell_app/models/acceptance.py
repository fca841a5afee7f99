"""What shoppers did with offers: accepted changes (idempotent) and remembered declines."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .offers import Offer, OfferKind
from .product_keys import ProductKeyField


class AcceptanceStatus(models.TextChoices):
    APPLIED = "applied", _("Applied to the cart")
    REVOKED = "revoked", _("Revoked (line removed)")
    UNDONE = "undone", _("Undone by the shopper")


class OfferAcceptance(models.Model):
    """One accepted offer. The unique idempotency key turns a double click into one change."""

    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("offer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    shopper_key = models.CharField(_("session"), max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    product_id = ProductKeyField(
        _("product id"), help_text=_("The product the shopper picked.")
    )
    source_product_id = ProductKeyField(_("source product id"), null=True, blank=True)
    line_ids = models.JSONField(
        _("cart lines"),
        default=list,
        help_text=_("Cart lines the change created, changed or depends on."),
    )
    bundle_key = models.CharField(_("bundle key"), max_length=80, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    value = models.DecimalField(
        _("value added"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Cart value the offer added, at accept time."),
    )
    incremental = models.DecimalField(
        _("incremental revenue"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Revenue the change added: an upgrade's price difference, added lines net of a set "
            "discount, a subscription's committed deliveries less the line it replaced."
        ),
    )
    kept = models.DecimalField(
        _("kept revenue"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Revenue a downsell kept against the item being removed (not added revenue)."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AcceptanceStatus.choices,
        default=AcceptanceStatus.APPLIED,
    )
    # The answer names products by the shop's keys (a UUID too): Django's encoder writes them.
    response = models.JSONField(
        _("first answer"),
        encoder=DjangoJSONEncoder,
        default=dict,
        help_text=_("What the first request answered."),
    )
    cart_key = models.CharField(
        _("cart"),
        max_length=128,
        blank=True,
        help_text=_("The cart the app keeps the agreed terms for."),
    )
    order_id = models.CharField(
        _("order"), max_length=64, blank=True, help_text=_("The order that used the agreed terms.")
    )
    post_purchase = models.BooleanField(
        _("added to a placed order"),
        default=False,
        help_text=_("Accepted after purchase and added to the order just placed (its order)."),
    )
    order_mismatch = models.TextField(
        _("difference from the agreed terms"),
        blank=True,
        help_text=_("How the order differed from what was agreed (empty when it matched)."),
    )
    undo_plan = models.JSONField(
        _("undo plan"),
        default=dict,
        blank=True,
        help_text=_("How Undo reverses this change; empty: no Undo."),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    created_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("accepted offer")
        verbose_name_plural = _("accepted offers")
        constraints = [
            models.UniqueConstraint(
                fields=("shopper_key", "idempotency_key"), name="upsell_acceptance_idempotent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.product_id}"


class OfferDecline(models.Model):
    """A logged-in customer's "No thanks", remembered beyond the session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="declines", verbose_name=_("offer")
    )
    created_at = models.DateTimeField(_("declined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declined offer")
        verbose_name_plural = _("declined offers")
        constraints = [
            models.UniqueConstraint(fields=("user", "offer"), name="upsell_decline_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} declined {self.offer_id}"
