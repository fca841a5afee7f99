"""Kumo Tea, through the API as its pop-up calls it: each of the five kinds of offer, keyed by a
UUID or by a string code, from the shop's own moment to a placed order at the agreed prices."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from upsell_app.models import OfferAcceptance, PurchaseLine

from .models import Order
from .upsell_adapter import BY_VARIANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper() -> Client:
    return Client()


def add(shopper: Client, sku: str) -> None:
    assert shopper.post(reverse("add", args=[sku])).status_code == 302


def offer_at(shopper: Client, trigger: str, product_key=None) -> dict:  # noqa: ANN001
    query = {"trigger": trigger}
    if product_key is not None:
        query["product_id"] = str(product_key)
    response = shopper.get(reverse("upsell:offer-list"), query)
    assert response.status_code == 200, response.content
    offer = response.json()["offer"]
    assert offer is not None
    return offer


def page_offer(page) -> dict:  # noqa: ANN001
    """The offer a page decided for its widget, as the page's JSON hands it to the script."""
    return json.loads(json.dumps(page.context["config"]["offer"], cls=DjangoJSONEncoder))


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


def place_order(shopper: Client) -> Order:
    response = shopper.post(reverse("checkout"))
    assert response.status_code == 302, response.content
    return Order.objects.get()


def rows_of(order: Order) -> dict[str, tuple[int, int]]:
    return {row.variant_id: (row.qty, row.yen_each) for row in order.rows.all()}


def as_json(key) -> object:  # noqa: ANN001
    """A key as the API's JSON carries it: a UUID or a code as text."""
    return str(key)


def test_the_offer_names_products_by_the_shops_own_keys(shopper, shelf, offers):
    add(shopper, shelf.skus["kettle"])

    offer = offer_at(shopper, "add_to_cart", shelf.key("kettle"))

    assert [c["product_id"] for c in offer["choices"]] == [as_json(shelf.key("kettle-pro"))]


def test_upsell_swaps_the_line_and_the_order_carries_the_agreed_price(shopper, shelf, offers):
    add(shopper, shelf.skus["kettle"])
    accept(shopper, offer_at(shopper, "add_to_cart", shelf.key("kettle")))

    order = place_order(shopper)

    assert rows_of(order) == {"KETTLE-PRO": (1, 4050)}
    assert order.total_yen == 4050
    assert OfferAcceptance.objects.get().product_id == shelf.key("kettle-pro")


def test_cross_sell_adds_the_partner_at_its_discount(shopper, shelf, offers):
    add(shopper, shelf.skus["teapot"])
    accept(shopper, offer_at(shopper, "add_to_cart", shelf.key("teapot")))

    order = place_order(shopper)

    assert rows_of(order) == {"TEAPOT": (1, 6000), "TOWEL": (1, 800)}
    assert order.total_yen == 6800


def test_bundle_adds_the_set_and_the_order_takes_its_discount(shopper, shelf, offers):
    add(shopper, shelf.skus["dripper"])
    accept(shopper, offer_at(shopper, "cart_view"))

    order = place_order(shopper)

    assert rows_of(order) == {"DRIPPER": (1, 2500), "FILTERS": (1, 500), "SERVER": (1, 2000)}
    assert (order.discount_yen, order.total_yen) == (400, 4600)


def test_subscription_switch_is_ordered_at_the_plan_price(shopper, shelf, offers):
    add(shopper, shelf.skus["sencha"])
    page = shopper.get(reverse("checkout"))  # the shop's checkout_started; decided in the page
    accept(shopper, page_offer(page))

    order = place_order(shopper)

    assert rows_of(order) == {"SENCHA": (1, 1620)}
    assert order.rows.get().note


def test_downsell_after_a_removal_orders_the_cheaper_product(shopper, shelf, offers):
    add(shopper, shelf.skus["kettle-pro"])
    row_id = shopper.get(reverse("cart")).context["rows"][0][0].pk
    shopper.post(reverse("remove", args=[row_id]))
    accept(shopper, offer_at(shopper, "item_removed", shelf.key("kettle-pro")))

    order = place_order(shopper)

    assert rows_of(order) == {"KETTLE-MINI": (1, 2000)}


def test_the_placed_order_is_recorded_in_history_under_the_shops_keys(shopper, shelf, offers):
    add(shopper, shelf.skus["teapot"])
    place_order(shopper)

    assert list(PurchaseLine.objects.values_list("product_id", flat=True)) == [
        shelf.key("teapot")
    ]


def test_a_product_id_this_shop_cannot_have_is_a_400_not_a_500(shopper, shelf, offers):
    bad = "KETTLE-GOLD-" + "X" * 80 if BY_VARIANT else "not-a-uuid"
    query = {"trigger": "add_to_cart", "product_id": bad}

    response = shopper.get(reverse("upsell:offer-list"), query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_product_id"


def test_a_learned_cross_sell_offers_what_was_bought_together_and_is_ordered(
    shopper, shelf, settings
):
    from upsell_app.associations import history, refresh

    from .conftest import _offer

    settings.UPSELL = {**settings.UPSELL, "ASSOCIATIONS_MIN_COUNT": 1}
    together = [history.OrderLine(shelf.key("teapot")), history.OrderLine(shelf.key("towel"))]
    for n in range(3):
        history.record_order(f"H-{n}", together)
    # Another order without them: bought together more often than chance (lift 4/3, not 1).
    history.record_order("H-other", [history.OrderLine(shelf.key("sencha"))])
    refresh.full_rebuild()
    _offer("cross_sell", ["add_to_cart"], [shelf.products["teapot"]], [], target_source="learned")

    add(shopper, shelf.skus["teapot"])
    offer = offer_at(shopper, "add_to_cart", shelf.key("teapot"))
    assert [c["product_id"] for c in offer["choices"]] == [as_json(shelf.key("towel"))]
    accept(shopper, offer)

    assert rows_of(place_order(shopper)) == {"TEAPOT": (1, 6000), "TOWEL": (1, 1000)}
