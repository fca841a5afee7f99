"""Tanuki Goods holds the cart invariant whatever a shopper does, in any order: its basket and
purchase totals are its own prices less exactly what is still agreed (see
:mod:`tests.cart_invariant`). Its basket has no quantity field (each add is a row of one)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tests.cart_invariant import PageDriver, ok, relax, run_machine

from .models import BasketRow, Item, Purchase

# Run on their own (make cart-invariant, part of make test): 200 examples take minutes.
pytestmark = [pytest.mark.django_db, pytest.mark.cart_invariant]

HAND_PICKED = ("kettle", "kettle-pro", "kettle-mini", "teapot", "towel", "dripper", "beans")


class TanukiGoods(PageDriver):
    """A browser in Tanuki Goods: its pages (following their redirects) and the pop-up's API."""

    name = "othershop"
    can_set_quantity = False
    has_thank_you = False  # the shop configured no offer for after the purchase

    def start(self) -> None:
        self.client = Client(raise_request_exception=False)  # a 500 is a finding
        self.page = None

    def prices(self) -> dict[int, Decimal]:
        return {pk: Decimal(yen) for pk, yen in Item.objects.values_list("pk", "yen")}

    def lines(self) -> dict[str, tuple[int, int]]:
        key = self.client.session.session_key
        rows = BasketRow.objects.filter(basket__session_key=key).values_list("pk", "item_id", "qty")
        return {str(pk): (item, qty) for pk, item, qty in rows}

    def add(self, product_id: int) -> None:
        self.navigate(self.client.post(f"/add/{product_id}/", follow=True))

    def remove(self, line_id: str) -> None:
        self.navigate(self.client.post(f"/basket/remove/{line_id}/", follow=True))

    def view_cart(self) -> None:
        self.navigate(self.client.get("/basket/"))

    def start_checkout(self) -> None:
        self.navigate(self.client.get("/checkout/"))

    def cart_total(self) -> Decimal:
        response = ok(self.client.get("/basket/", headers={"X-Upsell-Refresh": "1"}))
        return Decimal(response.context["total"])

    def place_order(self) -> Decimal:
        before = set(Purchase.objects.values_list("pk", flat=True))
        self.navigate(self.client.post("/checkout/", {"buyer": "Tanuki Taro"}, follow=True))
        (purchase,) = Purchase.objects.exclude(pk__in=before)
        rows = sum(r.yen_each * r.qty for r in purchase.rows.all())
        assert purchase.total_yen == rows - purchase.discount_yen
        return Decimal(purchase.total_yen)


def test_basket_and_purchase_totals_are_the_shops_prices_less_exactly_what_is_still_agreed(
    settings, items, offers
):
    relax(settings)
    TanukiGoods.products = [items[code].pk for code in HAND_PICKED]
    run_machine(TanukiGoods)
