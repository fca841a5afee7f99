"""The cookie cart against a real server (a live server on 127.0.0.1, PostgreSQL, Redis): a
burst of accepts applies one, and an accept racing the shop's own add-to-cart never loses a
change silently."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from django.core.cache import caches
from django.db import connection

from upsell_app.models import Attribution, CartAdjustment, OfferAcceptance

from .cart import COOKIE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS = 20


@pytest.fixture
def server(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")
    if not hasattr(caches["default"], "lock"):
        pytest.skip("needs Redis (REDIS_URL=redis://...): the cart's lock and versions live there")
    return live_server.url


class Browser:
    """One shopper's cookies, as their browser sends them with every request of the script."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies: dict[str, str] = {}
        self.get("/")

    def _keep(self, response: requests.Response) -> requests.Response:
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str, **params: Any) -> requests.Response:
        return self._keep(requests.get(self.url + path, params=params, cookies=self.cookies))

    def post(
        self, path: str, body: dict, cookies: dict[str, str] | None = None, **headers: str
    ) -> requests.Response:
        """A POST with ``cookies`` (default: the current ones); the answer's cookies not kept."""
        cookies = dict(cookies or self.cookies)
        headers = {"X-CSRFToken": cookies["csrftoken"], **headers}
        return requests.post(self.url + path, json=body, cookies=cookies, headers=headers)

    def add(self, product_id: int) -> requests.Response:
        return self._keep(self.post("/api/cart/add/", {"product_id": product_id}))

    def accept_body(self, offer: dict) -> dict:
        choice = offer["choices"][0]
        return {
            "quote": choice["quote"],
            "line_id": choice["line_id"],
            "product_id": choice["product_id"],
        }

    def cart_titles(self, cart_cookie: str) -> list[str]:
        cookies = {**self.cookies, COOKIE: cart_cookie}
        lines = requests.get(self.url + "/api/cart/", cookies=cookies).json()["lines"]
        return [line["title"] for line in lines]


def _all_at_once(calls: list) -> list[requests.Response]:
    start = threading.Barrier(len(calls))

    def run(call):  # noqa: ANN001, ANN202
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_twenty_concurrent_accepts_with_different_keys_apply_one_and_attribute_one(
    server, sweets, offers
):
    browser = Browser(server)
    browser.add(sweets["yokan"].pk)
    offer = browser.get(
        "/upsell/api/offers/", trigger="add_to_cart", product_id=sweets["yokan"].pk
    ).json()["offer"]
    body = browser.accept_body(offer)
    url = f"/upsell/api/offers/{offer['id']}/accept/"

    answers = _all_at_once(
        [
            lambda n=n: browser.post(url, body, **{"Idempotency-Key": f"key-{n}"})
            for n in range(REQUESTS)
        ]
    )

    assert sorted(a.status_code for a in answers) == [200] + [409] * (REQUESTS - 1)
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"cart_changed"}
    assert OfferAcceptance.objects.count() == 1
    assert CartAdjustment.objects.count() == 1
    [winner] = [a for a in answers if a.status_code == 200]
    browser.cookies.update(winner.cookies.get_dict())
    placed = browser.post("/api/checkout/", {"buyer": "Aoi"})
    assert placed.status_code == 200, placed.text
    assert Attribution.objects.filter(acceptance__isnull=False).count() == 1


def test_an_accept_racing_the_shops_own_add_keeps_both_or_refuses_one_clearly(
    server, sweets, offers
):
    browser = Browser(server)
    browser.add(sweets["yokan"].pk)
    offer = browser.get(
        "/upsell/api/offers/", trigger="add_to_cart", product_id=sweets["yokan"].pk
    ).json()["offer"]
    read = dict(browser.cookies)  # both requests start from this cart

    accepted, added = _all_at_once(
        [
            lambda: browser.post(
                f"/upsell/api/offers/{offer['id']}/accept/",
                browser.accept_body(offer),
                read,
                **{"Idempotency-Key": "race"},
            ),
            lambda: browser.post("/api/cart/add/", {"product_id": sweets["daifuku"].pk}, read),
        ]
    )

    statuses = sorted([accepted.status_code, added.status_code])
    if statuses == [200, 200]:  # both survive: the later cart must hold both changes
        pytest.fail("a cookie cart cannot merge two writers; one must have been refused")
    assert statuses == [200, 409]
    refused, kept = (accepted, added) if accepted.status_code == 409 else (added, accepted)
    assert refused.json()["code"] == "cart_changed"
    assert "changed" in refused.json()["detail"]
    titles = browser.cart_titles(kept.cookies[COOKIE])
    assert titles == (["Yokan", "Daifuku"] if kept is added else ["Yokan", "Sencha 50 g"])
    assert OfferAcceptance.objects.count() == (1 if kept is accepted else 0)
