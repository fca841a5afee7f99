"""Benefits of the two site offers that earlier versions used to carry the app's terms.

Retired like :mod:`.conditions`: agreed prices and set discounts are the lines' own prices now
(:mod:`.strategy`), so these give nothing (the price already holds them).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

Benefit = get_model("offer", "Benefit")
ZERO_DISCOUNT = get_class("offer.results", "ZERO_DISCOUNT")


class AgreedPriceBenefit(Benefit):
    """Retired: agreed prices are the lines' own prices now."""

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Agreed offer price benefit")
        verbose_name_plural = _("Agreed offer price benefits")

    @property
    def name(self) -> str:
        # A str, never a lazy translation: oscar's dashboard and Django's admin call str().
        return str(_("Prices accepted in offers"))

    @property
    def description(self) -> str:
        return self.name

    def apply(self, basket: Any, condition: Any, offer: Any, **kwargs: Any) -> Any:
        return ZERO_DISCOUNT


class SetDiscountBenefit(Benefit):
    """Retired: set discounts come off the lines' own prices now."""

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Set discount benefit")
        verbose_name_plural = _("Set discount benefits")

    @property
    def name(self) -> str:
        return str(_("Set discounts accepted in offers"))

    @property
    def description(self) -> str:
        return self.name

    def apply(self, basket: Any, condition: Any, offer: Any, **kwargs: Any) -> Any:
        return ZERO_DISCOUNT
