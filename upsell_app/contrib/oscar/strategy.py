"""The shop's own pricing strategy, with the prices the shopper accepted in the app's offers.

Oscar asks its strategy for each basket line's price (``Strategy.fetch_for_line``): that is where
an agreed price or a set discount becomes the line's purchase price. Oscar's offers and vouchers
then discount from it as from any price, exclusive or not, whichever tax mode the shop uses, and
the order records it as the line's price. Nothing is stored in oscar's offer tables.

:class:`~.middleware.CurrentRequestMiddleware` wraps the request's strategy (oscar's
``BasketMiddleware`` picked it) before the basket loads, so a shop keeps its own ``Selector``.
Only the shopper's own basket is priced with the app's terms (see :func:`.terms.basket_terms`).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from oscar.core.loading import get_class

from .line_prices import unit_prices
from .terms import basket_lines, basket_terms

FixedPrice = get_class("partner.prices", "FixedPrice")

CENT = Decimal("0.01")


def with_shown_price(price: Any, shown: Decimal) -> Any:
    """``price`` (an oscar ``prices.Base``) changed so that it shows ``shown``: tax included
    when the tax is known, scaled like the original so the tax rate stays the same."""
    if price.is_tax_known:
        incl = Decimal(price.incl_tax)
        tax = (Decimal(price.tax) * shown / incl).quantize(CENT) if incl else Decimal(0)
        excl, tax = shown - tax, tax
    else:
        excl, tax = shown, None
    if isinstance(price, FixedPrice):
        changed = copy.copy(price)  # keeps its class: which price offers use stays the shop's
        changed.excl_tax, changed.tax = excl, tax
        return changed
    return FixedPrice(currency=price.currency, excl_tax=excl, tax=tax, tax_code=price.tax_code)


def agreed_unit_prices(basket: Any) -> dict[str, Decimal]:
    """``{line id: unit price}`` of the lines whose price the app's terms change (shown terms)."""
    terms = basket_terms(basket)
    if terms is None or not terms:
        return {}
    cached = getattr(basket, "_upsell_unit_prices", None)
    if cached is not None and cached[0] is terms:
        return cached[1]
    prices = unit_prices(basket_lines(basket), terms)
    basket._upsell_unit_prices = (terms, prices)
    return prices


class AgreedPriceStrategy:
    """Wraps a shop's strategy: the same prices and stock, except for lines the app priced."""

    def __init__(self, strategy: Any) -> None:
        self.shop_strategy = strategy

    def __getattr__(self, name: str) -> Any:
        return getattr(self.shop_strategy, name)

    def fetch_for_line(self, line: Any, stockrecord: Any = None) -> Any:
        info = self.shop_strategy.fetch_for_line(line, stockrecord)
        line._upsell_shop_info = info  # the shop's price, which the app's terms start from
        if line.id is None or not info.price.exists:
            return info
        unit = agreed_unit_prices(line.basket).get(str(line.id))
        if unit is None:
            return info
        price = with_shown_price(info.price, unit)
        if price.is_tax_known and line.price_incl_tax == info.price.incl_tax:
            # In memory only: oscar's basket page would otherwise warn that the price "has
            # decreased since you added it" about a price the shopper just accepted.
            line.price_incl_tax, line.price_excl_tax = price.incl_tax, price.excl_tax
        return info._replace(price=price)


def wrap(strategy: Any) -> Any:
    """The request's strategy with the app's prices (once)."""
    if strategy is None or isinstance(strategy, AgreedPriceStrategy):
        return strategy
    return AgreedPriceStrategy(strategy)
