"""Pure rules of follow-up mail: the learned replenishment interval, quiet hours and the cap.

No Django here: the services in ``upsell_app.followup`` read the database and the clock and hand
plain values in, so each rule is tested on hand-made numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from itertools import pairwise
from statistics import median

SECONDS_PER_DAY = 86_400


def repurchase_gaps(orders: Iterable[datetime]) -> list[float]:
    """Days between one customer's consecutive orders of a product (two lines of one order, or
    the same order recorded twice, are one purchase: the caller passes one time per order)."""
    times = sorted(set(orders))
    return [
        (later - earlier).total_seconds() / SECONDS_PER_DAY for earlier, later in pairwise(times)
    ]


def learned_interval(
    orders_by_customer: Mapping[str, Iterable[datetime]], min_observations: int
) -> float | None:
    """The median of every customer's gaps between consecutive orders of one product, in days.

    ``None`` until at least ``min_observations`` gaps exist: a consumable's rhythm is not guessed
    from one or two repeat buyers. A customer who bought once contributes no gap.
    """
    gaps = [gap for orders in orders_by_customer.values() for gap in repurchase_gaps(orders)]
    if len(gaps) < max(1, min_observations):
        return None
    return float(median(gaps))


def in_quiet_hours(local: time, start: int, end: int) -> bool:
    """Whether a local wall-clock time falls in the quiet hours ``[start, end)`` (hours 0..23).

    The window may wrap midnight (21 -> 9 means 21:00 to 08:59); equal hours mean no quiet hours.
    """
    if start == end:
        return False
    hour = local.hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def over_cap(last_sent: datetime | None, now: datetime, min_days_between: int) -> bool:
    """Whether a shopper had a follow-up too recently for another one now."""
    if last_sent is None or min_days_between <= 0:
        return False
    return now - last_sent < timedelta(days=min_days_between)


def within_window(due: datetime, now: datetime, window_days: int) -> bool:
    """A moment is due from ``due`` for ``window_days``; after that it has passed unsent (a
    replenishment reminder a month late is no longer about running out)."""
    return due <= now < due + timedelta(days=max(1, window_days))
