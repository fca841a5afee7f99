"""A burst of identical accepts (double clicks, retries) changes the cart exactly once."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from shop_demo.shop.models import CartLine
from upsell_app.models import OfferAcceptance

from . import scenarios

REQUESTS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_with_one_key_change_the_cart_once(shopper):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises every writer, so "
            "it cannot show whether the idempotency key holds under a real race"
        )
    s = scenarios.upsell()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    choice = offer["choices"][0]
    body = json.dumps(
        {"product_id": choice["product_id"], "line_id": choice["line_id"], "quote": choice["quote"]}
    )
    url = f"/upsell/api/offers/{offer['id']}/accept/"
    start = threading.Barrier(REQUESTS)

    def click(_: int) -> tuple[int, dict]:
        browser = Client()  # one per thread; each thread gets its own database connection
        browser.cookies[settings.SESSION_COOKIE_NAME] = shopper.session_key
        try:
            start.wait()
            response = browser.post(
                url, body, content_type="application/json", headers={"Idempotency-Key": "burst"}
            )
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(click, range(REQUESTS)))

    assert {status for status, _ in results} == {200}
    assert len({json.dumps(body, sort_keys=True) for _, body in results}) == 1
    assert OfferAcceptance.objects.count() == 1
    assert list(CartLine.objects.values_list("product_id", flat=True)) == [s.targets[0].pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_cross_sell_accepts_with_one_key_add_one_line(shopper):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    choice = offer["choices"][0]
    body = json.dumps({"product_id": choice["product_id"], "quote": choice["quote"]})
    start = threading.Barrier(REQUESTS)

    def click(_: int) -> int:
        browser = Client()
        browser.cookies[settings.SESSION_COOKIE_NAME] = shopper.session_key
        try:
            start.wait()
            return browser.post(
                f"/upsell/api/offers/{offer['id']}/accept/",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": "burst"},
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        statuses = list(pool.map(click, range(REQUESTS)))

    assert statuses == [200] * REQUESTS
    assert sorted(CartLine.objects.values_list("product_id", flat=True)) == sorted(
        [s.source.pk, s.targets[0].pk]
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_of_one_multi_pick_make_one_change(shopper):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    picks = [{"product_id": c["product_id"], "quote": c["quote"]} for c in offer["choices"][:2]]
    body = json.dumps({"picks": picks})
    start = threading.Barrier(REQUESTS)

    def click(_: int) -> tuple[int, dict]:
        browser = Client()
        browser.cookies[settings.SESSION_COOKIE_NAME] = shopper.session_key
        try:
            start.wait()
            response = browser.post(
                f"/upsell/api/offers/{offer['id']}/accept/",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": "multi-burst"},
            )
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(click, range(REQUESTS)))

    assert {status for status, _ in results} == {200}
    assert len({json.dumps(body, sort_keys=True) for _, body in results}) == 1
    assert OfferAcceptance.objects.count() == 1
    assert sorted(CartLine.objects.values_list("product_id", flat=True)) == sorted(
        [s.source.pk, s.targets[0].pk, s.targets[1].pk]
    )
