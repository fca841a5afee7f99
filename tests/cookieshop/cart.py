"""Kitsune Sweets' cart: a signed cookie, no table, no row to lock.

``{"id": "<uuid>", "v": 3, "next": 4, "lines": [{"id": "1", "product_id": 5, "quantity": 2}]}``,
signed so the shopper cannot change it. ``v`` counts the cart's writes: every writer (the shop's
views and the app's accept) compares the version it read with the last one written
(``upsell_app.cart_lock.save_checked``), so a writer holding a stale cookie is refused rather
than overwriting the other's change. Prices are read from the catalogue when the cart is totalled.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse

from upsell_app.cart_lock import save_checked

COOKIE = "kitsune_cart"
SALT = "kitsune.cart"
MAX_AGE = 60 * 60 * 24 * 14


class CookieCart:
    """The request's cart, read once per request (the app's adapter and the views share it)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.read_version = str(data["v"])
        self.changed = False

    @classmethod
    def of(cls, request: HttpRequest) -> CookieCart:
        cart = getattr(request, "_kitsune_cart", None)
        if cart is None:
            try:
                data = signing.loads(request.COOKIES[COOKIE], salt=SALT, max_age=MAX_AGE)
            except (KeyError, signing.BadSignature, ValueError):
                data = {"id": uuid.uuid4().hex, "v": 0, "next": 1, "lines": []}
            cart = request._kitsune_cart = cls(data)
        return cart

    @property
    def key(self) -> str:
        return f"kitsune-cart:{self.data['id']}"

    @property
    def version(self) -> str:
        return str(self.data["v"])

    def lines(self) -> list[dict[str, Any]]:
        return list(self.data["lines"])

    def _changing(self) -> None:
        if not self.changed:  # one new version per request, however many lines it changes
            self.changed = True
            self.data["v"] = int(self.read_version) + 1

    def add(self, product_id: int, quantity: int) -> str:
        self._changing()
        line_id = str(self.data["next"])
        self.data["next"] += 1
        self.data["lines"].append({"id": line_id, "product_id": product_id, "quantity": quantity})
        return line_id

    def _line(self, line_id: str) -> dict[str, Any]:
        return next(x for x in self.data["lines"] if x["id"] == str(line_id))

    def replace(self, line_id: str, product_id: int) -> str:
        self._changing()
        self._line(line_id)["product_id"] = product_id
        return str(line_id)

    def remove(self, line_id: str) -> dict[str, Any]:
        self._changing()
        line = self._line(line_id)
        self.data["lines"].remove(line)
        return line

    def empty(self) -> None:
        self._changing()
        self.data["lines"] = []

    def write(self, response: HttpResponse) -> None:
        """Set the cookie on ``response``: the browser holds the cart from now on."""
        if self.changed:
            # URL-safe characters only: every browser and HTTP client sends it back unchanged.
            value = signing.dumps(self.data, salt=SALT, compress=True)
            response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="Lax")

    def save(self, response: HttpResponse, also: Callable[[], None] = lambda: None) -> None:
        """The shop's own change: written only if no one wrote the cart since this request read
        it (``upsell_app.cart_lock.CartChanged`` otherwise); ``also`` runs under the same check."""

        def store() -> None:
            also()
            self.write(response)

        save_checked(self.key, self.read_version, self.version, store)
