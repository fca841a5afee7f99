"""The offers admin's product pickers list and save the shop's own keys (UUIDs or codes)."""

from __future__ import annotations

import pytest

from tests.admin.offer_form import add_url, offer_data
from upsell_app.models import Offer

pytestmark = pytest.mark.django_db


def test_the_pickers_offer_the_products_by_their_keys(admin_client, shelf):
    page = admin_client.get(add_url() + "?kind=upsell")

    assert page.status_code == 200
    assert f'value="{shelf.key("kettle")}"' in page.content.decode()


def test_an_offer_saved_from_the_admin_keeps_the_picked_products(admin_client, shelf):
    data = offer_data(
        "upsell", sources=[shelf.products["kettle"]], targets=[shelf.products["kettle-pro"]]
    )

    answer = admin_client.post(add_url(), data)

    assert answer.status_code == 302, answer.content.decode()[-3000:]
    offer = Offer.objects.get()
    assert [p.pk for p in offer.source_products.all()] == [shelf.key("kettle")]
    assert [p.pk for p in offer.target_products.all()] == [shelf.key("kettle-pro")]
