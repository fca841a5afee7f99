"""Spend thresholds a shop names (free shipping at ¥5,000, a gift at ¥10,000) for the cart nudge."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from ..selection import types as sel
from ..selection.nudge import Threshold
from .offers import Offer


class SpendThreshold(TranslatableModel):
    """An amount that earns the shopper something, and how close the cart must be to hear of it.

    Each threshold carries an offer of its own (created with it, never shown as a pop-up): the
    items the nudge suggests are quoted, accepted and measured under that offer like any other,
    so the dashboard shows the nudge's impressions, accepts and revenue.
    """

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_(
            'The shop\'s name for what it earns, e.g. "free_shipping": the cart adapter reports '
            "it when the shop already grants it."
        ),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The cart reaches the threshold at this amount, as the shop counts it."),
    )
    show_within = models.DecimalField(
        _("show when short by at most"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The cart page nudges only when the cart is this close to the amount."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    offer = models.OneToOneField(
        Offer,
        verbose_name=_("measured as offer"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="spend_threshold",
    )
    translations = TranslatedFields(
        benefit=models.CharField(
            _("benefit"),
            max_length=80,
            help_text=_(
                'What the shopper earns, as it ends the sentence "Add ¥800 more for …": '
                '"free shipping", or "送料無料" in Japanese.'
            ),
        ),
        meta={"verbose_name": _("threshold texts")},
    )

    class Meta:
        verbose_name = _("spend threshold")
        verbose_name_plural = _("spend thresholds")
        ordering = ("amount", "id")

    def __str__(self) -> str:
        return f"{self.code} ({self.amount})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Its offer is what accepts and impressions are recorded against: never without one.
        with transaction.atomic():
            name = self._offer_name()
            if self.offer_id is None:
                self.offer = Offer.objects.create(
                    name=name,
                    kind=sel.Kind.CROSS_SELL.value,
                    target_source=sel.TargetSource.LEARNED.value,
                    triggers=[],
                    priority=0,
                )
            elif self.offer.name != name:
                Offer.objects.filter(pk=self.offer_id).update(name=name)
            super().save(*args, **kwargs)
            self._name_offer_in_every_language()

    def _name_offer_in_every_language(self) -> None:
        """The offer's headline is the benefit, in each language the threshold has it: the
        offers' admin and the dashboard name it in words the owner wrote."""
        offer = Offer.objects.get(pk=self.offer_id)
        for row in self.translations.all():
            offer.set_current_language(row.language_code)
            offer.headline = row.benefit
        offer.save()

    def as_threshold(self) -> Threshold:
        return Threshold(
            id=self.pk, code=self.code, amount=self.amount, show_within=self.show_within
        )

    def _offer_name(self) -> str:
        """The offer's internal name: the benefit in the shop's default language, and the code
        (what the offers' admin and the dashboard list it as)."""
        from django.conf import settings

        benefit = self.safe_translation_getter(
            "benefit", default="", language_code=settings.LANGUAGE_CODE, any_language=True
        )
        return (f"{benefit} ({self.code})" if benefit else self.code)[:120]
