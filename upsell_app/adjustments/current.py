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


#: The orders this request priced through ``for_order``, kept on the request itself: the check
#: after ``order_completed`` runs in the request that placed the order.
_PRICED_ORDERS = "_upsell_orders_priced"


def note_priced(request: Any, order_id: str) -> None:
    """``for_order`` priced ``order_id`` in this request (even if no terms applied to it)."""
    if request is None:
        return
    priced = getattr(request, _PRICED_ORDERS, None)
    if priced is None:
        priced = set()
        try:
            setattr(request, _PRICED_ORDERS, priced)
        except AttributeError:  # a request object that takes no attributes: nothing to note
            return
    priced.add(str(order_id))


def was_priced(request: Any, order_id: str) -> bool:
    return str(order_id) in (getattr(request, _PRICED_ORDERS, None) or ())
