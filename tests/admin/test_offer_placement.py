"""The admin chooses per offer where it shows: the pop-up, or in the page where the shop placed a
slot; every kind's form asks, in the owner's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories import ProductFactory
from upsell_app.models import Offer

from .offer_form import add_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone():
    return ProductFactory(name="Phone", price=Decimal("50000"))


@pytest.fixture
def case():
    return ProductFactory(name="Case", price=Decimal("2000"))


@pytest.mark.parametrize("kind", ["upsell", "cross_sell", "bundle", "subscription", "downsell"])
def test_every_kinds_form_asks_where_the_offer_shows(admin_client, kind):
    form = admin_client.get(f"{add_url()}?kind={kind}").context["adminform"].form

    assert [value for value, _ in form.fields["placement"].choices] == ["popup", "page"]


def test_an_offer_saved_in_the_page_is_placed_there(admin_client, phone, case):
    data = offer_data(
        "cross_sell", sources=[phone], targets=[case], triggers=["product_view"], placement="page"
    )

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().placement == "page"


def test_an_offer_saved_without_a_placement_stays_a_pop_up(admin_client, phone, case):
    data = offer_data("cross_sell", sources=[phone], targets=[case])

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().placement == "popup"


def test_the_placement_speaks_japanese():
    with translation.override("ja"):
        labels = [str(label) for _, label in Offer._meta.get_field("placement").choices]

    assert labels == ["ポップアップ", "ページ内（ショップが配置した枠）"]
