"""Kitsune Sweets' test fixtures: its shelf and one offer of each kind, set up as its store admin
would in the admin (Offer rows), a shopper that talks to its JSON API as its script does, and the
browser fixtures every browser test shares."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.browser.conftest import _no_restraint_between_steps, js_errors, page  # noqa: F401
from tests.shopbase.offers import Offers, make_offer, subscription_terms

from .cart import COOKIE
from .models import Sweet

SHELF = {
    "dorayaki": ("Dorayaki", 300),
    "dorayaki-gold": ("Dorayaki gold", 450),
    "dorayaki-mini": ("Dorayaki mini", 200),
    "yokan": ("Yokan", 1200),
    "tea": ("Sencha 50 g", 800),
    "daifuku": ("Daifuku", 250),
    "kinako": ("Kinako dust", 150),
    "kuromitsu": ("Kuromitsu syrup", 400),
    "matcha": ("Matcha 30 g", 1500),
}


SUBSCRIPTION_TERMS = subscription_terms(
    cancellation="Cancel any time from the order page, until 5 days before shipping."
)


@pytest.fixture
def sweets(db) -> dict[str, Sweet]:  # noqa: ARG001
    return {
        code: Sweet.objects.create(code=code, title=title, yen=yen)
        for code, (title, yen) in SHELF.items()
    }


def _offer(kind: str, triggers: list[str], sources: list, targets: list, **fields: Any) -> int:
    return make_offer(f"Kitsune {kind}", kind, triggers, sources, targets, **fields)


@pytest.fixture
def offers(sweets) -> Offers:
    s = sweets
    return Offers(
        upsell=_offer(
            "upsell",
            ["add_to_cart"],
            [s["dorayaki"]],
            [s["dorayaki-gold"]],
            discount_type="percent",
            discount_value=Decimal("10"),
        ),
        cross_sell=_offer(
            "cross_sell",
            ["add_to_cart"],
            [s["yokan"]],
            [s["tea"]],
            discount_type="percent",
            discount_value=Decimal("20"),
        ),
        bundle=_offer(
            "bundle",
            ["cart_view"],
            [s["daifuku"]],
            [s["kinako"], s["kuromitsu"]],
            discount_type="fixed",
            discount_value=Decimal("100"),
        ),
        subscription=_offer(
            "subscription",
            ["checkout_start"],
            [s["matcha"]],
            [],
            discount_type="percent",
            discount_value=Decimal("10"),
            **SUBSCRIPTION_TERMS,
        ),
        downsell=_offer(
            "downsell",
            ["item_removed"],
            [s["dorayaki-gold"]],
            [s["dorayaki-mini"]],
        ),
    )


class Shopper:
    """A browser on the shop's JSON API: its cookies (session, CSRF, the signed cart) as the
    script's requests carry them."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.client.get("/")  # the session, the CSRF cookie
        self.client.get("/api/cart/")

    def post(self, url: str, body: dict | None = None, **headers: str) -> Any:
        return self.client.post(
            url,
            json.dumps(body or {}),
            content_type="application/json",
            headers={"X-CSRFToken": self.client.cookies["csrftoken"].value, **headers},
        )

    def add(self, sweet: Sweet) -> Any:
        return self.post("/api/cart/add/", {"product_id": sweet.pk})

    def cart(self) -> dict:
        return self.client.get("/api/cart/").json()

    def offer(self, trigger: str, product_id: int | None = None) -> dict | None:
        query: dict[str, Any] = {"trigger": trigger}
        if product_id is not None:
            query["product_id"] = product_id
        return self.client.get("/upsell/api/offers/", query).json()["offer"]

    def accept(self, offer: dict, key: str = "k1") -> Any:
        choice = offer["choices"][0]
        body = {"quote": choice["quote"], "line_id": choice["line_id"]}
        if offer["kind"] != "bundle":
            body["product_id"] = choice["product_id"]
        return self.post(
            f"/upsell/api/offers/{offer['id']}/accept/", body, **{"Idempotency-Key": key}
        )

    @property
    def cart_cookie(self) -> str:
        return self.client.cookies[COOKIE].value

    def with_cart_cookie(self, value: str) -> None:
        """The browser sends an older cookie (another tab, a request that started earlier)."""
        self.client.cookies[COOKIE] = value


@pytest.fixture
def shopper(db, client) -> Shopper:  # noqa: ARG001
    return Shopper(client)
