"""The demo shop (cart table) holds the cart invariant whatever a shopper does, in any order:
its cart and order totals are its own prices less exactly what is still agreed
(see :mod:`tests.cart_invariant`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order, Product
from tests.cart_invariant import PageDriver, ok, relax, run_machine

from .cart_catalogue import catalogue

# Run on their own (make cart-invariant, part of make test): 200 examples take minutes.
pytestmark = [pytest.mark.django_db, pytest.mark.cart_invariant]

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}


class DemoShop(PageDriver):
    """A browser in the demo shop: its pages (following their redirects) and the pop-up's API."""

    name = "shop_demo"

    def start(self) -> None:
        self.client = Client(raise_request_exception=False)  # a 500 is a finding
        self.page = None

    def prices(self) -> dict[int, Decimal]:
        return dict(Product.objects.values_list("pk", "price"))

    def lines(self) -> dict[str, tuple[int, int]]:
        key = self.client.session.session_key
        rows = CartLine.objects.filter(cart__session_key=key).values_list(
            "pk", "product_id", "quantity"
        )
        return {str(pk): (product, quantity) for pk, product, quantity in rows}

    def add(self, product_id: int) -> None:
        slug = Product.objects.get(pk=product_id).slug
        self.navigate(
            self.client.post(reverse("shop:add", args=[slug]), {"quantity": 1}, follow=True)
        )

    def set_quantity(self, line_id: str, quantity: int) -> None:
        self.navigate(
            self.client.post(
                reverse("shop:cart_update"), {f"qty-{line_id}": str(quantity)}, follow=True
            )
        )

    def remove(self, line_id: str) -> None:
        self.navigate(
            self.client.post(reverse("shop:cart_update"), {"remove": line_id}, follow=True)
        )

    def start_checkout(self) -> None:
        self.navigate(self.client.get(reverse("shop:checkout")))

    def view_cart(self) -> None:
        self.navigate(self.client.get(reverse("shop:cart")))

    def cart_total(self) -> Decimal:
        # The cart page re-read for its totals (as the pop-up does after an accept) decides
        # nothing, so reading it does not spend the shopper's moments.
        response = ok(self.client.get(reverse("shop:cart"), headers={"X-Upsell-Refresh": "1"}))
        return response.context["contents"].total

    def place_order(self) -> Decimal:
        before = set(Order.objects.values_list("pk", flat=True))
        self.navigate(self.client.post(reverse("shop:checkout"), CUSTOMER, follow=True))
        (order,) = Order.objects.exclude(pk__in=before)
        assert (
            order.total
            == sum((line.unit_price * line.quantity for line in order.lines.all()), Decimal("0"))
            - order.discount_total
        )
        return order.total


def test_cart_and_order_totals_are_the_shops_prices_less_exactly_what_is_still_agreed(
    settings,
):
    relax(settings)
    DemoShop.products = catalogue()
    run_machine(DemoShop)
