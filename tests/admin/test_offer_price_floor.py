"""The admin refuses an offer whose discount leaves less than the shop's minimum per unit
(``UPSELL["MIN_UNIT_PRICE"]``, default one currency unit), checked after rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ProductFactory
from upsell_app.models import Offer

from .offer_form import add_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


def _rejected(client, data) -> dict[str, list[str]]:
    response = client.post(add_url(), data)
    assert response.status_code == 200, "the form was accepted"
    assert not Offer.objects.exists()
    return form_errors(response)


@pytest.fixture
def camera():
    return ProductFactory(name="Camera", price=Decimal("50000"))


@pytest.fixture
def card():
    return ProductFactory(name="microSD 128GB", price=Decimal("2480"))


@pytest.fixture
def minimum(settings):
    def set_to(amount: str) -> None:
        settings.UPSELL = {**settings.UPSELL, "MIN_UNIT_PRICE": Decimal(amount)}

    return set_to


def test_a_percent_discount_that_rounds_the_price_to_nothing_is_refused(
    admin_client, camera, card
):
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="percent",
        discount_value="99.99",
    )  # fmt: skip

    (message,) = _rejected(admin_client, data)["discount_value"]

    assert "microSD 128GB (2480 → 0)" in message
    assert "below the shop's minimum price of 1 per unit" in message


def test_a_discount_leaving_less_than_the_configured_minimum_is_refused(
    admin_client, camera, card, minimum
):
    minimum("500")
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="fixed",
        discount_value="2000",
    )  # fmt: skip

    (message,) = _rejected(admin_client, data)["discount_value"]

    assert "microSD 128GB (2480 → 480)" in message and "minimum price of 500" in message


def test_a_discount_leaving_exactly_the_configured_minimum_is_saved(
    admin_client, camera, card, minimum
):
    minimum("480")
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="fixed",
        discount_value="2000",
    )  # fmt: skip

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)


def test_a_set_discount_leaving_its_items_less_than_the_minimum_each_is_refused(
    admin_client, camera, card, minimum
):
    minimum("1000")
    bag = ProductFactory(name="Bag", price=Decimal("2000"))
    data = offer_data(
        "bundle", sources=[camera], targets=[card, bag], discount_type="fixed",
        discount_value="2600",
    )  # fmt: skip

    (message,) = _rejected(admin_client, data)["discount_value"]

    assert "1880 together" in message and "minimum price of 1000 per item" in message
