"""The dashboard's breakdown by audience: first-time vs returning customers, and device class."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.factories import OfferFactory, ProductFactory, StaffUserFactory
from upsell_app.analytics import dashboard
from upsell_app.analytics.recording import event_payload, write_events
from upsell_app.models import EventType

pytestmark = pytest.mark.django_db

URL = "/admin/upsell_app/dashboard/"


def _events(offer, audience, impressions, accepts, value="3000"):
    write_events(
        [
            event_payload(EventType.IMPRESSION, offer.pk, audience=audience)
            for _ in range(impressions)
        ]
        + [
            event_payload(EventType.ACCEPT, offer.pk, audience=audience, value=Decimal(value))
            for _ in range(accepts)
        ]
    )


def _by_audience():
    return {
        (r.dimension, r.value): r for r in dashboard.audience_rows(dashboard.Period.last_days())
    }


def test_breakdown_counts_impressions_take_rate_and_value_per_customer_type():
    offer = OfferFactory()
    _events(offer, "first_time:phone", impressions=10, accepts=1)
    _events(offer, "returning:desktop", impressions=4, accepts=2)

    rows = _by_audience()

    assert rows["customer", "first_time"].impressions == 10
    assert rows["customer", "first_time"].take_rate == pytest.approx(0.1)
    assert rows["customer", "returning"].take_rate == pytest.approx(0.5)
    assert rows["customer", "returning"].accepted_value == Decimal("6000")


def test_breakdown_counts_each_device_class_across_customer_types():
    offer = OfferFactory()
    _events(offer, "first_time:phone", impressions=3, accepts=0)
    _events(offer, "returning:phone", impressions=2, accepts=1)
    _events(offer, "returning:desktop", impressions=5, accepts=0)

    rows = _by_audience()

    assert rows["device", "phone"].impressions == 5
    assert rows["device", "phone"].accepts == 1
    assert rows["device", "desktop"].impressions == 5
    assert ("device", "tablet") not in rows  # no impression: not listed


def test_events_without_an_audience_are_left_out():
    _events(OfferFactory(), "", impressions=3, accepts=1)

    assert dashboard.audience_rows(dashboard.Period.last_days()) == []


def test_dashboard_page_shows_the_breakdown_by_audience(client):
    client.force_login(StaffUserFactory())
    _events(OfferFactory(), "returning:tablet", impressions=4, accepts=1)

    page = client.get(URL).content.decode()

    assert 'id="upsell-audience-table"' in page
    assert "Returning customers" in page and "Tablets" in page
    assert "25.0%" in page


def test_simulated_month_shows_first_time_and_returning_shoppers():
    camera = ProductFactory(name="Camera", price=Decimal("50000"))
    card = ProductFactory(name="Card", price=Decimal("3000"))
    OfferFactory(name="Card", sources=[camera], targets=[card])

    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")

    rows = _by_audience()
    assert rows["customer", "first_time"].impressions > 0
    assert rows["customer", "returning"].impressions > 0
    assert {value for dimension, value in rows if dimension == "device"} == {
        "phone",
        "tablet",
        "desktop",
    }


def test_simulated_month_shows_an_offer_aimed_at_returning_customers_only_to_them():
    camera = ProductFactory(name="Camera", price=Decimal("50000"))
    card = ProductFactory(name="Card", price=Decimal("3000"))
    OfferFactory(
        name="Loyal", sources=[camera], targets=[card], audience={"customer_types": ["returning"]}
    )

    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")

    rows = _by_audience()
    assert rows["customer", "returning"].impressions > 0
    assert ("customer", "first_time") not in rows
