"""Conditions of the two site offers that earlier versions used to carry the app's terms.

Agreed prices and set discounts now reach oscar's totals through the pricing strategy
(:mod:`.strategy`), and migration 0003 removed those offers. The classes stay so that oscar
rows naming them (a database restored from an older backup) still load in oscar's dashboard and
Django's admin; they are never satisfied, so such an offer gives nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Condition = get_model("offer", "Condition")


class AgreedPriceCondition(Condition):
    """Retired: agreed prices are the lines' own prices now."""

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Agreed offer price condition")
        verbose_name_plural = _("Agreed offer price conditions")

    @property
    def name(self) -> str:
        # A str, never a lazy translation: oscar's dashboard and Django's admin call str().
        return str(_("The basket holds a price accepted in an offer"))

    @property
    def description(self) -> str:
        return self.name

    def is_satisfied(self, offer: Any, basket: Any) -> bool:
        return False


class SetDiscountCondition(Condition):
    """Retired: set discounts come off the lines' own prices now."""

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Set discount condition")
        verbose_name_plural = _("Set discount conditions")

    @property
    def name(self) -> str:
        return str(_("The basket holds a complete set accepted in an offer"))

    @property
    def description(self) -> str:
        return self.name

    def is_satisfied(self, offer: Any, basket: Any) -> bool:
        return False
