"""Models of the app, one module per concern."""

from .acceptance import OfferAcceptance, OfferDecline
from .offers import DiscountType, IntervalUnit, Offer, OfferKind, TargetSource, Trigger

__all__ = [
    "DiscountType",
    "IntervalUnit",
    "Offer",
    "OfferAcceptance",
    "OfferDecline",
    "OfferKind",
    "TargetSource",
    "Trigger",
]
