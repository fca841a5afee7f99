"""A shop that stores prices, plans and set discounts itself: the full CartAdapter contract.

Its cart is kept in the session: ``{"lines": [{"id", "product_id", "quantity", "unit_price",
"is_subscription", "subscription_terms", "offer_id", "agreed_quantity", "shop_price"}],
"discounts": {key: {"label", "amount", "offer_id"}}, "next": n}``.

As the contract asks, a price the app hands over covers the units the line holds at that call
(``agreed_quantity``); units added later cost the shop's own price (``shop_price``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shop_demo.shop.models import Product
from upsell_app.adapters import CartAdapter, CartSummary, SubscriptionPlan
from upsell_app.selection.pricing import agreed_line_total
from upsell_app.selection.types import CartLine

SESSION_CART = "full_cart"


class FullSessionCartAdapter(CartAdapter):
    @property
    def data(self) -> dict[str, Any]:
        session = self.request.session
        if SESSION_CART not in session:
            session[SESSION_CART] = {"lines": [], "discounts": {}, "next": 1}
        return session[SESSION_CART]

    def _changed(self) -> None:
        self.request.session.modified = True

    def _line(self, line_id: str) -> dict[str, Any]:
        for line in self.data["lines"]:
            if line["id"] == str(line_id):
                return line
        raise KeyError(line_id)

    def get_lines(self) -> list[CartLine]:
        return [
            CartLine(
                x["id"], x["product_id"], x["quantity"], Decimal(x["unit_price"]),
                x["is_subscription"],
            )
            for x in self.data["lines"]
        ]

    def line_total(self, line: dict[str, Any]) -> Decimal:
        """The agreed units at the agreed price, the rest at the shop's."""
        return agreed_line_total(
            line["quantity"],
            Decimal(line.get("shop_price", line["unit_price"])),
            Decimal(line["unit_price"]),
            line.get("agreed_quantity", line["quantity"]),
        )

    def merge(self, line_id: str, quantity: int) -> None:
        """The shop's own "add more" on a line: the extra units at the shop's price."""
        self._line(line_id)["quantity"] += quantity
        self._changed()

    def change_quantity(self, line_id: str, quantity: int) -> None:
        """The shop's own quantity form: the agreed units keep their price."""
        self._line(line_id)["quantity"] = quantity
        self._changed()

    def set_quantity(self, line_id: str, quantity: int) -> str:
        """Undo took back the offer's units: what is left costs the shop's price."""
        line = self._line(line_id)
        line.update(
            quantity=quantity, unit_price=line.get("shop_price", line["unit_price"]),
            agreed_quantity=0, offer_id=None,
        )
        self._changed()
        return str(line_id)

    def get_summary(self) -> CartSummary:
        titles = dict(
            Product.objects.filter(
                pk__in=[x["product_id"] for x in self.data["lines"]]
            ).values_list("pk", "name")
        )
        lines = tuple(
            {
                "line_id": x["id"],
                "product_id": x["product_id"],
                "title": titles.get(x["product_id"], ""),
                "quantity": x["quantity"],
                "unit_price": Decimal(x["unit_price"]),
                "line_total": self.line_total(x),
                "is_subscription": x["is_subscription"],
            }
            for x in self.data["lines"]
        )
        discounts = tuple(
            {"key": key, "label": d["label"], "amount": Decimal(d["amount"])}
            for key, d in self.data["discounts"].items()
        )
        subtotal = sum((x["line_total"] for x in lines), Decimal("0"))
        total = max(subtotal - sum((d["amount"] for d in discounts), Decimal("0")), Decimal("0"))
        return CartSummary(lines=lines, subtotal=subtotal, discounts=discounts, total=total)

    def add_line(
        self, product_id: int, quantity: int, unit_price: Decimal, *, offer_id: int | None
    ) -> str:
        cart = self.data
        line_id = str(cart["next"])
        cart["next"] += 1
        cart["lines"].append(
            {
                "id": line_id, "product_id": product_id, "quantity": quantity,
                "unit_price": str(unit_price), "is_subscription": False,
                "subscription_terms": {}, "offer_id": offer_id,
                "agreed_quantity": quantity, "shop_price": str(self._shop_price(product_id)),
            }
        )
        self._changed()
        return line_id

    def replace_line(
        self, line_id: str, product_id: int, unit_price: Decimal, *, offer_id: int
    ) -> str:
        line = self._line(line_id)
        line.update(
            product_id=product_id, unit_price=str(unit_price), offer_id=offer_id,
            agreed_quantity=line["quantity"], shop_price=str(self._shop_price(product_id)),
        )
        self._changed()
        return line["id"]

    @staticmethod
    def _shop_price(product_id: int) -> Decimal:
        return Product.objects.get(pk=product_id).price

    def remove_line(self, line_id: str) -> None:
        self.data["lines"] = [x for x in self.data["lines"] if x["id"] != str(line_id)]
        self._changed()

    def convert_to_subscription(self, line_id: str, plan: SubscriptionPlan) -> str:
        line = self._line(line_id)
        line.update(
            is_subscription=True, unit_price=str(plan.price_per_delivery),
            offer_id=plan.offer_id, subscription_terms=plan.terms_as_json(),
            agreed_quantity=line["quantity"],
        )
        self._changed()
        return line["id"]

    def apply_bundle_discount(
        self, bundle_key: str, amount: Decimal, label: str, *, offer_id: int
    ) -> None:
        self.data["discounts"][bundle_key] = {
            "label": label, "amount": str(amount), "offer_id": offer_id,
        }
        self._changed()

    def revoke_bundle_discount(self, bundle_key: str) -> None:
        self.data["discounts"].pop(bundle_key, None)
        self._changed()
