"""Oscar's prices as its templates show them: tax included when the strategy knows the tax."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")


def shown_price(price: Any) -> Decimal:
    """The amount oscar shows for a ``prices.Price``: incl. tax when known, else excl. tax."""
    amount = price.incl_tax if price.is_tax_known else price.excl_tax
    return Decimal(amount)


def shown_unit_price(line: Any) -> Decimal:
    """A basket line's unit price as the basket page shows it, before discounts."""
    return shown_price(line.purchase_info.price)


def shop_purchase_info(line: Any) -> Any:
    """The line's price and stock as the shop's own strategy has them, before the app's terms
    (:mod:`.strategy`): what the app's terms start from."""
    info = line.__dict__.get("_upsell_shop_info")
    if info is not None:
        return info
    shop = getattr(line.basket.strategy, "shop_strategy", None)
    if shop is None:
        return line.purchase_info
    info = shop.fetch_for_line(line, line.stockrecord)
    line._upsell_shop_info = info
    return info


def shop_unit_price(line: Any) -> Decimal:
    """A basket line's unit price at the shop's own price (shown terms), before the app's terms."""
    return shown_price(shop_purchase_info(line).price)


def customer_key(user: Any, email: str = "") -> str:
    """Who ordered, stable across orders: the account, or a hash of a guest's e-mail address."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    if not email:
        return ""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"guest:{digest}"
