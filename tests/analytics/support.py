"""Helpers of the analytics tests: a shopper's request, an order line, a costing catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from shop_demo.shop.upsell_adapter import ShopCatalogAdapter


class CostingCatalogAdapter(ShopCatalogAdapter):
    """The demo catalogue plus the optional ``get_cost`` hook attribution uses for margin."""

    def get_cost(self, obj: Any) -> Decimal | None:
        return obj.cost


def shopper_request(user: Any = None) -> Any:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session.create()
    request.user = user or AnonymousUser()
    return request


@dataclass
class Line:
    """An order line as a shop hands it to ``order_completed``."""

    product_id: int
    unit_price: Decimal
    quantity: int = 1
    offer_id: int | None = None
    line_id: str | None = None
