"""An event moment's offer only after the shop's own signal recorded that moment for this shopper.

The browser names the moment it asks about; the server shows (and accepts) an event's offer only
when it saw that event happen: a fresh session asking for ``order_completed`` gets nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import Client

from tests.factories import ProductFactory
from upsell_app.models import OfferAcceptance
from upsell_app.selection.types import Trigger
from upsell_app.serving import moments
from upsell_app.serving.presentation import QUOTE_SALT

from . import scenarios
from .conftest import Shopper

pytestmark = pytest.mark.django_db


def forged_thank_you_quote(shopper: Shopper, s: scenarios.Scenario, stamp: int) -> dict:
    """The thank-you offer as the server signs it, for this shopper, naming a moment's stamp."""
    token = moments.shopper_token(shopper.request())
    assert token, "the shopper has a token: it was shown something before"
    target = s.targets[0]
    claims = {
        "o": s.offer.pk, "p": target.pk, "l": None, "b": None, "u": "800",
        "t": "order_completed", "c": None, "s": token, "v": "f" * 32, "m": stamp,
    }  # fmt: skip
    quote = signing.dumps(claims, salt=QUOTE_SALT, compress=False)
    return {
        "id": s.offer.pk,
        "kind": "cross_sell",
        "choices": [{"product_id": target.pk, "line_id": None, "quote": quote}],
    }


def test_fresh_session_asking_for_order_completed_gets_no_offer(shopper):
    scenarios.thank_you_cross_sell()
    response = shopper.get_offers("order_completed")
    assert response.status_code == 200
    assert response.json() == {"offer": None}


def test_order_completed_offer_shows_after_the_shops_order_signal(shopper):
    s = scenarios.thank_you_cross_sell()
    shopper.prove("order_completed")
    offer = shopper.offer("order_completed", proven=False)
    assert offer is not None and offer["id"] == s.offer.pk


def test_accept_of_an_order_completed_quote_is_refused_when_no_order_happened(shopper):
    """Failure 2: even a quote the server signed is refused when its moment never happened."""
    s = scenarios.thank_you_cross_sell()
    other = ProductFactory(price=Decimal("500"))
    scenarios.cross_sell(sources=[other], triggers=["add_to_cart"])
    shopper.add(other)
    assert shopper.offer("add_to_cart", other.pk) is not None  # a real moment: the token exists
    real_stamp = moments.proof_stamp(
        shopper_record(shopper), Trigger.ADD_TO_CART, other.pk, moments.now_ms(), 300
    )
    before = shopper.state()

    response = shopper.accept(forged_thank_you_quote(shopper, s, real_stamp))

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "moment_not_proven"
    assert response.json()["detail"]
    assert shopper.state() == before
    assert not OfferAcceptance.objects.exists()


def test_thank_you_quote_of_a_real_order_is_refused_in_a_fresh_session(shopper):
    """Failure 2 as reported: the thank-you price is not for a session that never ordered."""
    s = scenarios.thank_you_cross_sell()
    shopper.prove("order_completed")
    offer = shopper.offer("order_completed", proven=False)
    fresh = Shopper(Client())
    assert fresh.offer("order_completed", proven=False) is None

    response = fresh.accept(offer)

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "quote_not_yours"
    assert fresh.product_ids() == []
    assert s.targets[0].pk not in fresh.product_ids()


def test_accept_of_a_proven_order_completed_offer_succeeds(shopper):
    s = scenarios.thank_you_cross_sell()
    shopper.prove("order_completed")
    offer = shopper.offer("order_completed", proven=False)

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.targets[0].pk]


def test_add_to_cart_proof_is_for_the_product_that_was_added(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.prove("add_to_cart", ProductFactory().pk)  # something else was added
    assert shopper.offer("add_to_cart", s.source.pk, proven=False) is None
    shopper.prove("add_to_cart", s.source.pk)
    assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None


def test_the_page_fires_the_moment_once_and_its_proof_stays_for_the_offers_request(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)
    request = shopper.request()

    assert moments.take_page_moment(request) == ("add_to_cart", s.source.pk)
    assert moments.take_page_moment(request) is None  # the next page does not fire it again
    assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None


def test_cart_view_needs_no_proof(shopper):
    s = scenarios.upsell()
    shopper.add(s.source)
    assert shopper.offer("cart_view")["id"] == s.offer.pk


def shopper_record(shopper: Shopper) -> dict:
    token = moments.shopper_token(shopper.request())
    return caches["default"].get(moments.record_key(token))


# -- the record's rules, without a cache ----------------------------------------------------------
NOW = 10_000_000


def test_a_proof_older_than_the_moments_max_age_is_not_honoured():
    record = moments.with_moment(None, Trigger.CHECKOUT_START, None, NOW - 301_000)
    assert moments.proof_stamp(record, Trigger.CHECKOUT_START, None, NOW, 300) is None
    assert moments.proof_stamp(record, Trigger.CHECKOUT_START, None, NOW - 2_000, 300) == (
        NOW - 301_000
    )


def test_a_proof_of_one_moment_does_not_prove_another():
    record = moments.with_moment(None, Trigger.ADD_TO_CART, 5, NOW)
    assert moments.proof_stamp(record, Trigger.ORDER_COMPLETED, None, NOW, 300) is None
    assert moments.proof_stamp(record, Trigger.ADD_TO_CART, 5, NOW, 300) == NOW


def test_the_newest_proof_of_the_product_wins_and_older_ones_still_hold():
    record = moments.with_moment(None, Trigger.ADD_TO_CART, 5, NOW - 10)
    record = moments.with_moment(record, Trigger.ADD_TO_CART, 6, NOW - 5)
    record = moments.with_moment(record, Trigger.ADD_TO_CART, 5, NOW)
    assert moments.proof_stamp(record, Trigger.ADD_TO_CART, 5, NOW, 300) == NOW
    assert moments.holds(record, Trigger.ADD_TO_CART, 5, NOW - 10, NOW)
    assert not moments.holds(record, Trigger.ADD_TO_CART, 6, NOW - 10, NOW)
    assert not moments.holds(record, Trigger.ADD_TO_CART, 5, NOW - 11, NOW)
