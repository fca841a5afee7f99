"""A shopper whose cart lives in the session, accepting offers through the app's API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.sessions import SessionStore
from upsell_app.receivers import set_pending
from upsell_app.selection.types import Trigger

from .cart import SessionCart

ADAPTER = "tests.sessioncart.adapter.SessionCartAdapter"


class SessionShopper:
    def __init__(self, client: Client) -> None:
        self.client = client
        session = client.session
        session.save()
        self.session_key: str = session.session_key

    def store(self) -> SessionStore:
        return SessionStore(session_key=self.session_key)

    def add(self, product: Any, quantity: int = 1) -> str:
        store = self.store()
        line_id = SessionCart(store).add(product.pk, quantity)
        store.save()
        return line_id

    def lines(self) -> list[tuple[str, int, int]]:
        """``(line id, product id, quantity)`` as the shop's cart holds them now."""
        rows = SessionCart(self.store()).lines()
        return [(r["id"], r["product_id"], r["quantity"]) for r in rows]

    def set_quantity(self, line_id: str, quantity: int) -> None:
        """The shop's own quantity form: no signal to the app."""
        store = self.store()
        SessionCart(store).set_quantity(line_id, quantity)
        store.save()

    def request(self) -> Any:
        request = RequestFactory().get("/cart/")
        request.session = self.store()
        request.user = AnonymousUser()
        return request

    def offer(self, trigger: str, product_id: int | None = None) -> dict:
        if trigger != "cart_view":  # an event moment first happens in the shop (its signal)
            request = self.request()
            set_pending(request, Trigger(trigger), product_id)
            request.session.save()
        query: dict[str, Any] = {"trigger": trigger}
        if product_id is not None:
            query["product_id"] = product_id
        response = self.client.get(reverse("upsell:offer-list"), query)
        assert response.status_code == 200, response.content
        return response.json()["offer"]

    def accept(self, offer: dict, choice: dict | None = None, *, key: str = "key-1") -> Any:
        choice = choice or offer["choices"][0]
        body = {
            "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
            "line_id": choice["line_id"],
            "quote": choice["quote"],
            # As the widget does: a subscription's accept names the terms the shopper read.
            **_read_terms(offer),
        }
        return self.client.post(
            reverse("upsell:offer-accept", args=[offer["id"]]),
            json.dumps(body),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )


@pytest.fixture
def session_cart_settings(settings):
    settings.UPSELL = {
        **settings.UPSELL,
        "CART_ADAPTER": ADAPTER,
        "POPUP_COOLDOWN_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 100,
    }
    return settings


@pytest.fixture
def session_shopper(db, client, session_cart_settings) -> SessionShopper:
    return SessionShopper(client)


def _read_terms(offer: dict) -> dict:
    digest = (offer.get("subscription") or {}).get("terms_digest")
    return {"terms_digest": digest} if digest else {}
