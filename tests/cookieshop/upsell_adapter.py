"""Kitsune Sweets' whole integration with django-upsell (a test counts these lines: under 80).

The cart is a signed cookie: no row to lock, and only a response can change it. The adapter
reports the cart's version, so the app checks it optimistically (an accept that read a cart
someone has written since is refused with 409 ``cart_changed``), and writes the changed cart
into the app's response. The app keeps agreed prices, set discounts and plans by the cart's id.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse

from upsell_app.adapters import ModelCatalogAdapter, SimpleCartAdapter
from upsell_app.selection.types import CartLine

from .cart import CookieCart
from .models import Sweet


class SweetCatalog(ModelCatalogAdapter):
    title_field = "title"
    price_field = "yen"
    stock_field = "stock"
    image_field = None


class CookieCartAdapter(SimpleCartAdapter):
    @property
    def cart(self) -> CookieCart:
        return CookieCart.of(self.request)

    def get_lines(self) -> list[CartLine]:
        rows = self.cart.lines()
        prices = dict(
            Sweet.objects.filter(pk__in=[r["product_id"] for r in rows]).values_list("pk", "yen")
        )
        return [
            CartLine(
                r["id"], r["product_id"], r["quantity"], Decimal(prices.get(r["product_id"], 0))
            )
            for r in rows
        ]

    def add_line(self, product_id: int, quantity: int) -> str:
        return self.cart.add(product_id, quantity)

    def replace_line(self, line_id: str, product_id: int) -> str:
        return self.cart.replace(line_id, product_id)

    def remove_line(self, line_id: str) -> None:
        self.cart.remove(line_id)

    def cart_key(self) -> str:
        return self.cart.key

    def cart_version(self) -> str | None:
        return self.cart.version

    def write_response(self, response: HttpResponse) -> None:
        self.cart.write(response)
