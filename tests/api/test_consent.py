"""Consent to a subscription is kept as proof: the terms as shown, the language, the time."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import escape

from upsell_app.models import CartAdjustment, OfferAcceptance, SubscriptionConsent
from upsell_app.selection.pricing import apply_discount
from upsell_app.selection.types import Discount, DiscountType

from . import scenarios

pytestmark = pytest.mark.django_db


def switch(shopper, **extra):
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    return s, offer, shopper.accept(offer, **extra)


def test_accepted_subscription_keeps_the_terms_exactly_as_shown(shopper):
    _, offer, response = switch(shopper)
    shown = offer["subscription"]

    assert response.status_code == 200, response.content
    consent = SubscriptionConsent.objects.get()
    assert consent.acceptance == OfferAcceptance.objects.get()
    assert consent.terms == shown["terms"]
    assert consent.terms_digest == shown["terms_digest"]
    assert consent.language == "en"
    assert consent.consented_at is not None


def test_the_fingerprint_the_popup_hands_back_marks_the_consent_confirmed(shopper):
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")

    response = shopper.accept(offer, terms_digest=offer["subscription"]["terms_digest"])

    assert response.status_code == 200, response.content
    assert SubscriptionConsent.objects.get().confirmed_by_widget is True


def test_consent_of_a_japanese_shopper_is_kept_in_japanese(shopper):
    shopper.client.cookies["django_language"] = "ja"
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")

    shopper.accept(offer, terms_digest=offer["subscription"]["terms_digest"])

    consent = SubscriptionConsent.objects.get()
    assert consent.language == "ja"
    labels = [t["label"] for t in consent.terms]
    assert "解約方法" in labels and "1回あたりの送料" in labels


def test_terms_changed_since_shown_are_refused_and_the_cart_is_left_alone(shopper):
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    s.offer.cancellation = "Only by registered letter"
    s.offer.save()

    response = shopper.accept(offer, terms_digest=offer["subscription"]["terms_digest"])

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "terms_changed"
    assert {"key": "cancellation", "label": "How to cancel",
            "value": "Only by registered letter", "lang": "en"} in body["terms"]
    assert not CartAdjustment.objects.exists()  # no plan kept for the line
    assert not SubscriptionConsent.objects.exists()


def test_other_kinds_keep_no_consent_record(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    assert shopper.accept(offer).status_code == 200

    assert not SubscriptionConsent.objects.exists()


def test_consent_is_shown_read_only_with_its_acceptance_in_admin(shopper, admin_client):
    switch(shopper)
    acceptance = OfferAcceptance.objects.get()

    page = admin_client.get(f"/admin/upsell_app/offeracceptance/{acceptance.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Total over the minimum commitment" in html
    assert 'name="consent-0-terms_digest"' not in html  # no editable field
    listing = admin_client.get("/admin/upsell_app/subscriptionconsent/")
    # the consents list names each one's accepted offer, its product by name
    assert listing.status_code == 200
    assert escape(f"{acceptance.offer.name}: ") in listing.content.decode()


def test_a_subscription_accept_without_the_fingerprint_of_the_terms_is_refused(shopper):
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    choice = offer["choices"][0]
    body = {"product_id": choice["product_id"], "line_id": choice["line_id"],
            "quote": choice["quote"]}  # fmt: skip

    response = shopper.accept(offer, body=body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "terms_digest_required"
    assert response.json()["terms_digest"] == offer["subscription"]["terms_digest"]
    assert not OfferAcceptance.objects.exists()
    assert not CartAdjustment.objects.exists()
    assert not SubscriptionConsent.objects.exists()


def test_the_consent_record_holds_the_quantity_and_the_money_shown(shopper):
    s = scenarios.subscription(minimum_deliveries=3, shipping_fee=Decimal("300"))
    shopper.add(s.source, quantity=10)
    offer = shopper.offer("cart_view")

    assert shopper.accept(offer).status_code == 200

    unit = apply_discount(s.source.price, Discount(DiscountType.PERCENT, s.offer.discount_value))
    consent = SubscriptionConsent.objects.get()
    assert consent.quantity == 10
    assert consent.price_per_delivery == unit * 10
    assert consent.commitment_total == (unit * 10 + Decimal("300")) * 3
    shown = {t["key"]: t["value"] for t in consent.terms}
    assert shown["quantity"] == "10"
    assert f"¥{unit * 10:,.0f}" in shown["price"]
    assert f"¥{(unit * 10 + 300) * 3:,.0f}" in shown["total"]
