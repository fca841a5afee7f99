"""Redis down, in process: the shop keeps selling on the database alone.

The cache points at a local port nothing listens on, configured as the demo configures its Redis
(short timeouts, errors not ignored). ``test_redis_outage.py`` does the same with a real Redis
that dies under load.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order
from tests.analytics.brokers import closed_port
from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.factories import UserFactory
from upsell_app.models import OfferAcceptance, OfferDecline, OfferEvent
from upsell_app.serving import outages
from upsell_app.serving.shopper_state import SESSION_DECLINED

pytestmark = [pytest.mark.django_db, pytest.mark.faults]


def dead_cache() -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
        }
    }


@pytest.fixture
def redis_down():
    outages.forget_reports()
    with override_settings(CACHES=dead_cache()):
        yield
    outages.forget_reports()


@pytest.fixture
def outage(django_capture_on_commit_callbacks):
    """Redis goes down now; after-commit work runs as in a real request (events are written
    once the accept's transaction commits)."""

    @contextmanager
    def down():
        with override_settings(CACHES=dead_cache()):
            with django_capture_on_commit_callbacks(execute=True):
                yield

    return down


@pytest.fixture
def shopper(client) -> Shopper:
    return Shopper(client)


def test_shop_pages_and_add_to_cart_work(shopper, redis_down):
    s = scenarios.cross_sell()
    client = shopper.client
    assert client.get(reverse("shop:catalogue")).status_code == 200
    assert client.get(s.source.get_absolute_url()).status_code == 200
    added = client.post(reverse("shop:add", args=[s.source.slug]), {"quantity": 1})
    assert added.status_code == 302
    assert CartLine.objects.filter(cart__session_key=client.session.session_key).count() == 1
    assert client.get(reverse("shop:cart")).status_code == 200


def test_checkout_places_the_order(shopper, outage):
    s = scenarios.cross_sell()
    client = shopper.client
    with outage():
        client.post(reverse("shop:add", args=[s.source.slug]), {"quantity": 1})
        assert client.get(reverse("shop:checkout")).status_code == 200  # checkout_started
        placed = client.post(
            reverse("shop:checkout"), {"name": "Hana Sato", "email": "hana@example.com"}
        )
        assert placed.status_code == 302
        assert client.get(placed["Location"]).status_code == 200  # the confirmation page
    assert Order.objects.filter(email="hana@example.com").count() == 1


def test_offers_answer_no_offer(shopper, redis_down, caplog):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    with caplog.at_level(logging.WARNING, logger="upsell_app.outages"):
        response = shopper.get_offers("add_to_cart", s.source.pk)
    assert response.status_code == 200
    assert response.json() == {"offer": None}
    assert 'answers "no offer"' in caplog.text


def test_an_offer_shown_before_the_outage_is_accepted_on_the_database(shopper, outage):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    assert offer is not None
    with outage():
        response = shopper.accept(offer)
    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk]
    assert OfferAcceptance.objects.filter(offer=s.offer).count() == 1
    assert OfferEvent.objects.filter(offer=s.offer, type="accept").count() == 1


def test_the_same_idempotency_key_changes_the_cart_once_during_an_outage(shopper, outage):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    with outage():
        first, again = shopper.accept(offer, key="k-1"), shopper.accept(offer, key="k-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk]


def test_decline_is_recorded_in_the_database_and_remembered_by_the_session(shopper, outage):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    with outage():
        assert shopper.decline(offer["id"]).status_code == 200
    assert OfferEvent.objects.filter(offer=s.offer, type="decline").count() == 1
    assert shopper.client.session[SESSION_DECLINED] == [s.offer.pk]


def test_a_decline_made_during_the_outage_holds_when_redis_is_back(settings, shopper, outage):
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
    }
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    with outage():
        shopper.decline(offer["id"])
    # Redis is back, and forgot everything (restarted without a disk copy).
    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_a_customers_decline_is_stored_for_good(shopper, outage):
    user = UserFactory()
    shopper.client.force_login(user)
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    with outage():
        assert shopper.decline(offer["id"]).status_code == 200
    assert OfferDecline.objects.filter(user=user, offer=s.offer).exists()


def test_dismiss_and_click_work(shopper, outage):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    with outage():
        click = shopper.client.post(
            reverse("upsell:event-create"),
            {"type": "click", "offer_id": offer["id"]},
            content_type="application/json",
        )
        assert click.status_code == 202
        assert shopper.dismiss(offer["id"]).status_code == 200
    answers = OfferEvent.objects.filter(offer=s.offer).exclude(type="impression")
    assert sorted(answers.values_list("type", flat=True)) == ["click", "dismiss"]


def test_the_throttle_lets_requests_through_with_a_log_line(shopper, redis_down, caplog):
    s = scenarios.cross_sell()
    with caplog.at_level(logging.WARNING, logger="upsell_app.outages"):
        response = shopper.decline(s.offer.pk)
    assert response.status_code == 200
    assert "throttle: cache unreachable" in caplog.text
    assert "unthrottled" in caplog.text


def test_an_outage_is_reported_once_per_place_and_interval(shopper, redis_down, caplog):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    with caplog.at_level(logging.WARNING, logger="upsell_app.outages"):
        for _ in range(5):
            shopper.get_offers("add_to_cart", s.source.pk)
    assert caplog.text.count('answers "no offer"') == 1
