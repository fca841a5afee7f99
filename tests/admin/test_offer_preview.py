"""The admin's "Preview pop-up": the offer as a shopper would see it, for staff only."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import OfferFactory, ProductFactory, UserFactory

from .offer_form import SUBSCRIPTION_TERMS

pytestmark = pytest.mark.django_db


def preview_url(offer) -> str:
    return reverse("admin:upsell_app_offer_preview", args=[offer.pk])


def _payload(response) -> dict:
    match = re.search(
        r'<script id="upsell-preview-payload" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no payload for the widget"
    return json.loads(match.group(1))


@pytest.fixture
def upsell():
    phone = ProductFactory(name="Phone 16", price=Decimal("100000"))
    pro = ProductFactory(name="Phone 16 Pro", price=Decimal("130000"))
    return OfferFactory(
        kind="upsell",
        headline="Upgrade to {product}",
        value_message="Only {difference} more",
        sources=[phone],
        targets=[pro],
    )


def test_change_form_links_to_the_preview(admin_client, upsell):
    response = admin_client.get(reverse("admin:upsell_app_offer_change", args=[upsell.pk]))

    html = response.content.decode()
    assert preview_url(upsell) in html
    assert "Preview pop-up" in html


def test_add_form_has_no_preview_link_yet(admin_client):
    response = admin_client.get(reverse("admin:upsell_app_offer_add"))

    assert "Preview pop-up" not in response.content.decode()


def test_preview_renders_the_filled_headline_and_choices_for_staff(admin_client, upsell):
    response = admin_client.get(preview_url(upsell))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Upgrade to Phone 16 Pro" in html
    assert "¥130,000" in html
    assert "+¥30,000" in html


def test_preview_hands_the_payload_to_the_widget_in_preview_mode(admin_client, upsell):
    response = admin_client.get(preview_url(upsell))

    payload = _payload(response)
    assert payload["kind"] == "upsell"
    assert [c["title"] for c in payload["choices"]] == ["Phone 16 Pro"]
    html = response.content.decode()
    assert "upsell_app/upsell.js" in html
    assert "window.Upsell.preview(" in html


def test_preview_signs_no_quote(admin_client, upsell):
    payload = _payload(admin_client.get(preview_url(upsell)))

    assert all(not choice.get("quote") for choice in payload["choices"])


def test_preview_of_a_subscription_lists_every_term(admin_client):
    coffee = ProductFactory(name="Coffee beans", price=Decimal("1500"))
    offer = OfferFactory(
        kind="subscription",
        triggers=["cart_view"],
        headline="Subscribe to {product}",
        value_message="",
        sources=[coffee],
        **{k: v for k, v in SUBSCRIPTION_TERMS.items()},
    )

    payload = _payload(admin_client.get(preview_url(offer)))

    assert payload["subscription"] is not None
    assert len(payload["subscription"]["terms"]) >= 6


def test_preview_of_a_bundle_shows_the_package(admin_client):
    laptop = ProductFactory(name="Laptop", price=Decimal("150000"))
    mouse = ProductFactory(name="Mouse", price=Decimal("4000"))
    offer = OfferFactory(
        kind="bundle",
        discount_type="percent",
        discount_value=Decimal("10"),
        headline="The set",
        value_message="",
        sources=[laptop],
        targets=[mouse],
    )

    payload = _payload(admin_client.get(preview_url(offer)))

    assert payload["bundle"] is not None
    assert "Mouse" in payload["bundle"]["items"]


def test_preview_without_products_explains_there_is_nothing_to_show(admin_client):
    offer = OfferFactory(kind="cross_sell")

    response = admin_client.get(preview_url(offer))

    assert response.status_code == 200
    assert "Nothing to show yet" in response.content.decode()
    assert "upsell-preview-payload" not in response.content.decode()


def test_preview_redirects_anonymous_visitors_to_the_admin_login(client, upsell):
    response = client.get(preview_url(upsell))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_preview_redirects_shoppers_who_are_not_staff(client, upsell):
    client.force_login(UserFactory())

    response = client.get(preview_url(upsell))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_preview_is_forbidden_to_staff_without_offer_permissions(client, upsell):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(preview_url(upsell))

    assert response.status_code == 403


def test_preview_is_allowed_to_staff_who_may_view_offers(client, upsell):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_offer"))
    client.force_login(clerk)

    response = client.get(preview_url(upsell))

    assert response.status_code == 200


def test_preview_of_a_missing_offer_redirects_with_a_message(admin_client):
    response = admin_client.get(reverse("admin:upsell_app_offer_preview", args=[999999]))

    assert response.status_code == 302
