"""A cart kept in the session, with no table of its own: how many small shops start.

``request.session["cart"] = {"id": "...", "next": 3, "lines": [{"id": "1", "product_id": 5,
"quantity": 2}, ...]}``. Prices are read from the catalogue when the cart is totalled; the shop
keeps nothing else (no agreed prices, no discounts, no plans).
"""

from __future__ import annotations

import uuid
from typing import Any

SESSION_CART = "cart"


class SessionCart:
    def __init__(self, session: Any) -> None:
        self.session = session

    @property
    def data(self) -> dict[str, Any]:
        cart = self.session.get(SESSION_CART)
        if cart is None:
            cart = {"id": uuid.uuid4().hex, "next": 1, "lines": []}
            self.session[SESSION_CART] = cart
        return cart

    @property
    def id(self) -> str:
        return self.data["id"]

    def lines(self) -> list[dict[str, Any]]:
        return list(self.session.get(SESSION_CART, {}).get("lines", []))

    def add(self, product_id: int, quantity: int = 1) -> str:
        """One line per product: adding a product already there raises its quantity."""
        cart = self.data
        for line in cart["lines"]:
            if line["product_id"] == product_id:
                line["quantity"] += quantity
                self.session.modified = True
                return line["id"]
        line_id = str(cart["next"])
        cart["next"] += 1
        cart["lines"].append({"id": line_id, "product_id": product_id, "quantity": quantity})
        self.session.modified = True
        return line_id

    def replace(self, line_id: str, product_id: int) -> str:
        for line in self.data["lines"]:
            if line["id"] == line_id:
                line["product_id"] = product_id
                self.session.modified = True
                return line_id
        raise KeyError(line_id)

    def set_quantity(self, line_id: str, quantity: int) -> None:
        cart = self.data
        if quantity <= 0:
            cart["lines"] = [line for line in cart["lines"] if line["id"] != line_id]
        else:
            for line in cart["lines"]:
                if line["id"] == line_id:
                    line["quantity"] = quantity
        self.session.modified = True

    def remove(self, line_id: str) -> None:
        self.set_quantity(line_id, 0)
