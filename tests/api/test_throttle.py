"""Throttling is polite: generous by default, configurable under REST_FRAMEWORK."""

from __future__ import annotations

import pytest

from upsell_app.serving.throttles import DEFAULT_RATES

from . import scenarios

pytestmark = pytest.mark.django_db


def test_offers_are_throttled_at_the_configured_rate(shopper, settings, no_cooldown):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "2/min"},
    }

    statuses = [shopper.get_offers("cart_view").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert shopper.get_offers("cart_view").json()["code"] == "throttled"


def test_throttling_counts_per_shopper_not_per_address(shopper, make_shopper, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "1/min"},
    }
    shopper.get_offers("cart_view")

    assert make_shopper().get_offers("cart_view").status_code == 200


def test_requests_held_back_by_restraint_are_not_counted(shopper, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "1/min"},
    }
    s = scenarios.cross_sell()
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None  # counted: the one allowed

    # The cool-down holds every later request back before the throttle is asked.
    statuses = {shopper.get_offers("add_to_cart", s.source.pk).status_code for _ in range(5)}

    assert statuses == {200}


def test_unconfigured_rates_fall_back_to_generous_defaults(shopper, settings, no_cooldown):
    settings.REST_FRAMEWORK = {
        k: v for k, v in settings.REST_FRAMEWORK.items() if k != "DEFAULT_THROTTLE_RATES"
    }

    statuses = {shopper.get_offers("cart_view").status_code for _ in range(30)}

    assert statuses == {200}
    assert DEFAULT_RATES["upsell_offers"] == "300/min"


def test_throttled_answer_says_when_the_window_reopens(shopper, settings, no_cooldown):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "1/min"},
    }
    shopper.get_offers("cart_view")

    response = shopper.get_offers("cart_view")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
