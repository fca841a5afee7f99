"""One click after purchase: an accepted thank-you offer joins the order just placed.

The demo shop names its order adapter; the shopper places a real order through its checkout, the
thank-you pop-up says "added to order #N", and accepting adds one line to that order at the price
the app computed. After the window, or without an order adapter, the offer says it starts a new
order and accepting fills a new cart as before.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order, OrderLine
from tests.factories import ProductFactory
from upsell_app.analytics.attribution import attribute_order, order_payload
from upsell_app.analytics.dashboard import Period, kpis
from upsell_app.models import Attribution, OfferAcceptance, OrderOutcome

from . import scenarios
from .conftest import Shopper

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}
CONCURRENT = 20


def place_order(shopper: Shopper) -> Order:
    """Buy a notebook through the demo's own checkout (it sends ``order_completed``)."""
    shopper.add(ProductFactory(name="Notebook", price=Decimal("1200")))
    response = shopper.client.post(reverse("shop:checkout"), CUSTOMER)
    assert response.status_code == 302, response.content
    return Order.objects.get(session_key=shopper.session_key)


def thank_you(shopper: Shopper) -> dict:
    """The thank-you page's offer request (the order's own signal proved the moment)."""
    offer = shopper.offer("order_completed", proven=False)
    assert offer is not None
    return offer


def age(order: Order, minutes: int) -> None:
    """Move the order's placed time back instead of waiting."""
    earlier = order.created_at - timedelta(minutes=minutes)
    Order.objects.filter(pk=order.pk).update(created_at=earlier)


@pytest.fixture
def without_order_adapter(settings):
    settings.UPSELL = {**settings.UPSELL, "ORDER_ADAPTER": None}


