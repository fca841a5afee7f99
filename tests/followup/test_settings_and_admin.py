"""Follow-up mail's settings are checked at start-up, and the admin configures its moments."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import OfferFactory, StaffUserFactory
from upsell_app.followup.checks import check_follow_up_settings
from upsell_app.models import FollowUp, FollowUpMoment


def check_ids(**upsell) -> list[str]:
    with override_settings(UPSELL=upsell):
        return [error.id for error in check_follow_up_settings()]


def test_the_defaults_pass_the_checks():
    assert check_ids() == []


@pytest.mark.parametrize("hours", [(21,), (21, 24), ("21", "9"), 21])
def test_quiet_hours_must_be_two_hours_of_the_day(hours):
    assert check_ids(FOLLOW_UP_QUIET_HOURS=hours) == ["upsell_app.E702"]


def test_the_site_url_must_be_absolute():
    assert check_ids(FOLLOW_UP_SITE_URL="shop.example") == ["upsell_app.E703"]


@pytest.mark.parametrize(
    "key, value",
    [
        ("FOLLOW_UP_MIN_DAYS_BETWEEN", -1),
        ("FOLLOW_UP_WINDOW_DAYS", 0),
        ("REPLENISHMENT_MIN_OBSERVATIONS", 0),
        ("FOLLOW_UP_WINDOW_DAYS", True),
    ],
)
def test_counts_of_days_and_purchases_are_whole_numbers_in_range(key, value):
    assert check_ids(**{key: value}) == ["upsell_app.E701"]


@pytest.mark.django_db
def test_the_admin_adds_a_follow_up_moment_to_an_offer(client):
    client.force_login(StaffUserFactory())
    offer = OfferFactory()
    response = client.post(
        reverse("admin:upsell_app_followup_add"),
        {"offer": offer.pk, "moment": FollowUpMoment.AFTER_DELIVERY, "days": 10, "is_active": "on"},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(offer=offer)
    assert (follow_up.moment, follow_up.days) == (FollowUpMoment.AFTER_DELIVERY, 10)


@pytest.mark.django_db
def test_the_follow_up_form_speaks_japanese(client):
    client.force_login(StaffUserFactory())
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("admin:upsell_app_followup_add")).content.decode()
    assert "お届け後" in html and "補充（そろそろなくなる頃）" in html


def test_mail_that_would_not_name_its_sender_and_address_is_warned_about():
    site = {"FOLLOW_UP_SITE_URL": "https://shop.example"}
    assert check_ids(**site) == ["upsell_app.W701"]
    named = {"FOLLOW_UP_SENDER_NAME": "Shop", "FOLLOW_UP_SENDER_ADDRESS": "Tokyo"}
    assert check_ids(**site, **named) == []
