"""Pure offer selection: snapshots in, a decision out. No ORM, no request."""

from .engine import OfferIndex, select_offer
from .types import (
    CartLine,
    CartSnapshot,
    Choice,
    Context,
    Decision,
    Discount,
    DiscountType,
    Kind,
    Limits,
    OfferRule,
    ProductInfo,
    ShopperState,
    SubscriptionTerms,
    TargetSource,
    Trigger,
)

__all__ = [
    "CartLine",
    "CartSnapshot",
    "Choice",
    "Context",
    "Decision",
    "Discount",
    "DiscountType",
    "Kind",
    "Limits",
    "OfferIndex",
    "OfferRule",
    "ProductInfo",
    "ShopperState",
    "SubscriptionTerms",
    "TargetSource",
    "Trigger",
    "select_offer",
]
