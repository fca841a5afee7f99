"""Decline ("No thanks") and dismiss (Esc / ×): restraint the shopper asked for."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from upsell_app.models import OfferDecline

from . import scenarios

pytestmark = pytest.mark.django_db


def test_decline_returns_declined(shopper):
    s = scenarios.cross_sell()

    response = shopper.decline(s.offer.pk)

    assert response.status_code == 200
    assert response.json() == {"declined": True}


def test_decline_silences_that_offer_for_the_session(shopper, no_cooldown):
    declined = scenarios.cross_sell()
    other = scenarios.upsell()
    shopper.add(declined.source)
    shopper.add(other.source)

    shopper.decline(declined.offer.pk)

    assert shopper.offer("add_to_cart", declined.source.pk) is None
    assert shopper.offer("cart_view")["id"] == other.offer.pk


def test_decline_keeps_every_popup_quiet_for_a_while(shopper, settings):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    declined = scenarios.cross_sell()
    other = scenarios.upsell()
    shopper.add(declined.source)
    shopper.add(other.source)

    shopper.decline(declined.offer.pk)

    assert shopper.offer("cart_view") is None


def test_decline_does_not_silence_another_shopper(shopper, make_shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.decline(s.offer.pk)
    someone_else = make_shopper()
    someone_else.add(s.source)

    assert someone_else.offer("add_to_cart", s.source.pk)["id"] == s.offer.pk


def test_a_customers_decline_holds_in_their_next_session(make_shopper, no_cooldown):
    customer = UserFactory()
    s = scenarios.cross_sell()
    phone = make_shopper()
    phone.client.force_login(customer)
    phone.decline(s.offer.pk)

    laptop = make_shopper()
    laptop.client.force_login(customer)
    laptop.add(s.source)

    assert OfferDecline.objects.filter(user=customer, offer=s.offer).exists()
    assert laptop.offer("add_to_cart", s.source.pk) is None


def test_dismiss_silences_that_offer_for_the_session(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)

    response = shopper.dismiss(s.offer.pk)

    assert response.status_code == 200
    assert response.json() == {"dismissed": True}
    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_dismiss_is_not_remembered_beyond_the_session(make_shopper, no_cooldown):
    customer = UserFactory()
    s = scenarios.cross_sell()
    first = make_shopper()
    first.client.force_login(customer)
    first.dismiss(s.offer.pk)

    second = make_shopper()
    second.client.force_login(customer)
    second.add(s.source)

    assert not OfferDecline.objects.exists()
    assert second.offer("add_to_cart", s.source.pk)["id"] == s.offer.pk


def test_decline_of_an_unknown_offer_returns_404(shopper):
    response = shopper.decline(999_999)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_decline_without_a_csrf_token_returns_403(make_shopper, no_cooldown):
    browser = make_shopper(enforce_csrf_checks=True)
    s = scenarios.cross_sell()
    browser.add(s.source)

    response = browser.decline(s.offer.pk)

    assert response.status_code == 403
    assert browser.offer("add_to_cart", s.source.pk) is not None


def test_dismiss_without_a_csrf_token_returns_403(make_shopper):
    browser = make_shopper(enforce_csrf_checks=True)
    s = scenarios.cross_sell()

    assert browser.dismiss(s.offer.pk).status_code == 403


def test_a_logged_in_customer_needs_a_csrf_token_too(make_shopper):
    browser = make_shopper(enforce_csrf_checks=True)
    browser.client.force_login(UserFactory())
    s = scenarios.cross_sell()

    response = browser.decline(s.offer.pk)

    assert response.status_code == 403
    assert not OfferDecline.objects.exists()
