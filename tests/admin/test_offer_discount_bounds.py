"""A discount that would give a product away is refused in the admin, with a message.

The form knows the offer's products, so it compares a fixed discount with each target's price (a
subscription's with its source's, a set's with what the set adds); 100% off is refused as a field.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ProductFactory
from upsell_app.models import Offer

from .offer_form import SUBSCRIPTION_TERMS, add_url, form_errors, offer_data

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
    return ProductFactory(name="Memory card", price=Decimal("3000"))


def test_fixed_discount_larger_than_the_targets_price_is_refused(admin_client, camera, card):
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="fixed",
        discount_value="3500",
    )  # fmt: skip

    errors = _rejected(admin_client, data)

    assert errors["discount_value"] == [
        "A fixed discount of 3500 would make Memory card (3000) free or cheaper than free. "
        "It must be less than the price of every product it comes off."
    ]


def test_fixed_discount_equal_to_the_targets_price_is_refused(admin_client, camera, card):
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="fixed",
        discount_value="3000",
    )  # fmt: skip

    assert "Memory card (3000)" in _rejected(admin_client, data)["discount_value"][0]


def test_fixed_discount_below_every_targets_price_is_saved(admin_client, camera, card):
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="fixed",
        discount_value="2999",
    )  # fmt: skip

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().discount_value == Decimal("2999")


def test_percent_discount_of_100_is_refused(admin_client, camera, card):
    data = offer_data(
        "cross_sell", sources=[camera], targets=[card], discount_type="percent",
        discount_value="100",
    )  # fmt: skip

    assert _rejected(admin_client, data)["discount_value"] == [
        "A 100% discount gives the product away: choose less than 100%."
    ]


def test_fixed_subscription_discount_above_the_products_price_is_refused(admin_client):
    beans = ProductFactory(name="Beans", price=Decimal("1500"))
    data = offer_data(
        "subscription", sources=[beans], targets=[], triggers=["cart_view"],
        discount_type="fixed", discount_value="1500", **SUBSCRIPTION_TERMS,
    )  # fmt: skip

    assert "Beans (1500)" in _rejected(admin_client, data)["discount_value"][0]


def test_set_discount_reaching_what_the_set_adds_is_refused(admin_client, camera, card):
    bag = ProductFactory(name="Bag", price=Decimal("2000"))
    data = offer_data(
        "bundle", sources=[camera], targets=[card, bag], discount_type="fixed",
        discount_value="5000",
    )  # fmt: skip

    assert _rejected(admin_client, data)["discount_value"] == [
        "This discount would give the set's items away: they cost 5000 together. "
        "Choose a smaller discount."
    ]


def test_percent_set_discount_of_a_dear_source_reaching_the_items_price_is_refused(
    admin_client, camera, card
):
    """10% of camera + card is 5,300: more than the card alone, which would be free."""
    data = offer_data(
        "bundle", sources=[camera], targets=[card], discount_type="percent",
        discount_value="10",
    )  # fmt: skip

    assert "give the set's items away" in _rejected(admin_client, data)["discount_value"][0]


def test_a_target_with_a_negative_price_is_refused(admin_client, camera):
    broken = ProductFactory(name="Broken", price=Decimal("-100"))
    data = offer_data("cross_sell", sources=[camera], targets=[broken])

    assert _rejected(admin_client, data)["target_products"] == [
        "Broken has no price above zero in the catalogue (-100)."
    ]
