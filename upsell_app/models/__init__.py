"""Models of the app, one module per concern."""

from .acceptance import OfferAcceptance, OfferDecline
from .adjustments import AdjustmentKind, CartAdjustment
from .analytics import (  # analytics (issue 4)
    Attribution,
    Dashboard,
    EventType,
    OfferEvent,
    OfferPause,
    OfferVariant,
    OrderExposure,
    OrderOutcome,
    Visit,
)
from .associations import *  # noqa: F403  associations (issue 3)
from .consent import SubscriptionConsent  # proof of consent to a subscription's terms
from .followup import (  # follow-up mail and the shopper's consent to it
    ConsentSource,
    FollowUp,
    FollowUpMail,
    FollowUpMoment,
    MailConsent,
    MailStatus,
    OptOutChannel,
    ReplenishmentInterval,
)
from .history import PurchaseLine  # noqa: F401  purchase history (issue 3)
from .offers import (
    DiscountType,
    IntervalUnit,
    Offer,
    OfferKind,
    Placement,
    TargetSource,
    Trigger,
)
from .thresholds import SpendThreshold  # the cart's spend-threshold nudge

__all__ = [
    "AdjustmentKind",
    "CartAdjustment",
    "Attribution",
    "ConsentSource",
    "Dashboard",
    "FollowUp",
    "FollowUpMail",
    "FollowUpMoment",
    "MailConsent",
    "MailStatus",
    "OptOutChannel",
    "ReplenishmentInterval",
    "EventType",
    "OfferEvent",
    "OfferPause",
    "OfferVariant",
    "OrderExposure",
    "OrderOutcome",
    "DiscountType",
    "IntervalUnit",
    "Offer",
    "OfferAcceptance",
    "OfferDecline",
    "OfferKind",
    "Placement",
    "SpendThreshold",
    "SubscriptionConsent",
    "TargetSource",
    "Trigger",
    "Visit",
]
