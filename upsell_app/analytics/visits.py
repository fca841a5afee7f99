"""Visitors of the shop-wide holdout's comparison: who came, on which day, in which group.

Revenue per visitor divides what shoppers spent by *every* shopper who came, buyers or not, so
both groups' visitors are counted the same way: the first offers request of a shopper's day, and
the order that completes (a shopper who buys is a visitor even if the widget never asked).
A visit costs one cache write per request while the holdout is on and one row per shopper per
day; losing one (cache or database away) only makes a count a little low in both groups, so it
never fails the shopper's request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from django.core.cache import caches
from django.utils import timezone

from ..conf import upsell_settings
from ..selection.holdout import is_held_out

logger = logging.getLogger("upsell_app.analytics")

#: Long enough to cover the rest of the day in any time zone; the database's key does the rest.
MEMORY_SECONDS = 26 * 3600


def holdout_share() -> float:
    return float(upsell_settings.HOLDOUT_SHARE or 0)


def note_visit(shopper_id: str, held_out: bool, day: date | None = None) -> None:
    """Count ``shopper_id`` as a visitor of ``day`` (today) once, in their group."""
    day = day or timezone.localdate()
    try:
        cache = caches[upsell_settings.CACHE_ALIAS]
        if not cache.add(f"upsell:visit:{day:%Y%m%d}:{shopper_id}", 1, MEMORY_SECONDS):
            return  # counted already today
    except Exception:  # noqa: BLE001 - without the memory the database's unique key still holds
        logger.warning("upsell: the visit memory is unavailable; counting the visit directly")
    try:
        write_visits([(shopper_id, day, held_out)])
    except Exception:  # noqa: BLE001 - a visit is a statistic, never worth a failed request
        logger.warning("upsell: a holdout visit could not be recorded", exc_info=True)


def write_visits(rows: Iterable[tuple[str, date, bool]], is_simulated: bool = False) -> int:
    """Insert visits, ignoring those already recorded (one per shopper per day)."""
    from ..models import Visit

    visits = [
        Visit(visitor_id=v, day=d, held_out=h, is_simulated=is_simulated) for v, d, h in rows
    ]
    return len(Visit.objects.bulk_create(visits, ignore_conflicts=True))


def order_group(user_id: int | None, shopper_key: str) -> tuple[str, bool | None]:
    """The ordering shopper's stable id and holdout group (None while the holdout is off)."""
    from ..selection.holdout import visitor_id

    shopper = visitor_id(user_id, shopper_key)
    share = holdout_share()
    return shopper, (is_held_out(shopper, share) if share > 0 else None)
