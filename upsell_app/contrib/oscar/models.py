"""Proxy models of oscar's ``Condition``/``Benefit`` (no tables): the offers' custom classes."""

from .benefits import AgreedPriceBenefit, SetDiscountBenefit
from .conditions import AgreedPriceCondition, SetDiscountCondition

__all__ = [
    "AgreedPriceBenefit",
    "AgreedPriceCondition",
    "SetDiscountBenefit",
    "SetDiscountCondition",
]