def test_thank_you_offer_says_it_is_added_to_the_order_just_placed(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    assert offer["order"]["joins"] is True
    assert offer["order"]["number"] == order.number
    assert f"#{order.number}" in offer["order"]["text"]
    assert "¥800" in offer["order"]["text"]
    assert offer["accept_label"] == f"Add to order #{order.number}"


def test_accepting_the_thank_you_offer_adds_one_line_to_the_order_and_its_total(shopper):
    s = scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    response = shopper.accept(thank_you(shopper))
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    added = OrderLine.objects.get(order=order, product=s.targets[0])
    assert (added.quantity, added.unit_price, added.offer_id) == (1, Decimal("800"), s.offer.pk)
    assert order.total == Decimal("2000")
    assert response.json()["order"]["total_display"] == "¥2,000"
    assert not CartLine.objects.exists()  # no new cart


def test_the_same_idempotency_key_answers_the_same_and_adds_nothing_more(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    first = shopper.accept(offer, key="same")
    again = shopper.accept(offer, key="same")
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert order.lines.count() == 2


def test_a_second_accept_with_another_key_adds_no_second_line(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    shopper.accept(offer, key="first")
    second = shopper.accept(offer, key="second")
    assert second.status_code == 409
    assert second.json()["code"] == "already_in_order"
    assert order.lines.count() == 2


def test_after_the_window_the_offer_says_it_starts_a_new_order(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    age(order, 16)
    offer = thank_you(shopper)
    assert offer["order"]["joins"] is False
    assert "new order" in offer["order"]["text"]
    assert offer["accept_label"] != f"Add to order #{order.number}"


def test_after_the_window_accepting_fills_a_new_cart_and_leaves_the_order(shopper):
    s = scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    age(order, 16)
    response = shopper.accept(thank_you(shopper))
    assert response.status_code == 200, response.content
    assert order.lines.count() == 1
    assert shopper.product_ids() == [s.targets[0].pk]


def test_an_order_that_closes_between_pop_up_and_accept_is_left_unchanged(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    age(order, 16)
    response = shopper.accept(offer)
    assert response.status_code == 409
    assert response.json()["code"] == "order_closed"
    assert order.lines.count() == 1 and not OfferAcceptance.objects.exists()


def test_the_window_is_a_setting(shopper, settings):
    settings.UPSELL = {**settings.UPSELL, "POST_PURCHASE_WINDOW_MINUTES": 30}
    scenarios.thank_you_cross_sell()
    age(place_order(shopper), 20)
    assert thank_you(shopper)["order"]["joins"] is True


def test_without_an_order_adapter_the_offer_says_it_starts_a_new_order(
    shopper, without_order_adapter
):
    s = scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    assert offer["order"]["joins"] is False
    assert shopper.accept(offer).status_code == 200
    assert order.lines.count() == 1
    assert shopper.product_ids() == [s.targets[0].pk]


def test_another_shoppers_order_is_never_joined(shopper, make_shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    other = make_shopper()
    other.client.session.save()
    session = other.client.session
    session["_upsell_placed_order"] = order.number  # as if it claimed the number
    session.save()
    other.prove("order_completed")
    offer = other.offer("order_completed", proven=False)
    assert offer["order"]["joins"] is False


def test_the_added_line_counts_as_post_purchase_revenue_of_its_order(
    shopper, django_capture_on_commit_callbacks
):
    scenarios.thank_you_cross_sell()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(shopper)  # its outcome is recorded once the order commits
    with django_capture_on_commit_callbacks(execute=True):
        shopper.accept(thank_you(shopper))
    (line,) = Attribution.objects.filter(post_purchase=True)
    assert (line.order.order_id, line.revenue, line.incremental) == (
        order.number,
        Decimal("800"),
        Decimal("800"),
    )
    outcome = OrderOutcome.objects.get(order_id=order.number)
    assert (outcome.total, outcome.attributed_revenue) == (Decimal("2000"), Decimal("800"))


def test_the_dashboard_shows_post_purchase_revenue(shopper, django_capture_on_commit_callbacks):
    scenarios.thank_you_cross_sell()
    with django_capture_on_commit_callbacks(execute=True):
        place_order(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        shopper.accept(thank_you(shopper))
    figures = kpis(Period.last_days(30))
    assert (figures.post_purchase_revenue, figures.post_purchase_lines) == (Decimal("800"), 1)


def test_an_order_recorded_after_its_post_purchase_accept_still_counts_it(shopper):
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)  # its outcome's task has not run (no commit in this test)
    shopper.accept(thank_you(shopper))
    assert not Attribution.objects.exists()
    attribute_order(order_payload(None, order.number, [], total=Decimal("1200")))
    outcome = OrderOutcome.objects.get(order_id=order.number)
    assert (outcome.total, outcome.attributed_revenue) == (Decimal("2000"), Decimal("800"))
    assert Attribution.objects.filter(post_purchase=True).count() == 1


def test_a_post_purchase_line_is_not_counted_again_by_the_shoppers_next_order(
    shopper, django_capture_on_commit_callbacks
):
    s = scenarios.thank_you_cross_sell()
    with django_capture_on_commit_callbacks(execute=True):
        place_order(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        shopper.accept(thank_you(shopper))
    later = order_payload(
        None,
        "NEXT-1",
        [{"product_id": s.targets[0].pk, "quantity": 1, "unit_price": 800, "offer_id": None}],
    )
    later["shopper_key"] = OfferAcceptance.objects.get().shopper_key
    assert attribute_order(later) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_with_different_keys_add_one_line(shopper):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")
    scenarios.thank_you_cross_sell()
    order = place_order(shopper)
    offer = thank_you(shopper)
    choice = offer["choices"][0]
    body = json.dumps({"product_id": choice["product_id"], "quote": choice["quote"]})
    start = threading.Barrier(CONCURRENT)

    def click(n: int) -> int:
        browser = Client()  # one per thread; each thread gets its own database connection
        browser.cookies[settings.SESSION_COOKIE_NAME] = shopper.session_key
        try:
            start.wait()
            return browser.post(
                reverse("upsell:offer-accept", args=[offer["id"]]),
                body,
                content_type="application/json",
                headers={"Idempotency-Key": f"tab-{n}"},
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        statuses = sorted(pool.map(click, range(CONCURRENT)))

    assert statuses == [200] + [409] * (CONCURRENT - 1)
    assert order.lines.count() == 2
    order.refresh_from_db()
    assert order.total == Decimal("2000")
