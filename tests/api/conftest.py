"""A shopper driving the API with a cart in the demo shop, set up through its models.

The demo shop's own pages are not needed: the cart belongs to the test client's session, exactly
as the shop's views would create it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from shop_demo.shop.models import Cart, CartLine
from upsell_app import adjustments, signals
from upsell_app.receivers import set_pending
from upsell_app.selection.types import Trigger


class Shopper:
    """One browser session: its cart, and the API calls the widget makes."""

    def __init__(self, client: Client) -> None:
        self.client = client
        client.session.save()  # creates the session and its cookie

    @property
    def session_key(self) -> str:
        """The session the browser holds now (a login gives it a new key, same data)."""
        return self.client.session.session_key

    # -- the cart, as the shop stores it -----------------------------------------------------
    @property
    def cart(self) -> Cart:
        cart, _ = Cart.objects.get_or_create(session_key=self.session_key)
        return cart

    def add(
        self,
        product: Any,
        quantity: int = 1,
        unit_price: Decimal | None = None,
    ) -> CartLine:
        line = CartLine.objects.create(
            cart=self.cart,
            product=product,
            quantity=quantity,
            unit_price=product.price if unit_price is None else unit_price,
        )
        signals.cart_changed.send(sender=Cart, request=self.request())  # as the shop does
        return line

    def agreed(self) -> adjustments.CartAdjustments:
        """What the app agreed that the cart still earns, as the shop reads it when totalling."""
        lines = CartLine.objects.filter(cart__session_key=self.session_key)
        return adjustments.for_cart(self.request(), list(lines))

    def state(self) -> tuple:
        """Everything an accept may change: lines (at the prices charged) and set discounts."""
        agreed = self.agreed()
        lines = tuple(
            (pk, product_id, quantity, agreed.unit_price(str(pk), price), agreed.plan(str(pk)))
            for pk, product_id, quantity, price in CartLine.objects.filter(
                cart__session_key=self.session_key
            )
            .order_by("pk")
            .values_list("pk", "product_id", "quantity", "unit_price")
        )
        discounts = tuple(sorted((d.key, d.amount) for d in agreed.discounts))
        return lines, discounts

    def product_ids(self) -> list[int]:
        return list(
            CartLine.objects.filter(cart__session_key=self.session_key)
            .order_by("pk")
            .values_list("product_id", flat=True)
        )

    def request(self) -> Any:
        """A request of this session, as the shop's views pass it to the app's signals."""
        request = RequestFactory().post("/cart/remove/")
        engine = import_module(settings.SESSION_ENGINE)  # the shop's own session store
        request.session = engine.SessionStore(session_key=self.session_key)
        request.user = AnonymousUser()
        return request

    def prove(self, trigger: str, product_id: int | None = None) -> None:
        """The shop's signal saw this moment happen (its view sends it, its middleware saves)."""
        request = self.request()
        set_pending(request, Trigger(trigger), product_id)
        request.session.save()

    # -- the API, as the widget calls it -----------------------------------------------------
    def get_offers(self, trigger: str, product_id: int | None = None, **params: Any) -> Any:
        query = {"trigger": trigger, **params}
        if product_id is not None:
            query["product_id"] = product_id
        return self.client.get(reverse("upsell:offer-list"), query)

    def offer(
        self, trigger: str, product_id: int | None = None, *, proven: bool = True
    ) -> dict | None:
        """The widget's offers request; an event moment first happens in the shop (``proven``)."""
        if proven and trigger != "cart_view":
            self.prove(trigger, product_id)
        response = self.get_offers(trigger, product_id)
        assert response.status_code == 200, response.content
        return response.json()["offer"]

    def accept(
        self,
        offer: dict,
        choice: dict | None = None,
        *,
        key: str | None = "key-1",
        body: dict | None = None,
        **extra: Any,
    ) -> Any:
        choice = choice or offer["choices"][0]
        if body is None:
            body = {
                "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
                "line_id": choice["line_id"],
                "quote": choice["quote"],
                # As the widget does: a subscription's accept names the terms the shopper read.
                **_read_terms(offer),
                **extra,
            }
        headers = {"Idempotency-Key": key} if key is not None else {}
        return self.client.post(
            reverse("upsell:offer-accept", args=[offer["id"]]),
            json.dumps(body),
            content_type="application/json",
            headers=headers,
        )

    def accept_picks(self, offer: dict, choices: list[dict], *, key: str = "key-1") -> Any:
        """Tick several choices of a cross-sell and accept them together."""
        body = {"picks": [{"product_id": c["product_id"], "quote": c["quote"]} for c in choices]}
        return self.client.post(
            reverse("upsell:offer-accept", args=[offer["id"]]),
            json.dumps(body),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )

    def undo(self, confirmation: dict) -> Any:
        return self.client.post(confirmation["undo"]["url"])

    def decline(self, offer_id: int) -> Any:
        return self.client.post(reverse("upsell:offer-decline", args=[offer_id]))

    def dismiss(self, offer_id: int) -> Any:
        return self.client.post(reverse("upsell:offer-dismiss", args=[offer_id]))


@pytest.fixture
def shopper(db, client) -> Shopper:
    return Shopper(client)


@pytest.fixture
def make_shopper(db):
    """Another browser (its own session); ``enforce_csrf_checks`` like a real browser."""

    def make(**client_kwargs: Any) -> Shopper:
        return Shopper(Client(**client_kwargs))

    return make


@pytest.fixture
def no_cooldown(settings):
    """Several pop-ups in one test: no quiet time between them."""
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 100,
    }


@pytest.fixture
def redis_cache(settings):
    """The app's cache on a real Redis (see :mod:`tests.api.redis_cache`)."""
    from django.core.cache import caches

    from tests.redis_keys import clear_own_keys

    from .redis_cache import use_redis_cache

    use_redis_cache(settings)
    yield caches["default"]
    clear_own_keys(caches["default"])


def _read_terms(offer: dict) -> dict:
    digest = (offer.get("subscription") or {}).get("terms_digest")
    return {"terms_digest": digest} if digest else {}
