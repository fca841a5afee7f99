"""Whether a placed order may still take a line: the rule behind one click after purchase.

Pure: the order's facts come from the shop's order adapter, the clock and the window from the
caller. An order may change while its money can follow the change: nothing was charged yet, or
the method it was paid with allows an amended charge; and only shortly after it was placed, while
the shopper is still on the thank-you page and before the shop starts packing.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def may_amend(
    placed_at: datetime,
    *,
    paid: bool,
    amendable_payment: bool,
    now: datetime,
    window_minutes: int,
) -> bool:
    """Whether an order placed at ``placed_at`` may still take a line at ``now``."""
    if paid and not amendable_payment:
        return False
    return now - placed_at <= timedelta(minutes=window_minutes)
