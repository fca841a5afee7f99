"""What an accepted offer changed in the order's revenue, as opposed to the lines it touched.

A line that came from an offer is not all new money: an upgrade replaces a line the shopper was
buying anyway, a subscription switch sells a line already in the cart at a discount (but for
several deliveries), a downsell keeps a sale that would otherwise be removed. Each function here
prices one kind of change, in the shop's currency, with no I/O; the acceptance stores the result
and the order-time attribution reports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Change:
    """``incremental``: revenue the offer added (the dashboard's "earned"); ``kept``: revenue a
    downsell kept against the shopper removing the item, reported apart and never added to it."""

    incremental: Decimal = ZERO
    kept: Decimal = ZERO


def upsell_change(new_unit_price: Decimal, replaced_unit_price: Decimal, units: int) -> Change:
    """An upgrade adds the price difference for the agreed units, not the new line's total."""
    return Change(incremental=(new_unit_price - replaced_unit_price) * units)


def added_change(line_totals: Iterable[Decimal], set_discount: Decimal = ZERO) -> Change:
    """A cross-sell or bundle adds its new lines, less the set discount it granted."""
    return Change(incremental=sum(line_totals, ZERO) - set_discount)


def subscription_change(
    price_per_delivery: Decimal, quantity: int, minimum_deliveries: int, replaced_total: Decimal
) -> Change:
    """A switch trades the one-time line for the deliveries the shopper committed to: the
    discount is a cost, the commitment a gain. Without a minimum only one delivery is sure."""
    deliveries = max(minimum_deliveries, 1)
    return Change(incremental=price_per_delivery * quantity * deliveries - replaced_total)


def downsell_change(new_unit_price: Decimal, units: int) -> Change:
    """A cheaper replacement is not new revenue: it is what stays in the cart instead of nothing."""
    return Change(kept=new_unit_price * units)
