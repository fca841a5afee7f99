"""The spend-threshold nudge on the demo's cart page: the gap, the items that close it, the
accept that adds one, and what is measured."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from shop_demo.shop.cart import SHIPPING_FEE
from shop_demo.shop.models import CartLine, Order
from tests.factories import CartLineFactory, ProductFactory, SpendThresholdFactory
from upsell_app.associations import storage
from upsell_app.associations.ranking import Partner
from upsell_app.models import EventType, OfferAcceptance, OfferEvent, SpendThreshold

pytestmark = pytest.mark.django_db

NUDGE = re.compile(r'<section id="upsell-spend-nudge".*?</section>', re.S)


def cart_page(client) -> str:
    response = client.get(reverse("shop:cart"))
    assert response.status_code == 200
    return response.content.decode()


def nudge(html: str) -> str:
    found = NUDGE.search(html)
    assert found is not None, "the cart page has no nudge region"
    return found.group(0)


def suggested(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-upsell-nudge-item data-product-id="(\d+)"', html)]


def add_buttons(html: str) -> list[dict[str, str]]:
    return [
        {"url": url, "product_id": pid, "quote": quote}
        for url, pid, quote in re.findall(
            r'data-accept-url="([^"]+)" data-product-id="([^"]+)" data-quote="([^"]+)"', html
        )
    ]


def accept(client, button: dict[str, str], key: str = "nudge-1"):
    return client.post(
        button["url"],
        json.dumps({"quote": button["quote"], "product_id": int(button["product_id"])}),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


@pytest.fixture
def cart_4200(client_cart):
    """A cart worth ¥4,200: ¥800 short of free shipping at ¥5,000."""
    SpendThresholdFactory()
    CartLineFactory(cart=client_cart, product=ProductFactory(price=4200), unit_price=4200)
    return client_cart


def test_a_cart_800_short_of_free_shipping_shows_the_remaining_amount(client, cart_4200):
    html = nudge(cart_page(client))

    assert 'role="status"' in html
    assert "Add ¥800 more for free shipping" in html


def test_the_items_that_close_the_gap_are_the_cheapest_that_do(client, cart_4200):
    ProductFactory(price=700)  # too cheap to close the gap
    closers = [ProductFactory(price=p) for p in (1500, 800, 900, 2000)]

    assert suggested(nudge(cart_page(client))) == [closers[1].pk, closers[2].pk, closers[0].pk]


def test_a_product_learned_to_go_with_the_cart_comes_before_the_cheapest(
    client, client_cart, monkeypatch
):
    SpendThresholdFactory()
    kettle = ProductFactory(price=4200)
    CartLineFactory(cart=client_cart, product=kettle, unit_price=4200)
    cheapest = ProductFactory(price=800)
    filter_papers = ProductFactory(price=1200)
    learned = {kettle.pk: (Partner(filter_papers.pk, 40, 0.4, 3.0, 1.0),)}
    monkeypatch.setattr(storage, "get_partners_for", lambda ids: learned)

    assert suggested(nudge(cart_page(client))) == [filter_papers.pk, cheapest.pk]


def test_an_out_of_stock_product_is_never_suggested(client, cart_4200):
    ProductFactory(price=800, stock=0)
    in_stock = ProductFactory(price=900)

    assert suggested(nudge(cart_page(client))) == [in_stock.pk]


def test_a_product_already_in_the_cart_is_never_suggested(client, cart_4200):
    in_cart = ProductFactory(price=800)
    CartLineFactory(cart=cart_4200, product=in_cart, unit_price=100, quantity=1)
    other = ProductFactory(price=900)

    # ¥4,300 in the cart now: ¥700 short, and the product in the cart is not offered.
    html = nudge(cart_page(client))
    assert "Add ¥700 more" in html
    assert suggested(html) == [other.pk]


def test_a_cart_further_below_than_the_window_gets_no_nudge(client, client_cart):
    SpendThresholdFactory()
    CartLineFactory(cart=client_cart, product=ProductFactory(price=2900), unit_price=2900)
    ProductFactory(price=2500)

    html = nudge(cart_page(client))

    assert "more for" not in html and " hidden" in html


def test_a_cart_past_the_threshold_gets_no_nudge(client, client_cart):
    SpendThresholdFactory()
    CartLineFactory(cart=client_cart, product=ProductFactory(price=5000), unit_price=5000)

    assert "more for" not in nudge(cart_page(client))


def test_an_inactive_threshold_gets_no_nudge(client, client_cart):
    SpendThresholdFactory(is_active=False)
    CartLineFactory(cart=client_cart, product=ProductFactory(price=4200), unit_price=4200)

    assert "more for" not in nudge(cart_page(client))


def test_the_nudge_reads_in_japanese(client, cart_4200):
    ProductFactory(price=900)
    client.cookies["django_language"] = "ja"

    html = nudge(cart_page(client))

    assert "あと¥800で送料無料" in html
    assert "カートに追加" in html


def test_the_demo_charges_shipping_below_the_threshold(client, cart_4200):
    html = cart_page(client)

    assert re.search(r"data-cart-shipping>¥500<", html)
    assert re.search(r"data-cart-total>¥4,700<", html)


def test_adding_an_item_closes_the_gap_and_the_order_ships_free(client, cart_4200):
    closer = ProductFactory(price=900)
    button = add_buttons(nudge(cart_page(client)))[0]

    response = accept(client, button)

    assert response.status_code == 200, response.content
    assert CartLine.objects.filter(cart=cart_4200, product=closer).exists()
    assert "more for" not in nudge(cart_page(client))
    client.post(reverse("shop:checkout"), {"name": "Hanako", "email": "h@example.com"})
    order = Order.objects.get()
    assert (order.total, order.shipping) == (Decimal(5100), Decimal(0))


def test_an_order_short_of_the_threshold_pays_shipping(client, cart_4200):
    client.post(reverse("shop:checkout"), {"name": "Hanako", "email": "h@example.com"})

    order = Order.objects.get()
    assert (order.total, order.shipping) == (Decimal(4200), SHIPPING_FEE)


def test_an_accepted_item_is_measured_under_the_thresholds_offer(
    client, cart_4200, django_capture_on_commit_callbacks
):
    ProductFactory(price=900)
    with django_capture_on_commit_callbacks(execute=True):
        button = add_buttons(nudge(cart_page(client)))[0]
        accept(client, button)

    offer_id = SpendThreshold.objects.get().offer_id
    kinds = set(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))
    assert {EventType.IMPRESSION, EventType.ACCEPT} <= kinds
    acceptance = OfferAcceptance.objects.get()
    assert (acceptance.offer_id, acceptance.value) == (offer_id, Decimal(900))


def test_the_same_idempotency_key_adds_the_item_once(client, cart_4200):
    ProductFactory(price=900)
    button = add_buttons(nudge(cart_page(client)))[0]

    first, again = accept(client, button), accept(client, button)

    assert (first.status_code, again.status_code) == (200, 200)
    assert cart_4200.lines.count() == 2


def test_an_item_sold_out_since_it_was_shown_is_refused(client, cart_4200):
    closer = ProductFactory(price=900)
    button = add_buttons(nudge(cart_page(client)))[0]
    type(closer).objects.filter(pk=closer.pk).update(stock=0)

    response = accept(client, button)

    assert response.status_code == 409
    assert not CartLine.objects.filter(product=closer).exists()


def test_an_item_of_a_cart_that_has_since_reached_the_threshold_is_refused(client, cart_4200):
    closer = ProductFactory(price=900)
    button = add_buttons(nudge(cart_page(client)))[0]
    CartLineFactory(cart=cart_4200, product=ProductFactory(price=1000), unit_price=1000)

    assert accept(client, button).status_code == 409
    assert not CartLine.objects.filter(product=closer).exists()


def test_the_thresholds_offer_is_never_shown_as_a_pop_up(client, cart_4200):
    ProductFactory(price=900)

    response = client.get(reverse("upsell:offer-list"), {"trigger": "cart_view"})

    assert response.json()["offer"] is None
