"""What a cart still earns, read by its cart key.

The one reading behind :func:`upsell_app.adjustments.for_cart` (which first asks the shop's
adapter for the key) and :class:`~upsell_app.adapters.SimpleCartAdapter` (which knows its key):
kept below the adapters so that they read it without importing the package's public face, which
imports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from . import store
from .terms import EMPTY, CartAdjustments, build, current_lines, quantities, split

#: A grant younger than this that the lines do not show is skipped, not dropped: the shop may
#: have read its lines just before the acceptance that made the grant committed.
SETTLE = timedelta(seconds=10)


def for_key(cart_key: str | None, lines: Iterable[Any]) -> CartAdjustments:
    """What the app agreed that the cart ``cart_key`` still earns, given its current lines
    (validity is recomputed from them on every call; see :mod:`upsell_app.adjustments`)."""
    if not cart_key:
        return EMPTY
    now = timezone.now()
    grants = store.live(cart_key, now)
    if not grants:
        return EMPTY
    lines = list(lines)
    earned, lost = split(grants, current_lines(lines), settled_before=now - SETTLE)
    store.drop(lost, now)
    return build(earned, quantities(lines))
