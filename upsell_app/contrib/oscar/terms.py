"""What the app agreed for one oscar basket, read once per basket state.

Oscar applies offers several times per request (the middleware, the basket view, checkout); the
agreed terms are read through ``upsell_app.adjustments.for_cart`` once for each set of lines and
kept on the basket object.
"""

from __future__ import annotations

from typing import Any

from upsell_app.selection.types import CartLine

from .middleware import current_request
from .prices import shown_unit_price


def basket_cart_key(basket: Any) -> str:
    """Which cart the app's agreed terms belong to: one oscar basket."""
    return f"oscar-basket:{basket.pk}"


def basket_lines(basket: Any) -> list[CartLine]:
    return [
        CartLine(str(line.id), line.product_id, line.quantity, shown_unit_price(line))
        for line in basket.all_lines()
    ]


def basket_terms(basket: Any) -> Any:
    """``CartAdjustments`` for the basket's current lines, or ``None`` for an empty basket."""
    if basket.id is None:
        return None
    lines = list(basket.all_lines())
    if not lines:
        return None
    state = tuple((line.id, line.product_id) for line in lines)
    cached = getattr(basket, "_upsell_terms", None)
    if cached is not None and cached[0] == state:
        return cached[1]
    from upsell_app import adjustments

    terms = adjustments.for_cart(
        current_request(), basket_lines(basket), cart_key=basket_cart_key(basket)
    )
    basket._upsell_terms = (state, terms)
    return terms
