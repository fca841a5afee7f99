"""Throttling is polite: generous by default, configurable under REST_FRAMEWORK."""

from __future__ import annotations

import pytest

from upsell_app.api.throttles import DEFAULT_RATES

pytestmark = pytest.mark.django_db


def test_offers_are_throttled_at_the_configured_rate(shopper, settings):
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


def test_unconfigured_rates_fall_back_to_generous_defaults(shopper, settings):
    settings.REST_FRAMEWORK = {
        k: v for k, v in settings.REST_FRAMEWORK.items() if k != "DEFAULT_THROTTLE_RATES"
    }

    statuses = {shopper.get_offers("cart_view").status_code for _ in range(30)}

    assert statuses == {200}
    assert DEFAULT_RATES["upsell_offers"] == "300/min"
