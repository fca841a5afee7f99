"""“Preview as edited”: the pop-up for the offer as it is in the form, before saving, for a cart."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import OfferFactory, ProductFactory, UserFactory
from upsell_app.models import Offer

from .offer_form import offer_data

pytestmark = pytest.mark.django_db

DRAFT_URL_NAME = "admin:upsell_app_offer_preview_draft"


def draft_url() -> str:
    return reverse(DRAFT_URL_NAME)


def _payload(response) -> dict | None:
    match = re.search(
        r'<script id="upsell-preview-payload" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1)) if match else None


@pytest.fixture
def phones():
    phone = ProductFactory(name="Phone 16", price=Decimal("100000"))
    pro = ProductFactory(name="Phone 16 Pro", price=Decimal("130000"))
    case = ProductFactory(name="Case", price=Decimal("3000"))
    return phone, pro, case


def test_change_form_has_a_preview_as_edited_button_posting_the_form(admin_client, phones):
    phone, pro, _ = phones
    offer = OfferFactory(kind="upsell", sources=[phone], targets=[pro])

    html = admin_client.get(reverse("admin:upsell_app_offer_change", args=[offer.pk])).content
    text = html.decode()

    assert f'formaction="{draft_url()}"' in text
    assert "Preview as edited" in text


def test_the_preview_shows_the_edited_text_and_saves_nothing(admin_client, phones):
    phone, pro, _ = phones
    offer = OfferFactory(
        kind="upsell", sources=[phone], targets=[pro], headline="Saved headline {product}"
    )
    data = offer_data(
        "upsell",
        sources=[phone],
        targets=[pro],
        triggers=["cart_view"],
        headline="Edited: go {product}",
        preview_cart=[str(phone.pk)],
    )

    response = admin_client.post(draft_url(), data)

    assert response.status_code == 200
    payload = _payload(response)
    assert payload["headline"] == "Edited: go Phone 16 Pro"
    assert "Cart: Phone 16" in response.content.decode()
    offer.refresh_from_db()
    assert offer.headline == "Saved headline {product}"
    assert Offer.objects.count() == 1


def test_a_new_offer_can_be_previewed_before_it_exists(admin_client, phones):
    phone, _, case = phones
    data = offer_data(
        "cross_sell",
        sources=[phone],
        targets=[case],
        headline="Add a {product}",
        value_message="Only {price}",
        preview_cart=[str(phone.pk)],
    )

    response = admin_client.post(draft_url(), data)

    payload = _payload(response)
    assert payload["headline"] == "Add a Case"
    assert [c["price_display"] for c in payload["choices"]] == ["¥3,000"]
    assert Offer.objects.count() == 0


def test_for_a_cart_the_offer_does_not_fit_the_preview_says_so(admin_client, phones):
    phone, _, case = phones
    data = offer_data("cross_sell", sources=[phone], targets=[case], preview_cart=[str(case.pk)])

    response = admin_client.post(draft_url(), data)

    assert _payload(response) is None
    assert "With this cart the offer is not shown" in response.content.decode()


def test_a_multi_pick_preview_gets_live_totals_for_the_chosen_cart(admin_client, phones):
    phone, _, case = phones
    glass = ProductFactory(name="Glass", price=Decimal("2000"))
    data = offer_data(
        "cross_sell",
        sources=[phone],
        targets=[case, glass],
        headline="Complete your {source}",
        value_message="{product}",
        preview_cart=[str(phone.pk)],
    )

    payload = _payload(admin_client.post(draft_url(), data))

    assert payload["multiple"] is True
    assert payload["selection"]["totals"][0b11]["cart_total_display"] == "¥105,000"


def test_an_invalid_form_lists_what_to_fix_instead_of_a_pop_up(admin_client, phones):
    phone, pro, _ = phones
    data = offer_data("upsell", sources=[phone], targets=[], preview_cart=[str(phone.pk)])

    response = admin_client.post(draft_url(), data)

    assert _payload(response) is None
    assert 'data-preview="errors"' in response.content.decode()


def test_the_preview_is_for_staff_who_may_edit_offers_only(client, phones):
    phone, pro, _ = phones
    client.force_login(UserFactory(is_staff=True))

    response = client.post(draft_url(), offer_data("upsell", sources=[phone], targets=[pro]))

    assert response.status_code == 403


def test_opened_directly_the_preview_says_where_the_draft_comes_from(admin_client):
    response = admin_client.get(draft_url())

    assert response.status_code == 200
    assert _payload(response) is None
    assert "Preview as edited" in response.content.decode()
