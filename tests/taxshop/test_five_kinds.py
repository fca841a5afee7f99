"""Chaya Tea, through the API as its pop-up calls it: each of the five kinds of offer, in a shop
whose prices are stored without tax at 8 % (food) and 10 % (goods) and shown with it, to a
placed order that carries the agreed prices without tax, the tax by rate and no fractional yen.

Figures are worked by hand: each line's tax is its amount times its rate, rounded down.
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from upsell_app.models import OfferAcceptance

from .models import Purchase

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def shopper() -> Client:
    return Client()


def add(shopper: Client, item) -> None:  # noqa: ANN001
    assert shopper.post(reverse("add", args=[item.pk])).status_code == 302


def offer_at(shopper: Client, trigger: str, item=None) -> dict:  # noqa: ANN001
    query = {"trigger": trigger}
    if item is not None:
        query["product_id"] = str(item.pk)
    response = shopper.get(reverse("upsell:offer-list"), query)
    assert response.status_code == 200, response.content
    offer = response.json()["offer"]
    assert offer is not None
    return offer


def accept(shopper: Client, offer: dict, choice: dict | None = None) -> dict:
    choice = choice or offer["choices"][0]
    body = {
        "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
        "line_id": choice["line_id"],
        "quote": choice["quote"],
    }
    digest = (offer.get("subscription") or {}).get("terms_digest")
    if digest:
        body["terms_digest"] = digest
    response = shopper.post(
        reverse("upsell:offer-accept", args=[offer["id"]]),
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 200, response.content
    return response.json()


def shop_total(shopper: Client) -> Decimal:
    """The basket's total as the shop's own page computes it (tax included)."""
    return shopper.get(reverse("basket")).context["priced"].total


def place_order(shopper: Client) -> Purchase:
    response = shopper.post(reverse("checkout"), {"buyer": "Chaya Hanako"})
    assert response.status_code == 302, response.content
    return Purchase.objects.get()


def rows_of(purchase: Purchase) -> dict[str, tuple[Decimal, int, Decimal]]:
    """Each row's price without tax, its rate and its tax."""
    return {r.item.code: (r.price_each, r.rate, r.tax) for r in purchase.rows.all()}


def amounts_of(purchase: Purchase) -> list[Decimal]:
    found = [purchase.subtotal, purchase.discount, purchase.tax_8, purchase.tax_10, purchase.total]
    for r in purchase.rows.all():
        found += [r.price_each, r.amount, r.tax]
    for d in purchase.discounts.all():
        found += [d.amount, d.tax]
    return found


def assert_whole_yen(purchase: Purchase) -> None:
    fractional = [a for a in amounts_of(purchase) if a != a.to_integral_value()]
    assert fractional == []


def assert_priced_as_agreed(purchase: Purchase) -> None:
    reports = OfferAcceptance.objects.values_list("order_id", "order_mismatch")
    assert all(report == (purchase.number, "") for report in reports), list(reports)


def test_upsell_is_shown_with_tax_and_ordered_at_its_price_without_tax(shopper, items, offers):
    add(shopper, items["sencha"])
    offer = offer_at(shopper, "add_to_cart", items["sencha"])
    choice = offer["choices"][0]
    # 2980 less 10 % is 2682 without tax; + floor(214.56) = 2896 with it
    assert choice["price_display"] == "¥2,896 税込"
    assert choice["difference_display"] == "+¥1,298 税込"  # 2896 - (1480 + 118)

    cart = accept(shopper, offer)["cart"]

    assert D(cart["total"]) == shop_total(shopper) == D("2896")
    assert cart["total_display"] == "¥2,896 税込"
    purchase = place_order(shopper)
    assert rows_of(purchase) == {"sencha-premium": (D("2682"), 8, D("214"))}
    assert (purchase.tax_8, purchase.tax_10, purchase.total) == (D("214"), D("0"), D("2896"))
    assert_whole_yen(purchase)
    assert_priced_as_agreed(purchase)


