"""A cart kept in the session, locked by a cache lock (no database row): bursts of accepts change
it exactly once, on PostgreSQL and Redis as in production."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client

from tests.api import scenarios
from upsell_app.models import CartAdjustment, OfferAcceptance

REQUESTS = 20


def _needs_real_services() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")
    if not hasattr(caches["default"], "lock"):
        pytest.skip("needs Redis (REDIS_URL=redis://...): the cart lock lives in the cache")


def _burst(session_key: str, offer: dict, choice: dict, keys: list[str]) -> list[int]:
    body = json.dumps(
        {
            "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
            "line_id": choice["line_id"],
            "quote": choice["quote"],
        }
    )
    url = f"/upsell/api/offers/{offer['id']}/accept/"
    start = threading.Barrier(len(keys))

    def click(key: str) -> int:
        browser = Client()  # one per thread; each thread gets its own database connection
        browser.cookies[settings.SESSION_COOKIE_NAME] = session_key
        try:
            start.wait()
            return browser.post(
                url, body, content_type="application/json", headers={"Idempotency-Key": key}
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        return list(pool.map(click, keys))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_with_one_key_change_the_session_cart_once(session_shopper):
    _needs_real_services()
    s = scenarios.cross_sell()
    session_shopper.add(s.source)
    offer = session_shopper.offer("add_to_cart", s.source.pk)

    statuses = _burst(session_shopper.session_key, offer, offer["choices"][0], ["burst"] * 20)

    assert statuses == [200] * REQUESTS
    assert [p for _, p, _ in session_shopper.lines()] == [s.source.pk, s.targets[0].pk]
    assert [q for _, _, q in session_shopper.lines()] == [1, 1]
    assert OfferAcceptance.objects.count() == 1
    assert CartAdjustment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_with_different_keys_change_the_session_cart_once(
    session_shopper,
):
    _needs_real_services()
    s = scenarios.cross_sell()
    session_shopper.add(s.source)
    offer = session_shopper.offer("add_to_cart", s.source.pk)
    keys = [f"key-{n}" for n in range(REQUESTS)]

    statuses = _burst(session_shopper.session_key, offer, offer["choices"][0], keys)

    assert sorted(statuses) == [200] + [409] * (REQUESTS - 1)
    assert [p for _, p, _ in session_shopper.lines()] == [s.source.pk, s.targets[0].pk]
    assert [q for _, _, q in session_shopper.lines()] == [1, 1]
    assert OfferAcceptance.objects.exclude(response={}).count() == 1
    assert CartAdjustment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_upsell_accepts_with_different_keys_swap_the_line_once(
    session_shopper,
):
    _needs_real_services()
    s = scenarios.upsell()
    line_id = session_shopper.add(s.source)
    offer = session_shopper.offer("cart_view")
    keys = [f"key-{n}" for n in range(REQUESTS)]

    statuses = _burst(session_shopper.session_key, offer, offer["choices"][0], keys)

    assert sorted(statuses) == [200] + [409] * (REQUESTS - 1)
    assert session_shopper.lines() == [(line_id, s.targets[0].pk, 1)]
    assert CartAdjustment.objects.count() == 1
