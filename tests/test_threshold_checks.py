"""``manage.py check --database``: active spend thresholds need the adapter's threshold_state."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import SpendThresholdFactory
from upsell_app.adapters import SimpleCartAdapter
from upsell_app.shop.integration_checks import check_thresholds_have_a_state

pytestmark = pytest.mark.django_db


class SilentAdapter(SimpleCartAdapter):
    """Lines only: says nothing about spend thresholds."""


SILENT = f"{__name__}.SilentAdapter"


def ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_active_thresholds_without_threshold_state_are_reported():
    SpendThresholdFactory()

    with override_settings(UPSELL={**settings.UPSELL, "CART_ADAPTER": SILENT}):
        messages = check_thresholds_have_a_state(databases=["default"])

    assert ids(messages) == ["upsell_app.W090"]
    assert "free_shipping" in messages[0].msg


def test_an_adapter_with_threshold_state_is_not_reported():
    SpendThresholdFactory()

    assert check_thresholds_have_a_state(databases=["default"]) == []  # the demo's adapter


def test_inactive_thresholds_are_not_reported():
    SpendThresholdFactory(is_active=False)

    with override_settings(UPSELL={**settings.UPSELL, "CART_ADAPTER": SILENT}):
        assert check_thresholds_have_a_state(databases=["default"]) == []
