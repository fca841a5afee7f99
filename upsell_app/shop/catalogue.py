"""The shop's catalogue as the app reads it: a product without a price above zero is left out.

A negative or zero price (or none at all) read through the shop's ``CatalogAdapter`` is a
catalogue mistake: offering that product would add it to a cart for nothing. It is never offered,
and a warning names it so the shop can fix the product.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal

from ..adapters import get_catalog_adapter
from ..selection.types import ProductInfo

logger = logging.getLogger("upsell_app.catalogue")


def has_sellable_price(product: ProductInfo) -> bool:
    price = product.price
    return isinstance(price, Decimal) and price.is_finite() and price > 0


def sellable(products: Mapping[int, ProductInfo]) -> dict[int, ProductInfo]:
    """``products`` without those whose price is not above zero (each one logged)."""
    kept: dict[int, ProductInfo] = {}
    for product_id, product in products.items():
        if has_sellable_price(product):
            kept[product_id] = product
        else:
            logger.warning(
                "upsell: product %s (%s) has the price %r in the catalogue; it is not offered "
                "until its price is above zero.",
                product_id,
                product.title,
                product.price,
            )
    return kept


def get_products(ids: Iterable[int] | None = None) -> dict[int, ProductInfo]:
    """The catalogue adapter's products (all when ``ids`` is None), sellable ones only."""
    return sellable(get_catalog_adapter().get_products(ids))
