"""A cart kept in the session holds the cart invariant whatever a shopper does, in any order: the
shop totals its lines at catalogue prices with what ``adjustments`` says is still agreed, and that
is its prices less exactly what is still agreed (see :mod:`tests.cart_invariant`)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from shop_demo.shop.models import Product
from tests.cart_invariant import Driver, relax, run_machine
from tests.sessions import SessionStore
from tests.shop.cart_catalogue import catalogue
from upsell_app import adjustments, signals
from upsell_app.adjustments.orders import OrderedLine
from upsell_app.receivers import set_pending
from upsell_app.selection.types import Trigger

from .adapter import SessionCartAdapter
from .cart import SESSION_CART, SessionCart
from .conftest import ADAPTER

# Run on their own (make cart-invariant, part of make test): 200 examples take minutes.
pytestmark = [pytest.mark.django_db, pytest.mark.cart_invariant]


class SessionCartShop(Driver):
    """A small shop whose cart is a list in the session; its pages are the few lines below."""

    name = "sessioncart"

    def start(self) -> None:
        self.client = Client(raise_request_exception=False)  # a 500 is a finding
        session = self.client.session
        session.save()
        self.session_key: str = session.session_key

    def request(self) -> Any:
        request = RequestFactory().get("/cart/")
        request.session = SessionStore(session_key=self.session_key)
        request.user = AnonymousUser()
        return request

    def change(self, step: Any) -> None:
        """One of the shop's cart views: change the session's cart, tell the app, save."""
        request = self.request()
        step(request, SessionCart(request.session))
        request.session.save()

    def prices(self) -> dict[int, Decimal]:
        return dict(Product.objects.values_list("pk", "price"))

    def lines(self) -> dict[str, tuple[int, int]]:
        rows = SessionCart(SessionStore(session_key=self.session_key)).lines()
        return {r["id"]: (r["product_id"], r["quantity"]) for r in rows}

    def add(self, product_id: int) -> None:
        def add(request: Any, cart: SessionCart) -> None:
            cart.add(product_id, 1)
            signals.cart_line_added.send(
                sender=None, request=request, product_id=product_id, quantity=1
            )
            set_pending(request, Trigger("add_to_cart"), product_id)

        self.change(add)

    def set_quantity(self, line_id: str, quantity: int) -> None:
        # The shop's own quantity form tells the app nothing; a line set to 0 leaves.
        def update(request: Any, cart: SessionCart) -> None:
            product_id = next(x["product_id"] for x in cart.lines() if x["id"] == line_id)
            cart.set_quantity(line_id, quantity)
            if not quantity:
                set_pending(request, Trigger("item_removed"), product_id)

        self.change(update)

    def remove(self, line_id: str) -> None:
        self.set_quantity(line_id, 0)

    def start_checkout(self) -> None:
        def checkout(request: Any, cart: SessionCart) -> None:  # noqa: ARG001
            signals.checkout_started.send(sender=None, request=request)
            set_pending(request, Trigger("checkout_start"))

        self.change(checkout)

    def totalled(self, agreed: adjustments.CartAdjustments, request: Any) -> Decimal:
        """The shop's total: each line at what the app agreed for it, or the catalogue price."""
        total = Decimal("0")
        for line in SessionCartAdapter(request).get_lines():
            line_total = getattr(agreed, "line_total", None)  # agreed units, the rest at list
            if line_total is not None:
                total += line_total(line.line_id, line.quantity, line.unit_price)
            else:
                total += agreed.unit_price(line.line_id, line.unit_price) * line.quantity
        return max(total - agreed.discount_total, Decimal("0"))

    def cart_total(self) -> Decimal:
        request = self.request()
        lines = SessionCartAdapter(request).get_lines()
        return self.totalled(adjustments.for_cart(request, lines), request)

    def place_order(self) -> Decimal:
        request = self.request()
        lines = SessionCartAdapter(request).get_lines()
        order_id = uuid.uuid4().hex[:12]
        agreed = adjustments.for_order(request, lines, order_id=order_id)
        total = self.totalled(agreed, request)
        ordered = []  # the agreed units at the agreed price, the rest at the shop's
        for x in lines:
            units = min(x.quantity, agreed.agreed_quantity(x.line_id))
            if units:
                price = agreed.unit_price(x.line_id, x.unit_price)
                ordered.append(OrderedLine(x.product_id, units, price))
            if x.quantity > units:
                ordered.append(OrderedLine(x.product_id, x.quantity - units, x.unit_price))
        request.session[SESSION_CART] = {"id": uuid.uuid4().hex, "next": 1, "lines": []}
        request.session.save()
        signals.order_completed.send(
            sender=None,
            request=request,
            order_id=order_id,
            lines=ordered,
            customer_key="guest:stateful",
            ordered_at=None,
            total=total,
            discounts=list(agreed.discounts),
        )
        set_pending(request, Trigger("order_completed"))
        request.session.save()
        return total


def test_cart_and_order_totals_are_the_shops_prices_less_exactly_what_is_still_agreed(
    settings,
):
    relax(settings)
    settings.UPSELL = {**settings.UPSELL, "CART_ADAPTER": ADAPTER}
    SessionCartShop.products = catalogue()
    run_machine(SessionCartShop)
