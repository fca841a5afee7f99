"""A mail's offer link: what opening it does in the shop (the browser flow: tests/browser)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upsell_app.followup import sending
from upsell_app.followup.links import SESSION_OFFER
from upsell_app.models import FollowUpMail, FollowUpMoment, OfferAcceptance, OfferEvent

from .builders import FollowUpShop

pytestmark = pytest.mark.django_db

NOON_TOKYO = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)
LINK = re.compile(r"http://\S+(/upsell/mail/offer/[^/\s]+/)")


@pytest.fixture
def link(mailoutbox) -> str:
    """The after-delivery mail's link (paper filters at 20 % off: ¥400), sent at noon."""
    shop = FollowUpShop(NOON_TOKYO).build()
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    assert [sending.send(pk, NOON_TOKYO) for pk in sending.queue_due(NOON_TOKYO)] == ["sent"]
    return LINK.search(mailoutbox[0].body).group(1)


def test_opening_the_link_keeps_the_offer_at_the_mails_price_for_the_next_page(client, link):
    response = client.get(link)
    assert response.status_code == 302
    offer = client.session[SESSION_OFFER]
    assert [choice["price"] for choice in offer["choices"]] == ["400"]


def test_opening_the_link_is_recorded_as_a_click_in_the_mail_channel(
    client, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link)
    assert list(OfferEvent.objects.values_list("type", "trigger")) == [("click", "mail")]


def test_the_same_shopper_may_open_the_link_again(client, link):
    client.get(link)
    assert client.get(link).status_code == 302


def test_the_link_opened_in_another_session_is_refused_in_japanese(client, link):
    client.get(link)
    response = Client().get(link, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 403
    assert "別のブラウザですでに開かれています" in response.content.decode()


def test_an_expired_link_is_refused_in_japanese_and_binds_no_session(client, link):
    eight_days_later = timezone.now().timestamp() + 8 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = client.get(link, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 410
    assert "有効期限が切れました" in response.content.decode()
    assert FollowUpMail.objects.get().link_session == ""
    assert SESSION_OFFER not in client.session


def test_a_tampered_link_is_refused(client, link):
    response = client.get(link.replace("/offer/", "/offer/x"))
    assert response.status_code == 400
    assert SESSION_OFFER not in client.session


def test_a_link_whose_price_no_longer_holds_is_refused_and_shows_no_offer(client, link):
    mail = FollowUpMail.objects.get()
    mail.follow_up.offer.__class__.objects.filter(pk=mail.follow_up.offer_id).update(
        discount_value=Decimal("10")
    )
    response = client.get(link)
    assert response.status_code == 409
    assert "no longer available at the price in the e-mail" in response.content.decode()
    assert SESSION_OFFER not in client.session


def accept(client, offer: dict, key: str = "key-1"):
    choice = offer["choices"][0]
    body = {"product_id": choice["product_id"], "line_id": None, "quote": choice["quote"]}
    return client.post(
        reverse("upsell:offer-accept", args=[offer["id"]]),
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_accepting_the_mails_offer_adds_it_once_at_the_mails_price(client, link):
    client.get(link)
    offer = client.session[SESSION_OFFER]

    first, again = accept(client, offer), accept(client, offer)

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert [(a.unit_price, a.kind) for a in OfferAcceptance.objects.all()] == [
        (Decimal("400"), "cross_sell")
    ]


def test_the_mails_offer_holds_the_shops_price_floor(client, link, settings):
    client.get(link)
    settings.UPSELL = {**settings.UPSELL, "MIN_UNIT_PRICE": 450}

    response = accept(client, client.session[SESSION_OFFER])

    assert response.status_code == 409
    assert response.json()["code"] == "below_price_floor"
    assert not OfferAcceptance.objects.filter(status="applied").exists()


def test_the_mails_offer_is_refused_to_another_session_holding_its_quote(client, link):
    client.get(link)
    offer = client.session[SESSION_OFFER]

    response = accept(Client(), offer)

    assert response.status_code == 403
    assert not OfferAcceptance.objects.exists()
