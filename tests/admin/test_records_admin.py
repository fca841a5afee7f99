"""What shoppers accepted and declined: listed for staff, never editable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import OfferFactory, UserFactory
from upsell_app.models import OfferAcceptance, OfferDecline
from upsell_app.serving.presentation import money_display

pytestmark = pytest.mark.django_db


@pytest.fixture
def acceptance():
    return OfferAcceptance.objects.create(
        offer=OfferFactory(name="Case with phone"),
        kind="cross_sell",
        shopper_key="s1",
        idempotency_key="k1",
        product_id=7,
        unit_price=Decimal("2500"),
        value=Decimal("2500"),
    )


def test_accepted_offers_are_listed_with_their_value(admin_client, acceptance):
    response = admin_client.get(reverse("admin:upsell_app_offeracceptance_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Case with phone" in html and money_display(Decimal("2500")) in html


def test_accepted_offers_cannot_be_added_from_the_admin(admin_client):
    response = admin_client.get(reverse("admin:upsell_app_offeracceptance_add"))

    assert response.status_code == 403


def test_accepted_offer_cannot_be_edited(admin_client, acceptance):
    url = reverse("admin:upsell_app_offeracceptance_change", args=[acceptance.pk])

    admin_client.post(url, {"value": "1"})

    acceptance.refresh_from_db()
    assert acceptance.value == Decimal("2500")


def test_accepted_offer_cannot_be_deleted(admin_client, acceptance):
    url = reverse("admin:upsell_app_offeracceptance_delete", args=[acceptance.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert OfferAcceptance.objects.filter(pk=acceptance.pk).exists()


def test_declined_offers_are_listed_read_only(admin_client):
    OfferDecline.objects.create(user=UserFactory(username="hesitant"), offer=OfferFactory(name="X"))

    listing = admin_client.get(reverse("admin:upsell_app_offerdecline_changelist"))
    adding = admin_client.get(reverse("admin:upsell_app_offerdecline_add"))

    assert "hesitant" in listing.content.decode()
    assert adding.status_code == 403
