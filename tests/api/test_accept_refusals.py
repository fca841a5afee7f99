"""Every refused accept says why, with a status and a code, and leaves the cart unchanged."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone

from upsell_app.models import OfferAcceptance

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(shopper):
    """A cross-sell on screen: the shopper's cart, the scenario and the offer payload."""
    s = scenarios.cross_sell()
    shopper.add(s.source)
    return s, shopper.offer("add_to_cart", s.source.pk)


def _refused(shopper, response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    assert not OfferAcceptance.objects.exists()


def test_accept_returns_400_for_a_tampered_quote(shopper, shown):
    _, offer = shown
    before = shopper.state()
    payload, _, signature = offer["choices"][0]["quote"].partition(":")
    claims = json.loads(signing.b64_decode(payload.encode()))
    claims["u"] = "1"  # a cheaper price, under the original signature
    tampered = signing.b64_encode(json.dumps(claims).encode()).decode() + ":" + signature

    response = shopper.accept(offer, quote=tampered)

    _refused(shopper, response, 400, "invalid_quote")
    assert shopper.state() == before


def test_accept_returns_400_for_a_quote_signed_with_another_key(shopper, shown):
    s, offer = shown
    before = shopper.state()
    forged = signing.dumps(
        {"o": s.offer.pk, "p": s.targets[0].pk, "l": None, "u": "1", "t": "add_to_cart", "c": None},
        key="not-the-shop-key",
        salt="upsell_app.quote",
    )

    response = shopper.accept(offer, quote=forged)

    _refused(shopper, response, 400, "invalid_quote")
    assert shopper.state() == before


def test_accept_returns_409_when_price_changed(shopper, shown):
    s, offer = shown
    before = shopper.state()
    s.targets[0].price = Decimal("3500")
    s.targets[0].save()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "price_changed")
    assert response.json()["price_display"] == "¥3,500"
    assert shopper.state() == before


def test_accept_returns_400_when_a_price_is_sent(shopper, shown):
    _, offer = shown
    before = shopper.state()

    response = shopper.accept(offer, price="1")

    _refused(shopper, response, 400, "unknown_field")
    assert response.json()["detail"] == "Prices are computed by the shop; do not send them."
    assert shopper.state() == before


def test_accept_returns_409_for_an_inactive_offer(shopper, shown):
    s, offer = shown
    before = shopper.state()
    s.offer.is_active = False
    s.offer.save()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "offer_inactive")
    assert shopper.state() == before


def test_accept_returns_409_for_an_offer_that_has_ended(shopper, shown):
    s, offer = shown
    before = shopper.state()
    s.offer.ends_at = timezone.now() - timedelta(seconds=1)
    s.offer.save()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "offer_inactive")
    assert shopper.state() == before


def test_accept_returns_409_for_an_expired_quote(shopper, shown, settings, monkeypatch):
    _, offer = shown
    before = shopper.state()
    settings.UPSELL = {**settings.UPSELL, "QUOTE_MAX_AGE_SECONDS": 60}
    later = time.time() + 61
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "quote_expired")
    assert shopper.state() == before


def test_accept_returns_400_for_a_product_that_is_not_the_quoted_one(shopper, shown):
    _, offer = shown
    before = shopper.state()
    foreign = scenarios.ProductFactory(name="Foreign", price=Decimal("10"))

    response = shopper.accept(
        offer,
        body={
            "product_id": foreign.pk,
            "line_id": None,
            "quote": offer["choices"][0]["quote"],
        },
    )

    _refused(shopper, response, 400, "quote_mismatch")
    assert shopper.state() == before


def test_accept_returns_400_for_a_quote_of_another_offer(shopper, shown):
    _, offer = shown
    other = scenarios.upsell()
    before = shopper.state()

    response = shopper.accept({**offer, "id": other.offer.pk}, offer["choices"][0])

    _refused(shopper, response, 400, "quote_mismatch")
    assert shopper.state() == before


def test_accept_returns_409_when_the_target_sold_out_since(shopper, shown):
    s, offer = shown
    before = shopper.state()
    s.targets[0].stock = 0
    s.targets[0].save()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "not_eligible")
    assert shopper.state() == before


