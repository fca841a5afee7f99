"""Conditions of the two site offers that carry the app's terms into oscar's totals.

Each is met only by a basket for which the app agreed something of its kind, so every other
basket is left to the shop's own offers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from .terms import basket_terms

Condition = get_model("offer", "Condition")


class AgreedPriceCondition(Condition):
    """A line of the basket holds a price the shopper accepted in a pop-up."""

    name = _("The basket holds a price accepted in an offer")
    description = name

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Agreed offer price condition")
        verbose_name_plural = _("Agreed offer price conditions")

    def is_satisfied(self, offer: Any, basket: Any) -> bool:
        terms = basket_terms(basket)
        return bool(terms is not None and terms.lines)


class SetDiscountCondition(Condition):
    """Every line of a set the shopper accepted in a pop-up is still in the basket."""

    name = _("The basket holds a complete set accepted in an offer")
    description = name

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Set discount condition")
        verbose_name_plural = _("Set discount conditions")

    def is_satisfied(self, offer: Any, basket: Any) -> bool:
        terms = basket_terms(basket)
        return bool(terms is not None and terms.discounts)
