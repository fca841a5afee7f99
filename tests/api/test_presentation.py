"""Shopper-facing text and money, as the presentation layer produces them (no database)."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.serving.presentation import fill_placeholders, money, signed_money_display

VALUES = {"product": "Phone 16 Pro", "price": "¥130,000"}


def test_placeholders_are_filled():
    assert fill_placeholders("{product} for {price}", VALUES) == "Phone 16 Pro for ¥130,000"


def test_an_unknown_placeholder_is_shown_literally():
    assert fill_placeholders("{colour} {product}", VALUES) == "{colour} Phone 16 Pro"


def test_attribute_and_index_access_are_not_evaluated():
    assert fill_placeholders("{product.upper}{product[0]}", VALUES) == "{product.upper}{product[0]}"


def test_a_stray_brace_leaves_the_text_as_written():
    assert fill_placeholders("Save {price", VALUES) == "Save {price"


def test_escaped_braces_stay_braces():
    assert fill_placeholders("{{ {product} }}", VALUES) == "{ Phone 16 Pro }"


def test_a_placeholder_without_a_value_is_empty():
    assert fill_placeholders("Only {saving}", VALUES) == "Only "


def test_money_is_a_plain_decimal_string_never_minus_zero():
    assert money(Decimal("1500.4")) == "1500"
    assert money(Decimal("-0.2")) == "0"


def test_a_difference_shows_its_sign():
    assert signed_money_display(Decimal("500")) == "+¥500"
    assert signed_money_display(Decimal("-300")) == "-¥300"
    assert signed_money_display(Decimal("0")) == "¥0"
