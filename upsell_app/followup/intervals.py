"""How long a consumable lasts: learned from the shop's own repeat purchases, or set by the admin.

The learned interval is the median number of days between a customer's consecutive orders of
the product (``selection.followup.learned_interval``), over every customer who bought it more
than once; the admin's :class:`ReplenishmentInterval` wins when there is one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from ..conf import upsell_settings
from ..models.followup import ReplenishmentInterval
from ..models.history import PurchaseLine
from ..selection.followup import learned_interval


def purchase_times(product_id: object) -> dict[str, list[datetime]]:
    """Each known customer's order times of one product (anonymous orders say nothing of a
    customer's rhythm)."""
    rows = (
        PurchaseLine.objects.filter(product_id=product_id)
        .exclude(customer_key="")
        .values_list("customer_key", "ordered_at")
    )
    by_customer: dict[str, list[datetime]] = defaultdict(list)
    for customer, ordered_at in rows:
        by_customer[customer].append(ordered_at)
    return by_customer


def learned_days(product_id: object) -> float | None:
    return learned_interval(
        purchase_times(product_id), int(upsell_settings.REPLENISHMENT_MIN_OBSERVATIONS)
    )


def interval_days(product_id: object) -> float | None:
    """The admin's interval for the product, else the learned one; ``None``: not known yet."""
    override = (
        ReplenishmentInterval.objects.filter(product_id=product_id)
        .values_list("days", flat=True)
        .first()
    )
    return float(override) if override is not None else learned_days(product_id)


def intervals(product_ids: Iterable[object]) -> dict[object, float]:
    """Known intervals of several products (unknown ones left out)."""
    known = {}
    for product_id in product_ids:
        days = interval_days(product_id)
        if days is not None:
            known[product_id] = days
    return known
