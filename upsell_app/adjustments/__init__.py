"""What the app keeps for a shop's cart: agreed prices, subscription plans and set discounts.

A shop whose cart holds only lines (a :class:`~upsell_app.adapters.SimpleCartAdapter`) asks here,
in one call, what the app agreed for its cart whenever it totals the cart (:func:`for_cart`) and
when it places the order (:func:`for_order`)::

    from upsell_app import adjustments

    agreed = adjustments.for_cart(request, lines)
    price = agreed.unit_price(line.line_id, default=product.price)
    total = subtotal - agreed.discount_total

**The invariant.** Whatever the app granted holds only while the cart still contains everything
that earns it: agreed line terms only while their line is in the cart holding the same product, a
set discount only while every line of its set (the source line included) is there with its
product. It is recomputed from the lines the shop passes *on every call*, never inferred from
which signals arrived, so it holds however a line left: removed with or without a signal, its
quantity set to 0, merged away at login, swapped to another product, edited in the admin. What is
found lost is dropped for good, and the acceptance that made it is no longer "applied" (it stops
counting towards attributed revenue).

Terms follow the cart (``cart_key``), are used once by an order, and expire with the cart
(``UPSELL["ADJUSTMENTS_MAX_AGE_SECONDS"]``, default the session's age); after ``order_completed``
the app compares the order with what it agreed and reports differences (see :mod:`.orders`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..selection.tax import RatePart
from . import store
from .current import SETTLE, for_key, note_priced
from .keys import session_cart_key
from .terms import CartAdjustments, LineTerms, SetDiscount, build, current_lines, quantities, split

__all__ = [
    "CartAdjustments",
    "LineTerms",
    "RatePart",
    "SetDiscount",
    "cart_key_for",
    "for_cart",
    "for_order",
]


def cart_key_for(request: Any) -> str | None:
    """The configured adapter's cart key for this request, without creating one."""
    from ..adapters import SimpleCartAdapter, get_cart_adapter

    adapter = get_cart_adapter(request)
    if isinstance(adapter, SimpleCartAdapter):
        return adapter.existing_cart_key()
    own = getattr(adapter, "cart_key", None)
    return own() if callable(own) else session_cart_key(request, create=False)


def for_cart(request: Any, lines: Iterable[Any], *, cart_key: str | None = None) -> CartAdjustments:
    """What the app agreed that the cart still earns. Call it whenever the shop totals the cart.

    ``lines``: the cart's current lines, objects with ``line_id`` (str) and ``product_id`` (int)
    (:class:`upsell_app.selection.types.CartLine` fits). Validity is recomputed from these lines
    on every call (see the module's invariant). When the catalogue states tax (docs/tax.md), the
    answer also knows each line's rate, splits each set discount by rate, and gives
    ``line_tax`` / ``tax_by_rate`` / ``total_with_tax`` for lines with ``quantity`` and
    ``unit_price``.
    """
    from ..adapters import with_tax

    lines = list(lines)
    key = cart_key if cart_key is not None else cart_key_for(request)
    return with_tax(for_key(key, lines), lines)


def for_order(
    request: Any, lines: Iterable[Any], *, order_id: str, cart_key: str | None = None
) -> CartAdjustments:
    """Call when placing the order, inside its transaction: what :func:`for_cart` would answer,
    and those terms are used by ``order_id`` so that they cannot be used twice. Calling it again
    for the same order answers the same terms."""
    key = cart_key if cart_key is not None else cart_key_for(request)
    order_id = str(order_id)
    lines = list(lines)
    now = timezone.now()
    with transaction.atomic():
        grants = store.for_order(key, order_id, now)
        used = [g for g in grants if g.order_id == order_id]
        fresh = [g for g in grants if not g.order_id]
        earned, lost = split(fresh, current_lines(lines), settled_before=now - SETTLE)
        store.drop(lost, now)
        store.consume(earned, order_id, now)
    note_priced(request, order_id)  # priced as agreed, even when no terms applied
    from ..adapters import with_tax

    return with_tax(build([*used, *earned], quantities(lines)), lines)