def test_accept_returns_409_when_the_source_left_the_cart(shopper):
    s = scenarios.upsell()
    line = shopper.add(s.source)
    offer = shopper.offer("cart_view")
    line.delete()
    before = shopper.state()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "not_eligible")
    assert shopper.state() == before


def test_accept_returns_409_for_a_declined_offer(shopper, shown):
    _, offer = shown
    shopper.decline(offer["id"])
    before = shopper.state()

    response = shopper.accept(offer)

    _refused(shopper, response, 409, "offer_declined")
    assert shopper.state() == before


def test_accept_returns_404_for_an_unknown_offer(shopper, shown):
    _, offer = shown
    before = shopper.state()

    response = shopper.accept({**offer, "id": 999_999}, offer["choices"][0])

    _refused(shopper, response, 404, "not_found")
    assert shopper.state() == before


def test_accept_returns_400_without_an_idempotency_key(shopper, shown):
    _, offer = shown
    before = shopper.state()

    response = shopper.accept(offer, key=None)

    _refused(shopper, response, 400, "idempotency_key_required")
    assert shopper.state() == before


def test_accept_returns_400_for_an_idempotency_key_over_64_characters(shopper, shown):
    _, offer = shown

    response = shopper.accept(offer, key="k" * 65)

    _refused(shopper, response, 400, "idempotency_key_too_long")


def test_accept_returns_400_without_a_quote(shopper, shown):
    s, offer = shown

    response = shopper.accept(offer, body={"product_id": s.targets[0].pk})

    _refused(shopper, response, 400, "invalid")
    assert "quote" in response.json()["errors"]


def test_accept_returns_403_without_a_csrf_token_for_an_anonymous_shopper(make_shopper):
    browser = make_shopper(enforce_csrf_checks=True)
    s = scenarios.cross_sell()
    browser.add(s.source)
    offer = browser.offer("add_to_cart", s.source.pk)
    before = browser.state()

    response = browser.accept(offer)

    _refused(browser, response, 403, "csrf_failed")
    assert browser.state() == before


def test_accept_succeeds_with_the_csrf_token_the_page_got(make_shopper):
    from django.middleware.csrf import _get_new_csrf_string

    browser = make_shopper(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    browser.client.cookies["csrftoken"] = token
    s = scenarios.cross_sell()
    browser.add(s.source)
    offer = browser.offer("add_to_cart", s.source.pk)

    response = browser.client.post(
        f"/upsell/api/offers/{offer['id']}/accept/",
        {"product_id": s.targets[0].pk, "line_id": None, "quote": offer["choices"][0]["quote"]},
        content_type="application/json",
        headers={"Idempotency-Key": "k", "X-CSRFToken": token},
    )

    assert response.status_code == 200, response.content
    assert browser.product_ids() == [s.source.pk, s.targets[0].pk]


def test_accept_returns_409_when_the_key_was_used_for_another_offer(
    shopper, shown, no_cooldown, django_capture_on_commit_callbacks
):
    s, offer = shown
    assert shopper.accept(offer, key="reused").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the new offer reaches the index
        other = scenarios.upsell()
    shopper.add(other.source)
    upsell = shopper.offer("cart_view")
    before = shopper.state()

    response = shopper.accept(upsell, key="reused")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert shopper.state() == before


def test_an_offer_that_would_sell_below_the_minimum_is_refused_with_a_clear_error(
    shopper, settings
):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    before = shopper.state()
    # The shop raised its minimum after the pop-up was shown: the card would sell for 2,500.
    settings.UPSELL = {**settings.UPSELL, "MIN_UNIT_PRICE": 2600}

    response = shopper.accept(offer)

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["minimum"]) == ("below_price_floor", "2600")
    assert "below the shop's minimum price" in body["detail"]
    assert shopper.state() == before
    assert not OfferAcceptance.objects.exists()


def test_an_offer_whose_discount_rounds_the_price_to_nothing_is_not_shown(shopper):
    s = scenarios.cross_sell(discount_type="percent", discount_value=Decimal("99.99"))
    shopper.add(s.source)

    assert shopper.offer("add_to_cart", s.source.pk) is None
