"""Opt-in to follow-up mail as 特定電子メール法 requires: recorded consent, opt-out at once, and
one-click unsubscribe (RFC 8058) that works without cookies or login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from upsell_app.followup.consent import (
    MailConsentForm,
    active_consent,
    record_consent,
    unsubscribe_token,
    withdraw,
    wording_digest,
)
from upsell_app.models import ConsentSource, MailConsent, OptOutChannel

pytestmark = pytest.mark.django_db


def unsubscribe_url(customer_key: str) -> str:
    return reverse("upsell:unsubscribe", args=[unsubscribe_token(customer_key)])


def test_the_consent_checkbox_is_unticked_by_default():
    form = MailConsentForm()
    assert form.fields["follow_up_mail"].initial is False
    assert form.fields["follow_up_mail"].required is False
    assert "checked" not in str(form["follow_up_mail"])


def test_an_unticked_checkbox_gives_no_consent():
    form = MailConsentForm(data={})
    assert form.is_valid()
    assert form.cleaned_data["follow_up_mail"] is False


def test_a_consent_records_the_wording_shown_in_the_shoppers_language_when_and_how():
    with translation.override("ja"):
        consent = record_consent("cust-1", "hanako@example.jp", ConsentSource.ACCOUNT)
    stored = MailConsent.objects.get(pk=consent.pk)
    assert stored.language == "ja"
    assert "メール" in stored.wording
    assert stored.wording_digest == wording_digest(stored.wording)
    assert stored.source == ConsentSource.ACCOUNT
    assert stored.consented_at is not None
    assert stored.active


def test_an_opt_out_takes_effect_at_once_and_is_recorded():
    consent = record_consent("cust-1", "a@example.com")
    assert withdraw("cust-1", OptOutChannel.ACCOUNT) == 1
    assert active_consent("cust-1") is None
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_via == OptOutChannel.ACCOUNT


def test_a_new_consent_after_an_opt_out_is_a_new_record_and_the_old_proof_stays():
    record_consent("cust-1", "a@example.com")
    withdraw("cust-1")
    again = record_consent("cust-1", "a@example.com")
    assert active_consent("cust-1") == again
    assert MailConsent.objects.filter(customer_key="cust-1").count() == 2


def test_one_click_post_without_cookies_unsubscribes_and_is_recorded():
    consent = record_consent("cust-1", "a@example.com")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_url("cust-1"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not client.cookies
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_via == OptOutChannel.ONE_CLICK


def test_opening_the_unsubscribe_link_asks_for_confirmation_and_changes_nothing():
    record_consent("cust-1", "a@example.com")
    response = Client().get(unsubscribe_url("cust-1"))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert active_consent("cust-1") is not None


def test_the_confirmation_pages_button_unsubscribes_as_a_link_opt_out():
    consent = record_consent("cust-1", "a@example.com")
    Client(enforce_csrf_checks=True).post(unsubscribe_url("cust-1"))
    consent.refresh_from_db()
    assert consent.withdrawn_via == OptOutChannel.LINK


def test_a_forged_unsubscribe_token_is_refused_and_unsubscribes_no_one():
    record_consent("cust-1", "a@example.com")
    token = unsubscribe_token("cust-1")[:-2] + "xx"
    response = Client().post(reverse("upsell:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert active_consent("cust-1") is not None


def test_unsubscribing_twice_answers_the_same_page():
    record_consent("cust-1", "a@example.com")
    client = Client()
    assert client.post(unsubscribe_url("cust-1")).status_code == 200
    assert client.post(unsubscribe_url("cust-1")).status_code == 200
    assert MailConsent.objects.get(customer_key="cust-1").withdrawn_via == OptOutChannel.LINK


def test_the_demo_checkout_records_consent_only_when_the_box_is_ticked(client):
    from tests.factories import ProductFactory

    product = ProductFactory()
    for email, ticked in (("ticked@example.com", True), ("unticked@example.com", False)):
        client.post(reverse("shop:add", args=[product.slug]), {"quantity": 1})
        data = {"name": "Hanako", "email": email}
        if ticked:
            data["follow_up_mail"] = "on"
        assert client.post(reverse("shop:checkout"), data).status_code == 302
    consent = MailConsent.objects.get()
    assert consent.email == "ticked@example.com"
    assert consent.source == ConsentSource.CHECKOUT
    assert consent.customer_key.startswith("guest:")
