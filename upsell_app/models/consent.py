"""Proof of what a shopper consented to when switching to a subscription (特定商取引法 12条の6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .acceptance import OfferAcceptance


class SubscriptionConsent(models.Model):
    """The terms exactly as the pop-up showed them, in the shopper's language, and when.

    Written in the same transaction as the acceptance it belongs to, never changed afterwards.
    """

    acceptance = models.OneToOneField(
        OfferAcceptance,
        on_delete=models.PROTECT,
        related_name="consent",
        verbose_name=_("accepted offer"),
    )
    language = models.CharField(_("language"), max_length=15)
    terms = models.JSONField(
        _("terms as shown"), help_text=_("Every term with its label and value, in display order.")
    )
    terms_digest = models.CharField(_("fingerprint of the terms"), max_length=64)
    # The numbers of the contract, as the pop-up showed them: what the shopper agreed to pay.
    quantity = models.PositiveIntegerField(_("quantity per delivery"), default=1)
    price_per_delivery = models.DecimalField(
        _("price per delivery"),
        max_digits=12,
        decimal_places=2,
        null=True,
        help_text=_("For the whole quantity, shipping not included."),
    )
    commitment_total = models.DecimalField(
        _("total over the minimum commitment"),
        max_digits=12,
        decimal_places=2,
        null=True,
        help_text=_("Shipping included; one delivery when there is no minimum."),
    )
    confirmed_by_widget = models.BooleanField(
        _("confirmed by the pop-up"),
        default=False,
        help_text=_("The accept request handed back the fingerprint of the terms it showed."),
    )
    consented_at = models.DateTimeField(_("consented at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription consent")
        verbose_name_plural = _("subscription consents")
        ordering = ("-consented_at",)

    def __str__(self) -> str:
        return f"{self.acceptance} ({self.language}, {self.consented_at:%Y-%m-%d %H:%M})"
