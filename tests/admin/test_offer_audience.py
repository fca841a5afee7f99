"""The offer form's "Who sees this offer" section: ticks and from/to boxes become the audience."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories import OfferFactory, ProductFactory
from upsell_app.models import Offer

from .offer_form import add_url, changelist_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera_and_card():
    return ProductFactory(name="Camera"), ProductFactory(name="Card", price=Decimal("3000"))


@pytest.mark.parametrize("kind", ["cross_sell", "bundle"])
def test_audience_ticked_in_the_form_is_saved_with_the_offer(admin_client, camera_and_card, kind):
    camera, card = camera_and_card
    data = offer_data(
        kind,
        sources=[camera],
        targets=[card],
        audience_customers=["returning"],
        audience_orders_from="2",
        audience_spent_to="50000",
        audience_devices=["phone", "tablet"],
        audience_came_from="instagram",
        audience_languages=["ja"],
    )

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert response.url == changelist_url()
    assert Offer.objects.get(name=data["name"]).audience == {
        "customer_types": ["returning"],
        "min_orders": 2,
        "max_spend": "50000",
        "devices": ["phone", "tablet"],
        "came_from": "instagram",
        "languages": ["ja"],
    }


def test_offer_without_audience_choices_is_for_everyone(admin_client, camera_and_card):
    camera, card = camera_and_card
    data = offer_data("cross_sell", sources=[camera], targets=[card])

    admin_client.post(add_url(), data)

    assert Offer.objects.get(name=data["name"]).audience == {}


def test_past_orders_to_below_from_is_refused(admin_client, camera_and_card):
    camera, card = camera_and_card
    data = offer_data(
        "cross_sell",
        sources=[camera],
        targets=[card],
        audience_orders_from="5",
        audience_orders_to="2",
    )

    response = admin_client.post(add_url(), data)

    assert response.status_code == 200
    assert "audience_orders_to" in form_errors(response)


def test_change_form_shows_the_saved_audience_ticked(admin_client, camera_and_card):
    camera, card = camera_and_card
    offer = OfferFactory(
        sources=[camera], targets=[card], audience={"devices": ["phone"], "subscribers_only": True}
    )

    response = admin_client.get(f"/admin/upsell_app/offer/{offer.pk}/change/")

    form = response.context["adminform"].form
    assert form.initial["audience_devices"] == ["phone"]
    assert form.initial["audience_subscribers"] is True


def test_audience_section_speaks_japanese(admin_client, camera_and_card):
    camera, card = camera_and_card
    offer = OfferFactory(sources=[camera], targets=[card])
    admin_client.cookies["django_language"] = "ja"

    with translation.override("ja"):
        response = admin_client.get(f"/admin/upsell_app/offer/{offer.pk}/change/")

    page = response.content.decode()
    for words in ("この提案を見る人", "初めてのお客様", "リピーター", "スマートフォン", "購入回数"):
        assert words in page
