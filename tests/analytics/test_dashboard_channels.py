"""The dashboard's pop-ups beside the follow-up mails (events whose trigger is "mail")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import OfferFactory, StaffUserFactory
from upsell_app.analytics import dashboard
from upsell_app.analytics.recording import event_payload, write_events
from upsell_app.models import EventType

pytestmark = pytest.mark.django_db

URL = "/admin/upsell_app/dashboard/"


def _events(offer, trigger, type_, count, value=None):
    write_events(
        [event_payload(type_, offer.pk, trigger=trigger, value=value) for _ in range(count)]
    )


def _sent_mails(offer, count):
    """What sending records for each mail that went out: the mail channel's impression."""
    _events(offer, "mail", EventType.IMPRESSION, count)


def _by_channel():
    return {r.channel: r for r in dashboard.channel_rows(dashboard.Period.last_days())}


def test_mail_events_are_counted_apart_from_the_popups():
    offer = OfferFactory()
    _events(offer, "cart_view", EventType.IMPRESSION, 10)
    _events(offer, "cart_view", EventType.ACCEPT, 1, Decimal("1000"))
    _events(offer, "mail", EventType.CLICK, 2)
    _events(offer, "mail", EventType.ACCEPT, 1, Decimal("400"))

    rows = _by_channel()

    assert (rows["popup"].shown, rows["popup"].accepts) == (10, 1)
    assert (rows["mail"].clicks, rows["mail"].accepts) == (2, 1)
    assert rows["mail"].accepted_value == Decimal("400")


def test_a_mail_counts_as_shown_when_it_was_sent():
    offer = OfferFactory()
    _sent_mails(offer, 4)
    _events(offer, "mail", EventType.ACCEPT, 1, Decimal("400"))

    rows = _by_channel()

    assert rows["mail"].shown == 4
    assert rows["mail"].take_rate == pytest.approx(0.25)


def test_dashboard_page_shows_the_mail_channel_beside_the_popups(client):
    client.force_login(StaffUserFactory())
    offer = OfferFactory()
    _sent_mails(offer, 2)

    page = client.get(URL).content.decode()

    assert 'id="upsell-channel-table"' in page
    assert "upsell-channel-popup" in page and "upsell-channel-mail" in page
    assert "Follow-up mails" in page
