"""Offers as a test shop's store admin sets them up in the admin (``Offer`` rows)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: A monthly plan's terms, shown before the shopper consents (特定商取引法 12条の6); a shop
#: words some of them its own way.
SUBSCRIPTION_TERMS: dict[str, Any] = {
    "interval_count": 1,
    "interval_unit": "month",
    "first_delivery": "Ships with this purchase",
    "payment_timing": "Charged when each delivery ships",
    "minimum_deliveries": 0,
    "cancellation": "Cancel any time until 5 days before shipping.",
    "shipping_fee": Decimal("0"),
    "payment_method": "The card used for this purchase",
    "contract_period": "No fixed period: renews each month until cancelled",
    "cancellation_deadline": "Until 5 days before the next shipment",
}


def subscription_terms(**worded: Any) -> dict[str, Any]:
    """The plan's terms, with the ones a shop words its own way."""
    unknown = set(worded) - set(SUBSCRIPTION_TERMS)
    assert not unknown, f"not a subscription term: {sorted(unknown)}"
    return {**SUBSCRIPTION_TERMS, **worded}


@dataclass
class Offers:
    """The pk of the shop's one offer of each kind."""

    upsell: int
    cross_sell: int
    bundle: int
    subscription: int
    downsell: int


def make_offer(
    name: str, kind: str, triggers: list[str], sources: list, targets: list, **fields: Any
) -> int:
    """An active offer of ``kind`` from ``sources`` to ``targets``; its pk."""
    from upsell_app.models import Offer

    offer = Offer.objects.create(
        name=name,
        kind=kind,
        triggers=triggers,
        headline=fields.pop("headline", "For your {product}"),
        value_message=fields.pop("value_message", "{price}"),
        **fields,
    )
    offer.source_products.set(sources)
    offer.target_products.set(targets)
    return offer.pk
