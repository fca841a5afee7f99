"""The offer list: what each offer is, where it stands on its calendar, and finding one fast."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import OfferFactory
from upsell_app.admin import schedule_state
from upsell_app.models import Offer

from .offer_form import changelist_url

pytestmark = pytest.mark.django_db


def _listed(client, **params) -> set[str]:
    response = client.get(changelist_url(), params)
    assert response.status_code == 200
    return {offer.name for offer in response.context["cl"].result_list}


@pytest.fixture
def calendar():
    now = timezone.now()
    return {
        "live": OfferFactory(name="Live", starts_at=now - timedelta(days=1)),
        "open": OfferFactory(name="Open-ended"),
        "scheduled": OfferFactory(name="Scheduled", starts_at=now + timedelta(days=2)),
        "ended": OfferFactory(
            name="Ended", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
        ),
    }


def test_schedule_state_says_live_scheduled_or_ended(calendar):
    assert {k: schedule_state(o) for k, o in calendar.items()} == {
        "live": "live",
        "open": "live",
        "scheduled": "scheduled",
        "ended": "ended",
    }


def test_changelist_shows_the_schedule_state_and_trigger_labels(admin_client, calendar):
    response = admin_client.get(changelist_url())

    html = response.content.decode()
    assert "scheduled" in html and "ended" in html
    assert "Added to cart" in html


def test_schedule_filter_live_lists_running_offers(admin_client, calendar):
    assert _listed(admin_client, schedule="live") == {"Live", "Open-ended"}


def test_schedule_filter_scheduled_lists_offers_yet_to_start(admin_client, calendar):
    assert _listed(admin_client, schedule="scheduled") == {"Scheduled"}


def test_schedule_filter_ended_lists_offers_past_their_end(admin_client, calendar):
    assert _listed(admin_client, schedule="ended") == {"Ended"}


def test_trigger_filter_lists_offers_shown_at_that_moment(admin_client):
    OfferFactory(name="On add", triggers=["add_to_cart"])
    OfferFactory(name="On cart and checkout", triggers=["cart_view", "checkout_start"])

    assert _listed(admin_client, trigger="checkout_start") == {"On cart and checkout"}
    assert _listed(admin_client, trigger="add_to_cart") == {"On add"}


def test_kind_filter_lists_offers_of_that_kind(admin_client):
    OfferFactory(name="Cross", kind="cross_sell")
    OfferFactory(name="Bundle", kind="bundle")

    assert _listed(admin_client, kind__exact="bundle") == {"Bundle"}


def test_active_filter_lists_switched_off_offers(admin_client):
    OfferFactory(name="On")
    OfferFactory(name="Off", is_active=False)

    assert _listed(admin_client, is_active__exact="0") == {"Off"}


def test_search_finds_offers_by_name(admin_client):
    OfferFactory(name="Summer coffee")
    OfferFactory(name="Winter tea")

    assert _listed(admin_client, q="coffee") == {"Summer coffee"}


def test_search_finds_offers_by_headline(admin_client):
    OfferFactory(name="A", headline="Twice the storage with {product}")
    OfferFactory(name="B", headline="Goes with {source}")

    assert _listed(admin_client, q="storage") == {"A"}


def test_changelist_lists_higher_priority_first(admin_client):
    OfferFactory(name="Low", priority=10)
    OfferFactory(name="High", priority=500)

    response = admin_client.get(changelist_url())

    assert [o.name for o in response.context["cl"].result_list] == ["High", "Low"]


def test_deactivate_action_switches_selected_offers_off(admin_client):
    keep, stop = OfferFactory(name="Keep"), OfferFactory(name="Stop")

    response = admin_client.post(
        changelist_url(), {"action": "deactivate", "_selected_action": [stop.pk]}
    )

    assert response.status_code == 302
    assert set(Offer.objects.filter(is_active=True)) == {keep}


def test_activate_action_switches_selected_offers_on(admin_client):
    offer = OfferFactory(is_active=False)

    admin_client.post(changelist_url(), {"action": "activate", "_selected_action": [offer.pk]})

    offer.refresh_from_db()
    assert offer.is_active


def test_deactivate_action_makes_the_offer_index_forget_the_offer(
    admin_client, django_capture_on_commit_callbacks
):
    from upsell_app.serving.offer_index import get_offer_index

    offer = OfferFactory()
    assert offer.pk in get_offer_index().rules

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            changelist_url(), {"action": "deactivate", "_selected_action": [offer.pk]}
        )

    assert offer.pk not in get_offer_index().rules
