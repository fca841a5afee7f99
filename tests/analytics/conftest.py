"""Checking a demo-shop cart out, as the attribution flows need it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from shop_demo.shop.models import CartLine
from tests.analytics.support import Line
from tests.api.conftest import Shopper
from upsell_app import adjustments, signals


@pytest.fixture
def checkout(django_capture_on_commit_callbacks):
    """Check the cart out as the demo shop does: its lines at the agreed prices, with the offer
    that agreed them, go to order_completed."""

    def check_out(shopper: Shopper, order_id: str) -> None:
        rows = list(CartLine.objects.filter(cart__session_key=shopper.session_key))
        agreed = adjustments.for_order(shopper.request(), rows, order_id=order_id)
        lines = []
        for row in rows:
            terms = agreed.lines.get(row.line_id)
            lines.append(
                Line(
                    row.product_id,
                    terms.unit_price if terms else row.unit_price,
                    row.quantity,
                    offer_id=terms.offer_id if terms else None,
                    line_id=row.line_id,
                )
            )
        with django_capture_on_commit_callbacks(execute=True):
            signals.order_completed.send(
                sender=None, request=shopper.request(), order_id=order_id, lines=lines,
                customer_key="", ordered_at=timezone.now(),
                total=sum((line.unit_price * line.quantity for line in lines), Decimal("0")),
            )

    return check_out
