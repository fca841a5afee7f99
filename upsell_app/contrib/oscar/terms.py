"""What the app agreed for one oscar basket, read once per basket state.

Oscar applies offers several times per request (the middleware, the basket view, checkout); the
agreed terms are read through ``upsell_app.adjustments.for_cart`` once for each set of lines and
kept on the basket object.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from upsell_app.selection.types import CartLine

from .middleware import current_request
from .prices import shop_unit_price


def basket_lines(basket: Any) -> list[CartLine]:
    return [
        CartLine(str(line.id), line.product_id, line.quantity, shop_unit_price(line))
        for line in basket.all_lines()
    ]


def is_shoppers_basket(request: Any, basket_id: int | None) -> bool:
    """Whether the basket ``basket_id`` is the one this request's shopper is using.

    The app's terms are checked against a cart's *whole* set of lines (a line not there loses
    its terms for good), so no other basket (a merged-away one, a saved one, one a member of
    staff looks at) may be read as the shopper's cart.
    """
    own = request.__dict__.get("basket")  # set outright by oscar's checkout when it restores one
    if own is not None and not isinstance(own, SimpleLazyObject):
        return own.id == basket_id
    loaded = getattr(request, "_basket_cache", None)  # oscar's BasketMiddleware
    return loaded is not None and loaded.id == basket_id


def basket_terms(basket: Any) -> Any:
    """``CartAdjustments`` for the basket's current lines, or ``None`` (an empty basket, or not
    the basket of the shopper being served: terms belong to a shopper, see :mod:`.cart`)."""
    request = current_request()
    if basket.id is None or request is None or not is_shoppers_basket(request, basket.id):
        return None
    lines = list(basket.all_lines())
    if not lines:
        return None
    state = tuple((line.id, line.product_id, line.quantity) for line in lines)
    cached = getattr(basket, "_upsell_terms", None)
    if cached is not None and cached[0] == state:
        return cached[1]
    from upsell_app import adjustments

    terms = adjustments.for_cart(request, basket_lines(basket))
    basket._upsell_terms = (state, terms)
    return terms
