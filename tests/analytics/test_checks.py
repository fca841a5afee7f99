"""System checks catch analytics settings that cannot work."""

from __future__ import annotations

import pytest

from upsell_app.analytics.checks import check_analytics_settings


def ids(errors) -> list[str]:
    return [e.id for e in errors]


def test_defaults_pass():
    assert check_analytics_settings() == []


def test_the_holdout_can_be_switched_off(settings):
    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0}
    assert check_analytics_settings() == []


@pytest.mark.parametrize(
    ("key", "value", "check_id"),
    [
        ("GUARD_DECLINE_RATE", 85, "upsell_app.E401"),  # a percentage instead of a rate
        ("AB_CONFIDENCE", 1.0, "upsell_app.E401"),
        ("AB_MIN_SAMPLE", 1, "upsell_app.E402"),
        ("GUARD_WINDOW", "200", "upsell_app.E402"),
        ("LTV_YEARS_RETAINED", 0, "upsell_app.E403"),
        ("EVENTS_ASYNC", "yes", "upsell_app.E404"),
        ("EVENTS_FLUSH_BATCH", 0, "upsell_app.E402"),
        ("EVENTS_FLUSH_SECONDS", -1, "upsell_app.E405"),
        ("EVENTS_BUFFER_URL", "amqp://guest@127.0.0.1//", "upsell_app.E406"),
        ("HOLDOUT_SHARE", 5, "upsell_app.E401"),  # a percentage instead of a share
        ("HOLDOUT_SHARE", 0.8, "upsell_app.E401"),  # the app would be off for most shoppers
        ("HOLDOUT_SHARE", -0.05, "upsell_app.E401"),
        ("HOLDOUT_SHARE", "5%", "upsell_app.E401"),
    ],
)
def test_impossible_setting_is_reported(settings, key, value, check_id):
    settings.UPSELL = {**settings.UPSELL, key: value}
    assert ids(check_analytics_settings()) == [check_id]
