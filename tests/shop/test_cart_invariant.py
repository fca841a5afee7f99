"""The demo shop (cart table) holds the cart invariant whatever a shopper does, in any order:
its cart and order totals are its own prices less exactly what is still agreed
(see :mod:`tests.cart_invariant`)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order, Product
from tests.cart_invariant import Driver, line_discount, ok, relax, run_machine
from tests.factories import OfferFactory, ProductFactory, SubscriptionOfferFactory

pytestmark = pytest.mark.django_db

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}
CONFIG = re.compile(r'<script id="upsell-config" type="application/json">(.*?)</script>', re.S)


def catalogue() -> list[int]:
    """One offer of every kind, and the products a shopper adds by hand."""

    def product(name: str, price: int) -> Product:
        return ProductFactory(name=name, price=Decimal(price), stock=10**6)

    phone, pro, lite = (
        product("Phone", 100000),
        product("Phone Pro", 130000),
        product("Lite", 80000),
    )
    camera, card, strap = product("Camera", 50000), product("Card", 3000), product("Strap", 2000)
    laptop, mouse, bag = product("Laptop", 150000), product("Mouse", 4000), product("Bag", 6000)
    coffee, refill = product("Coffee", 1500), product("Refill", 800)
    texts = {"headline": "{product}", "value_message": "{price}"}
    OfferFactory(
        kind="upsell",
        triggers=["add_to_cart", "cart_view"],
        sources=[phone],
        targets=[pro],
        **line_discount("fixed", "5000"),
        **texts,
    )
    OfferFactory(
        kind="downsell",
        triggers=["item_removed"],
        sources=[pro],
        targets=[lite],
        **line_discount("fixed", "3000"),
        **texts,
    )
    OfferFactory(
        kind="cross_sell",
        triggers=["add_to_cart", "cart_view"],
        sources=[camera],
        targets=[card, strap],
        **line_discount("fixed", "500"),
        **texts,
    )
    OfferFactory(
        kind="bundle",
        triggers=["checkout_start"],
        sources=[laptop],
        targets=[mouse, bag],
        discount_type="percent",
        discount_value=Decimal("5"),
        **texts,
    )
    SubscriptionOfferFactory(sources=[coffee], **line_discount("percent", "10"))
    OfferFactory(
        kind="cross_sell",
        triggers=["order_completed"],
        targets=[refill],
        **line_discount("fixed", "80"),
        **texts,
    )
    return [p.pk for p in (phone, pro, lite, camera, card, laptop, mouse, coffee, refill)]


class DemoShop(Driver):
    """A browser in the demo shop: its pages (following their redirects) and the pop-up's API."""

    name = "shop_demo"

    def start(self) -> None:
        self.client = Client()
        self.page: dict | None = None  # the widget config of the page the browser is on

    def prices(self) -> dict[int, Decimal]:
        return dict(Product.objects.values_list("pk", "price"))

    def lines(self) -> dict[str, tuple[int, int]]:
        key = self.client.session.session_key
        rows = CartLine.objects.filter(cart__session_key=key).values_list(
            "pk", "product_id", "quantity"
        )
        return {str(pk): (product, quantity) for pk, product, quantity in rows}

    def navigate(self, response) -> None:  # noqa: ANN001
        ok(response)
        found = CONFIG.findall(response.content.decode())
        self.page = json.loads(found[0]) if found else None

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

    def offer(self, trigger: str, product_id: int | None = None) -> dict | None:
        """What the widget shows on this page: the offer decided in it, or the API's."""
        if trigger == "cart_view":
            self.navigate(self.client.get(reverse("shop:cart")))
        page = self.page or {}
        if page.get("trigger") != trigger:
            return None  # the page has no such moment: the widget asks for nothing
        if page.get("decided"):
            return page.get("offer")
        return super().offer(trigger, page.get("productId"))


def test_cart_and_order_totals_are_the_shops_prices_less_exactly_what_is_still_agreed(
    settings,
):
    relax(settings)
    DemoShop.products = catalogue()
    run_machine(DemoShop)
