"""Accepting compares the quoted price with the server's as numbers, never as formatted text."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core import signing

from upsell_app.models import OfferAcceptance
from upsell_app.serving.presentation import QUOTE_SALT

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(shopper):
    """A cross-sell on screen: the scenario and the offer payload."""
    s = scenarios.cross_sell()
    shopper.add(s.source)
    return s, shopper.offer("add_to_cart", s.source.pk)


def _quoted_at(offer: dict, price: str) -> dict:
    """The offer as shown, its quote signed by the server with the price written as ``price``
    (as a quote signed under other price settings would carry it)."""
    payload = offer["choices"][0]["quote"].split(":")[0]
    claims = json.loads(signing.b64_decode(payload.encode()))
    claims["u"] = price
    quote = signing.dumps(claims, salt=QUOTE_SALT, compress=False)
    return {**offer, "choices": [{**offer["choices"][0], "quote": quote}]}


def _shown_price(offer: dict) -> Decimal:
    payload = offer["choices"][0]["quote"].split(":")[0]
    return Decimal(json.loads(signing.b64_decode(payload.encode()))["u"])


def test_a_quote_writing_the_same_price_with_decimals_is_accepted(shopper, shown):
    s, offer = shown
    price = _shown_price(offer)
    same = f"{price:.2f}"  # "3000.00" for "3000"
    assert same != str(price)

    response = shopper.accept(_quoted_at(offer, same))

    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk]


def test_a_quote_naming_a_different_price_is_refused_as_price_changed(shopper, shown):
    _, offer = shown
    lower = f"{_shown_price(offer) - 1:.2f}"

    response = shopper.accept(_quoted_at(offer, lower))

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "price_changed"
    assert not OfferAcceptance.objects.exists()