def test_cross_sell_shows_the_new_cart_total_the_shop_then_charges(shopper, items, offers):
    add(shopper, items["kyusu"])
    offer = offer_at(shopper, "add_to_cart", items["kyusu"])
    yunomi = next(c for c in offer["choices"] if c["title"] == "Yunomi cup")
    assert yunomi["price_display"] == "¥1,196 税込"  # 1280 less 15 % = 1088; + 108
    assert offer["selection"]["cart_total_display"] == "¥5,478 税込"  # 4980 + 498
    picked = offer["choices"].index(yunomi)
    live = offer["selection"]["totals"][1 << picked]["cart_total_display"]

    cart = accept(shopper, offer, yunomi)["cart"]

    assert live == cart["total_display"] == "¥6,674 税込"
    assert D(cart["total"]) == shop_total(shopper)
    purchase = place_order(shopper)
    assert rows_of(purchase) == {
        "kyusu": (D("4980"), 10, D("498")),
        "yunomi": (D("1088"), 10, D("108")),
    }
    assert (purchase.tax_10, purchase.total) == (D("606"), D("6674"))
    assert_whole_yen(purchase)
    assert_priced_as_agreed(purchase)


def test_a_mixed_rate_set_discount_is_split_by_rate_with_its_tax(shopper, items, offers):
    add(shopper, items["chasen"])
    offer = offer_at(shopper, "cart_view")
    # The set without tax: 3480 + 1650 + 3300 = 8430, less 500: 402 at 10 % and 98 at 8 %
    # (in proportion to 6780 and 1650), taking off 40 and 7 of tax.
    assert offer["bundle"]["list_price_display"] == "¥9,240 税込"  # 3828 + 1782 + 3630
    assert offer["bundle"]["package_price_display"] == "¥8,693 税込"  # 9240 - 442 - 105

    cart = accept(shopper, offer)["cart"]

    assert D(cart["total"]) == shop_total(shopper) == D("8693")
    purchase = place_order(shopper)
    assert {(d.rate, d.amount, d.tax) for d in purchase.discounts.all()} == {
        (10, D("402"), D("40")),
        (8, D("98"), D("7")),
    }
    assert (purchase.subtotal, purchase.discount) == (D("8430"), D("500"))
    assert (purchase.tax_8, purchase.tax_10) == (D("125"), D("638"))  # 132 - 7; 348 + 330 - 40
    assert purchase.total == D("8693")
    assert_whole_yen(purchase)
    assert_priced_as_agreed(purchase)


def test_a_subscription_of_a_341_yen_tea_is_agreed_in_whole_yen(shopper, items, offers):
    add(shopper, items["hojicha"])
    shopper.get(reverse("checkout"))  # the shop's checkout page: its moment
    offer = offer_at(shopper, "checkout_start")
    terms = {t["key"]: t["value"] for t in offer["subscription"]["terms"]}
    assert terms["price"] == "¥331 税込"  # 341 less 10 % = 306.9 -> 307; + floor(24.56)

    cart = accept(shopper, offer)["cart"]

    assert D(cart["total"]) == shop_total(shopper) == D("331")
    purchase = place_order(shopper)
    assert rows_of(purchase) == {"hojicha": (D("307"), 8, D("24"))}
    assert "every 1 month" in purchase.rows.get().note
    assert_whole_yen(purchase)
    assert_priced_as_agreed(purchase)


def test_downsell_after_a_removal_is_shown_with_its_tax(shopper, items, offers):
    add(shopper, items["sencha-premium"])
    row = Purchase._meta.apps.get_model("taxshop", "BasketRow").objects.get()
    shopper.post(reverse("remove", args=[row.pk]))
    offer = offer_at(shopper, "item_removed", items["sencha-premium"])
    assert offer["choices"][0]["price_display"] == "¥842 税込"  # 780 + floor(62.4)

    cart = accept(shopper, offer)["cart"]

    assert D(cart["total"]) == shop_total(shopper) == D("842")
    purchase = place_order(shopper)
    assert rows_of(purchase) == {"sencha-small": (D("780"), 8, D("62"))}
    assert_whole_yen(purchase)
    assert_priced_as_agreed(purchase)
