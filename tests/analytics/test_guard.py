"""The pushiness guard pauses an offer whose decline rate passes the threshold, and not before."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage

from tests.factories import OfferFactory, StaffUserFactory
from upsell_app.admin import OfferAdmin
from upsell_app.analytics.admin import PauseNoticeMixin
from upsell_app.analytics.recording import event_payload, write_events
from upsell_app.models import EventType, Offer, OfferEvent, OfferPause

from .support import shopper_request

pytestmark = pytest.mark.django_db

WINDOW = 20  # small window, same rule as the default 200


@pytest.fixture(autouse=True)
def _small_window(settings):
    settings.UPSELL = {**settings.UPSELL, "GUARD_WINDOW": WINDOW, "GUARD_DECLINE_RATE": 0.85}


def shown(offer, impressions, declines):
    """Write events as the worker does: impressions first, then the declines."""
    write_events([event_payload(EventType.IMPRESSION, offer.pk) for _ in range(impressions)])
    write_events([event_payload(EventType.DECLINE, offer.pk) for _ in range(declines)])


def test_offer_at_the_threshold_is_not_paused():
    offer = OfferFactory()
    shown(offer, WINDOW, 17)  # 85 %: at the threshold, not past it
    offer.refresh_from_db()
    assert offer.is_active
    assert not OfferPause.objects.exists()


def test_offer_past_the_threshold_is_paused_with_a_reason_and_an_event():
    offer = OfferFactory()
    shown(offer, WINDOW, 18)  # 90 %
    offer.refresh_from_db()
    assert not offer.is_active
    pause = OfferPause.objects.get(offer=offer)
    assert pause.decline_rate == pytest.approx(0.9)
    assert "90%" in pause.reason and "20" in pause.reason
    assert OfferEvent.objects.filter(offer=offer, type=EventType.PAUSE).count() == 1


def test_offer_is_not_paused_before_its_window_of_impressions_is_full():
    offer = OfferFactory()
    shown(offer, WINDOW - 1, WINDOW - 1)  # every shopper declined, but too few to judge
    offer.refresh_from_db()
    assert offer.is_active


def test_only_the_last_window_of_impressions_counts():
    offer = OfferFactory()
    shown(offer, WINDOW, 19)  # paused; an admin clears the pause by hand
    OfferPause.objects.all().delete()
    Offer.objects.filter(pk=offer.pk).update(is_active=True)
    shown(offer, WINDOW, 0)  # the newest window has no declines yet
    write_events([event_payload(EventType.DECLINE, offer.pk)])
    offer.refresh_from_db()
    assert offer.is_active


def test_guard_can_be_switched_off(settings):
    settings.UPSELL = {**settings.UPSELL, "GUARD_ENABLED": False}
    offer = OfferFactory()
    shown(offer, WINDOW, WINDOW)
    offer.refresh_from_db()
    assert offer.is_active


def test_switching_the_offer_back_on_resolves_the_pause_and_starts_a_fresh_window():
    offer = OfferFactory()
    shown(offer, WINDOW, 18)
    offer.refresh_from_db()
    offer.is_active = True
    offer.save()
    assert OfferPause.objects.get().resolved_at is not None
    write_events([event_payload(EventType.DECLINE, offer.pk)])  # old impressions no longer count
    offer.refresh_from_db()
    assert offer.is_active


def test_offer_admin_page_tells_why_the_offer_was_paused():
    offer = OfferFactory()
    shown(offer, WINDOW, 18)
    request = shopper_request(user=StaffUserFactory())
    request._messages = FallbackStorage(request)
    assert issubclass(OfferAdmin, PauseNoticeMixin)
    OfferAdmin(Offer, django_admin.site).change_view(request, str(offer.pk))
    texts = [str(m) for m in get_messages(request)]
    assert texts == [OfferPause.objects.get().reason]
