"""The session cart's adapter: four line methods, a cart key and a lock without a database row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from shop_demo.shop.models import Product
from upsell_app.adapters import SimpleCartAdapter
from upsell_app.cart_lock import cache_lock
from upsell_app.selection.types import CartLine

from .cart import SessionCart


class SessionCartAdapter(SimpleCartAdapter):
    @property
    def cart(self) -> SessionCart:
        return SessionCart(self.request.session)

    def get_lines(self) -> list[CartLine]:
        rows = self.cart.lines()
        ids = [r["product_id"] for r in rows]
        prices = dict(Product.objects.filter(pk__in=ids).values_list("pk", "price"))
        return [
            CartLine(r["id"], r["product_id"], r["quantity"], prices.get(r["product_id"], 0))
            for r in rows
        ]

    def add_line(self, product_id: int, quantity: int) -> str:
        return self.cart.add(product_id, quantity)

    def replace_line(self, line_id: str, product_id: int) -> str:
        return self.cart.replace(line_id, product_id)

    def remove_line(self, line_id: str) -> None:
        self.cart.remove(line_id)

    def cart_key(self) -> str:
        return f"session-cart:{self.cart.id}"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """A cache lock (expiring) on the cart; the cart is re-read once it is held and written
        before it is let go, so the next holder sees this change."""
        with cache_lock(f"session-cart-lock:{self.cart_key()}"):
            session = self.request.session
            session._session_cache = session.load()  # what the previous holder wrote
            yield
            if session.modified:
                session.save()
