"""Purchase history from oscar's own orders (``manage.py upsell_backfill_history``)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from oscar.core.loading import get_model

from upsell_app.associations.history import OrderLine, OrderRecord

from .prices import customer_key


def order_lines(order: Any) -> tuple[OrderLine, ...]:
    """An oscar order's lines as the app records them (lines of deleted products are skipped).

    The unit price is what the shopper paid per item after the order's discounts.
    """
    lines = []
    for line in order.lines.all():
        if line.product_id is None or not line.quantity:
            continue
        paid = line.line_price_incl_tax if line.line_price_incl_tax is not None else 0
        lines.append(OrderLine(line.product_id, line.quantity, Decimal(paid) / line.quantity))
    return tuple(lines)


def order_customer_key(order: Any) -> str:
    email = order.guest_email or (order.user.email if order.user_id else "")
    return customer_key(order.user, email) or f"order:{order.number}"


def iter_oscar_orders(chunk_size: int = 2000) -> Iterator[OrderRecord]:
    """Every placed order, oldest first, read in chunks so memory stays bounded."""
    order_model = get_model("order", "Order")
    orders = (
        order_model._default_manager.select_related("user")
        .prefetch_related("lines")
        .order_by("date_placed", "pk")
    )
    for order in orders.iterator(chunk_size=chunk_size):
        lines = order_lines(order)
        if lines:
            yield OrderRecord(
                order_id=order.number,
                lines=lines,
                ordered_at=order.date_placed,
                customer_key=order_customer_key(order),
            )
