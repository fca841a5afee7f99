"""A burst of accepts on one oscar basket (double clicks, retries, two tabs) changes it once:
the basket row is locked while an offer is applied. Real transactions need PostgreSQL."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from django.db import connection, connections
from django.test import Client
from oscar.core.loading import get_model

from upsell_app.models import OfferAcceptance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS = 10
Basket = get_model("basket", "Basket")


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) to race real transactions")


def burst(shopper: Client, url: str, body: str, keys: list[str]) -> list[int]:
    start = threading.Barrier(len(keys))

    def click(key: str) -> int:
        tab = Client()  # each thread has its own database connection
        tab.cookies = SimpleCookie(shopper.cookies.output(header="", sep=";"))
        try:
            start.wait()
            return tab.post(
                url, body, content_type="application/json", headers={"Idempotency-Key": key}
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        return list(pool.map(click, keys))


@pytest.fixture
def upsell_offer(client, products) -> tuple[str, str]:
    client.post(f"/basket/add/{products['phone-128'].pk}/", {"quantity": 1})
    offer = client.get(
        "/upsell/api/offers/", {"trigger": "add_to_cart", "product_id": products["phone-128"].pk}
    ).json()["offer"]
    choice = offer["choices"][0]
    body = {k: choice[k] for k in ("product_id", "line_id", "quote")}
    return f"/upsell/api/offers/{offer['id']}/accept/", json.dumps(body)


def basket_products() -> list[str]:
    return [line.product.title for line in Basket.objects.get().lines.all()]


def test_ten_concurrent_accepts_with_one_key_swap_the_line_once(client, upsell_offer):
    url, body = upsell_offer

    statuses = burst(client, url, body, ["same-click"] * REQUESTS)

    assert statuses == [200] * REQUESTS
    assert OfferAcceptance.objects.count() == 1
    assert basket_products() == ["Aozora Phone Pro 256 GB"]


def test_ten_concurrent_accepts_with_different_keys_change_the_basket_once(client, upsell_offer):
    url, body = upsell_offer

    statuses = burst(client, url, body, [uuid.uuid4().hex for _ in range(REQUESTS)])

    assert sorted(statuses) == [200] + [409] * (REQUESTS - 1)
    assert basket_products() == ["Aozora Phone Pro 256 GB"]
