"""Offer configuration rules as plain functions: placeholders, schedule, discounts, prices."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from upsell_app.offers.validation import (
    PLACEHOLDERS,
    SUBSCRIPTION_TERM_FIELDS,
    unknown_placeholders,
    validate_offer_fields,
    validate_offer_products,
)

TERMS = {
    "interval_count": 1,
    "interval_unit": "month",
    "first_delivery": "Ships with this order",
    "payment_timing": "Charged on shipping",
    "minimum_deliveries": 0,
    "cancellation": "Online in My account",
    "shipping_fee": Decimal("0"),
    "payment_method": "The card used for this order",
    "contract_period": "No fixed period, renews with each delivery",
    "cancellation_deadline": "Up to 5 days before a delivery",
}


def offer(**fields) -> SimpleNamespace:
    """An offer as validation sees it: attributes only, no database."""
    values = {
        "kind": "cross_sell",
        "triggers": ["add_to_cart"],
        "starts_at": None,
        "ends_at": None,
        "min_subtotal": None,
        "max_subtotal": None,
        "discount_type": "none",
        "discount_value": Decimal("0"),
        "headline": "Goes with {source}",
        "value_message": "",
        "target_source": "manual",
        **{name: None for name in SUBSCRIPTION_TERM_FIELDS},
    }
    values.update(fields)
    return SimpleNamespace(**values)


# -- placeholders -------------------------------------------------------------------------------
def test_every_documented_placeholder_is_allowed():
    template = " ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))

    assert unknown_placeholders(template) == []


def test_unknown_placeholders_are_listed_once_and_sorted():
    assert unknown_placeholders("{total} {name} {total} {price}") == ["name", "total"]


def test_format_spec_does_not_hide_a_known_placeholder():
    assert unknown_placeholders("{price:>10}") == []


def test_doubled_braces_are_literal_text_not_placeholders():
    assert unknown_placeholders("{{product}} costs {price}") == []


def test_unbalanced_brace_is_reported():
    assert unknown_placeholders("Only {price") == ["{"]


def test_positional_and_attribute_placeholders_are_unknown():
    assert unknown_placeholders("{0} {product.name}") == ["0", "product.name"]


def test_empty_placeholder_is_reported_as_braces():
    assert unknown_placeholders("Save {}") == ["{}"]


def test_text_without_placeholders_is_fine():
    assert unknown_placeholders("") == []
    assert unknown_placeholders("Twice the storage") == []


# -- fields -------------------------------------------------------------------------------------
def test_valid_offer_has_no_errors():
    assert validate_offer_fields(offer()) == {}


def test_unknown_placeholder_is_reported_on_its_field():
    errors = validate_offer_fields(offer(value_message="Save {total}"))

    assert list(errors) == ["value_message"]


def test_offer_without_triggers_is_reported():
    assert "triggers" in validate_offer_fields(offer(triggers=[]))


def test_unknown_trigger_is_reported_by_name():
    errors = validate_offer_fields(offer(triggers=["add_to_cart", "on_login"]))

    assert errors["triggers"] == ["Unknown trigger: on_login."]


def test_offer_ending_when_it_starts_is_reported():
    moment = datetime(2030, 1, 1, tzinfo=UTC)

    assert "ends_at" in validate_offer_fields(offer(starts_at=moment, ends_at=moment))


def test_percent_of_exactly_100_is_refused_as_it_gives_the_product_away():
    errors = validate_offer_fields(offer(discount_type="percent", discount_value=Decimal("100")))

    assert errors == {
        "discount_value": ["A 100% discount gives the product away: choose less than 100%."]
    }


def test_percent_just_below_100_is_allowed():
    assert (
        validate_offer_fields(offer(discount_type="percent", discount_value=Decimal("99.99")))
        == {}
    )


def test_negative_discount_is_refused():
    errors = validate_offer_fields(offer(discount_type="fixed", discount_value=Decimal("-500")))

    assert errors == {"discount_value": ["A discount cannot be negative."]}


def test_percent_over_100_is_reported():
    errors = validate_offer_fields(offer(discount_type="percent", discount_value=Decimal("100.01")))

    assert errors == {"discount_value": ["A percent discount cannot exceed 100%."]}


def test_fixed_discount_above_100_is_allowed():
    assert validate_offer_fields(offer(discount_type="fixed", discount_value=Decimal("500"))) == {}


def test_subscription_with_every_term_is_valid():
    assert validate_offer_fields(offer(kind="subscription", **TERMS)) == {}


def test_subscription_with_no_minimum_commitment_is_valid():
    terms = {**TERMS, "minimum_deliveries": 0}

    assert validate_offer_fields(offer(kind="subscription", **terms)) == {}


def test_subscription_missing_terms_reports_each_term():
    errors = validate_offer_fields(offer(kind="subscription"))

    assert set(errors) == set(SUBSCRIPTION_TERM_FIELDS)


def test_free_shipping_is_a_stated_term_not_a_missing_one():
    terms = {**TERMS, "shipping_fee": Decimal("0")}

    assert validate_offer_fields(offer(kind="subscription", **terms)) == {}


def test_learned_targets_are_only_for_cross_sells_and_bundles():
    assert "target_source" in validate_offer_fields(offer(kind="upsell", target_source="learned"))
    assert validate_offer_fields(offer(kind="bundle", target_source="blend")) == {}


# -- products -----------------------------------------------------------------------------------
SMALL, LARGE = ("Small", Decimal("1000")), ("Large", Decimal("1500"))


def test_upsell_to_a_dearer_product_is_valid():
    assert validate_offer_products("upsell", "manual", [SMALL], [LARGE], False) == {}


def test_upsell_to_a_cheaper_product_is_reported_with_both_prices():
    errors = validate_offer_products("upsell", "manual", [LARGE], [SMALL], False)

    assert errors["target_products"] == [
        "An upsell target must cost more than its source: Small (1000) is not dearer than "
        "Large (1500)."
    ]


def test_downsell_to_a_cheaper_product_is_valid():
    assert validate_offer_products("downsell", "manual", [LARGE], [SMALL], False) == {}


def test_downsell_to_the_same_price_is_reported():
    same = ("Same", Decimal("1500"))

    errors = validate_offer_products("downsell", "manual", [LARGE], [same], False)

    assert "must cost less" in errors["target_products"][0]


@pytest.mark.parametrize("kind", ["upsell", "downsell", "subscription"])
def test_line_offers_need_a_source(kind):
    errors = validate_offer_products(kind, "manual", [], [LARGE], False)

    assert "source_products" in errors


def test_category_counts_as_a_source():
    assert validate_offer_products("upsell", "manual", [], [LARGE], True) == {}


def test_cross_sell_may_follow_the_whole_cart():
    assert validate_offer_products("cross_sell", "manual", [], [LARGE], False) == {}


def test_learned_offer_needs_no_targets():
    assert validate_offer_products("cross_sell", "learned", [SMALL], [], False) == {}


def test_the_product_page_moment_is_for_offers_placed_in_the_page_only():
    errors = validate_offer_fields(offer(triggers=["product_view"], placement="popup"))

    assert "In the page" in errors["triggers"][0]


def test_an_offer_placed_in_the_page_may_show_on_the_product_page():
    assert validate_offer_fields(offer(triggers=["product_view"], placement="page")) == {}
