"""The admin refuses offers that would mislead shoppers or never show, and says why, per field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ProductFactory
from upsell_app.models import Offer
from upsell_app.offers.validation import SUBSCRIPTION_TERM_FIELDS
from upsell_app.offers.validation import SUBSCRIPTION_TERMS as SUBSCRIPTION_TERMS_REQUIRED

from .offer_form import SUBSCRIPTION_TERMS, TEXTS, add_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


def _rejected(client, data) -> dict[str, list[str]]:
    response = client.post(add_url(), data)
    assert response.status_code == 200, "the form was accepted"
    assert not Offer.objects.exists()
    return form_errors(response)


@pytest.fixture
def cheap():
    return ProductFactory(name="Small", price=Decimal("1000"))


@pytest.fixture
def dear():
    return ProductFactory(name="Large", price=Decimal("1500"))


def test_upsell_target_cheaper_than_its_source_is_rejected(admin_client, cheap, dear):
    errors = _rejected(admin_client, offer_data("upsell", sources=[dear], targets=[cheap]))

    assert errors["target_products"] == [
        "An upsell target must cost more than its source: Small (1000) is not dearer than "
        "Large (1500)."
    ]


def test_upsell_target_at_the_same_price_is_rejected(admin_client, cheap):
    twin = ProductFactory(name="Twin", price=Decimal("1000"))

    errors = _rejected(admin_client, offer_data("upsell", sources=[cheap], targets=[twin]))

    assert "An upsell target must cost more than its source" in errors["target_products"][0]


def test_downsell_target_dearer_than_its_source_is_rejected(admin_client, cheap, dear):
    data = offer_data("downsell", sources=[cheap], targets=[dear], triggers=["item_removed"])

    errors = _rejected(admin_client, data)

    assert errors["target_products"] == [
        "A downsell target must cost less than its source: Large (1500) is not cheaper than "
        "Small (1000)."
    ]


def test_downsell_on_add_to_cart_is_rejected(admin_client, cheap, dear):
    data = offer_data("downsell", sources=[dear], targets=[cheap], triggers=["add_to_cart"])

    errors = _rejected(admin_client, data)

    assert errors["triggers"] == [
        "A downsell belongs to a moment of hesitation, not to adding to cart."
    ]


def test_subscription_without_terms_names_every_missing_term(admin_client, cheap):
    errors = _rejected(admin_client, offer_data("subscription", sources=[cheap]))

    for field, what in SUBSCRIPTION_TERMS_REQUIRED.items():
        # A text term is asked for in the admin's language; a number is the same in every one.
        field = f"{field}__en" if field in TEXTS else field
        assert errors[field] == [
            f"{what} Shoppers must see it before they consent to a subscription."
        ], field


@pytest.mark.parametrize("missing", SUBSCRIPTION_TERM_FIELDS)
def test_subscription_missing_one_term_is_rejected_on_that_term(admin_client, cheap, missing):
    terms = {**SUBSCRIPTION_TERMS, missing: ""}

    errors = _rejected(admin_client, offer_data("subscription", sources=[cheap], **terms))

    assert list(errors) == [f"{missing}__en" if missing in TEXTS else missing]


def test_a_subscription_term_written_in_another_language_only_is_enough(admin_client, cheap):
    terms = {**SUBSCRIPTION_TERMS, "cancellation": "", "cancellation__ja": "マイページからいつでも"}

    response = admin_client.post(add_url(), offer_data("subscription", sources=[cheap], **terms))

    assert response.status_code == 302, form_errors(response)


def test_a_subscription_ignores_targets_posted_to_its_form(admin_client, cheap, dear):
    # A subscription converts the cart line: its form has no products to offer to read.
    data = offer_data("subscription", sources=[cheap], targets=[dear], **SUBSCRIPTION_TERMS)

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert not Offer.objects.get().target_products.exists()


def test_unknown_placeholder_in_headline_is_rejected(admin_client, cheap, dear):
    data = offer_data("upsell", sources=[cheap], targets=[dear], headline="Get {prodcut} now")

    errors = _rejected(admin_client, data)

    assert errors["headline__en"] == [
        "Unknown placeholder(s): prodcut. Use the buttons below the field."
    ]


def test_an_unknown_placeholder_is_rejected_in_the_language_it_was_typed_in(
    admin_client, cheap, dear
):
    data = offer_data("upsell", sources=[cheap], targets=[dear], headline__ja="{商品}をどうぞ")

    errors = _rejected(admin_client, data)

    assert list(errors) == ["headline__ja"]


def test_unknown_placeholder_in_value_message_is_rejected(admin_client, cheap, dear):
    data = offer_data("upsell", sources=[cheap], targets=[dear], value_message="Save {total}")

    errors = _rejected(admin_client, data)

    assert errors["value_message__en"][0].startswith("Unknown placeholder(s): total.")


def test_unbalanced_brace_in_headline_is_rejected(admin_client, cheap, dear):
    data = offer_data("upsell", sources=[cheap], targets=[dear], headline="Get {product now")

    errors = _rejected(admin_client, data)

    assert errors["headline__en"][0].startswith("Unknown placeholder(s): {.")


def test_offer_ending_before_it_starts_is_rejected(admin_client, cheap, dear):
    data = offer_data(
        "cross_sell",
        sources=[cheap],
        targets=[dear],
        starts_at_0="2030-02-01",
        starts_at_1="00:00:00",
        ends_at_0="2030-01-01",
        ends_at_1="00:00:00",
    )

    errors = _rejected(admin_client, data)

    assert errors["ends_at"] == ["The offer must end after it starts."]


def test_percent_discount_over_100_is_rejected(admin_client, cheap, dear):
    data = offer_data(
        "cross_sell", sources=[cheap], targets=[dear], discount_type="percent", discount_value="120"
    )

    errors = _rejected(admin_client, data)

    assert errors["discount_value"] == ["A percent discount cannot exceed 100%."]


def test_discount_type_without_a_value_is_rejected(admin_client, cheap, dear):
    data = offer_data(
        "cross_sell", sources=[cheap], targets=[dear], discount_type="fixed", discount_value="0"
    )

    errors = _rejected(admin_client, data)

    assert errors["discount_value"] == ["Enter the discount value, or choose “No discount”."]


def test_offer_without_any_trigger_is_rejected(admin_client, cheap, dear):
    data = offer_data("cross_sell", sources=[cheap], targets=[dear], triggers=[])

    errors = _rejected(admin_client, data)

    assert errors["triggers"] == ["Choose at least one moment that shows this offer."]


def test_maximum_subtotal_below_minimum_is_rejected(admin_client, cheap, dear):
    data = offer_data(
        "cross_sell", sources=[cheap], targets=[dear], min_subtotal="5000", max_subtotal="1000"
    )

    errors = _rejected(admin_client, data)

    assert errors["max_subtotal"] == ["The maximum subtotal is below the minimum."]


def test_manual_offer_without_targets_is_rejected(admin_client, cheap):
    errors = _rejected(admin_client, offer_data("cross_sell", sources=[cheap]))

    assert errors["target_products"] == ["Choose at least one product to offer."]


def test_product_both_source_and_target_is_rejected(admin_client, cheap):
    errors = _rejected(admin_client, offer_data("cross_sell", sources=[cheap], targets=[cheap]))

    assert errors["target_products"] == ["A product cannot be both source and target: Small."]


def test_upsell_without_source_products_or_categories_is_rejected(admin_client, dear):
    errors = _rejected(admin_client, offer_data("upsell", targets=[dear]))

    assert errors["source_products"] == [
        "Choose the products (or categories) this offer starts from."
    ]


def test_an_upsell_form_does_not_read_learned_targets(admin_client, cheap, dear):
    # Only cross-sells and bundles learn targets: an upsell's form has no such choice.
    data = offer_data("upsell", sources=[cheap], targets=[dear], target_source="learned")

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().target_source == "manual"


def test_learned_cross_sell_needs_no_hand_picked_targets(admin_client, cheap):
    data = offer_data("cross_sell", sources=[cheap], target_source="learned")

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302
    assert Offer.objects.get().target_source == "learned"


def test_category_sourced_upsell_is_accepted_without_source_products(admin_client, dear):
    data = offer_data("upsell", targets=[dear], source_categories="coffee")

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302
    assert Offer.objects.get().category_keys == frozenset({"coffee"})
