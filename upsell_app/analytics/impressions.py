"""The event a pop-up shown (or held back for an A/B control arm) records.

One builder for both ways it is recorded: the offers decision writes it with the shopper's
restraint memory in one round trip (:mod:`upsell_app.serving.decision_store`), and the
``offer_shown`` receiver records it when the decision could not (no Redis event buffer beside the
cache) or when a shop sends the signal itself.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from ..models import EventType
from .recording import Payload, event_payload, request_identity

logger = logging.getLogger("upsell_app.analytics")


def value_at_stake(decision: Any) -> Decimal | None:
    """What accepting would add to the cart: the set for a bundle, the price step for a tier."""
    choices = getattr(decision, "choices", None)
    if not choices:
        return None
    kind = decision.rule.kind.value
    if kind == "bundle":
        return sum((c.product.price for c in choices), Decimal("0"))
    first = choices[0]
    if kind in ("upsell", "downsell") and first.source_product is not None:
        return first.product.price - first.source_product.price
    return first.product.price


def shown_payload(
    request: Any,
    offer_id: int,
    *,
    variant_id: int | None = None,
    trigger: Any = "",
    is_control: bool = False,
    cart_subtotal: Decimal | None = None,
    decision: Any = None,
    impression_id: str | None = None,
    audience: str = "",
) -> Payload | None:
    """The impression (or control exposure) event; ``None`` if it cannot be built (logged)."""
    kind = EventType.CONTROL_EXPOSURE if is_control else EventType.IMPRESSION
    try:
        key, customer = request_identity(request) if request is not None else ("", None)
        return event_payload(
            kind,
            offer_id,
            variant_id=variant_id,
            trigger=getattr(trigger, "value", trigger) or "",
            shopper_key=key,
            customer_id=customer,
            cart_subtotal=cart_subtotal,
            value=None if is_control else value_at_stake(decision),
            uid=impression_id,
            audience=audience,
        )
    except Exception:  # noqa: BLE001 - a malformed event is logged, never raised
        logger.exception("upsell: could not build %s event for offer %s", kind, offer_id)
        return None
