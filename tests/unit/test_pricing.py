"""Money maths: Decimal, rounded once, never a negative price."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from upsell_app.selection.pricing import (
    agreed_line_total,
    apply_discount,
    discount_amount,
    discount_meets_floor,
    format_money,
    quote_choice,
    round_money,
    same_price,
)
from upsell_app.selection.types import Choice, Discount, Kind

from .builders import fixed, line, percent, product, rule

D = Decimal


# -- discounts ----------------------------------------------------------------------------------
def test_percent_discount_takes_its_share_off_the_price():
    assert apply_discount(D("2000"), percent(10)) == D("1800")


def test_fixed_discount_takes_its_amount_off_the_price():
    assert apply_discount(D("2000"), fixed(300)) == D("1700")


def test_no_discount_leaves_the_price():
    assert apply_discount(D("2000"), Discount()) == D("2000")


def test_fixed_discount_larger_than_the_price_makes_it_free_not_negative():
    assert discount_amount(D("500"), fixed(800)) == D("500")
    assert apply_discount(D("500"), fixed(800)) == D("0")


def test_percent_discount_over_100_is_capped_at_the_price():
    assert apply_discount(D("500"), percent(150)) == D("0")


@pytest.mark.parametrize("discount", [percent(-10), fixed(-100)])
def test_negative_discount_never_raises_the_price(discount):
    assert apply_discount(D("500"), discount) == D("500")


def test_percent_discount_is_rounded_once_half_up():
    # 15% of 999 is 149.85: the shopper sees 150 off, 849 to pay.
    assert discount_amount(D("999"), percent(15)) == D("150")
    assert apply_discount(D("999"), percent(15)) == D("849")


def test_rounding_keeps_the_currency_decimal_places():
    assert round_money(D("10.005"), 2) == D("10.01")
    assert apply_discount(D("19.99"), percent(10), 2) == D("17.99")


def test_money_stays_decimal():
    assert isinstance(apply_discount(D("1000"), percent(33)), Decimal)


# -- quotes -------------------------------------------------------------------------------------
def test_upsell_quote_shows_the_price_difference_for_the_line_quantity():
    phone, pro = product(1, 1000), product(2, 1500)
    choice = Choice(product=pro, source_line=line(phone, 2), source_product=phone)

    quote = quote_choice(rule(kind=Kind.UPSELL), choice)

    assert quote.unit_price == D("1500")
    assert quote.difference == D("1000")  # (1500 - 1000) x 2
    assert quote.value == D("1000")
    assert quote.saving == D("0")


def test_discounted_upsell_quote_saves_the_discount_per_unit():
    phone, pro = product(1, 1000), product(2, 1500)
    choice = Choice(product=pro, source_line=line(phone, 2), source_product=phone)

    quote = quote_choice(rule(kind=Kind.UPSELL, discount=percent(10)), choice)

    assert (quote.unit_price, quote.original_price) == (D("1350"), D("1500"))
    assert quote.difference == D("700")
    assert quote.saving == D("300")


def test_upsell_difference_is_measured_against_the_price_paid_for_the_line():
    phone, pro = product(1, 1000), product(2, 1500)
    paid_less = replace(line(phone), unit_price=D("900"))
    choice = Choice(product=pro, source_line=paid_less, source_product=phone)

    assert quote_choice(rule(kind=Kind.UPSELL), choice).difference == D("600")


def test_downsell_quote_after_removal_shows_the_saving_against_the_removed_product():
    large, small = product(1, 3000), product(2, 1000)
    choice = Choice(product=small, source_product=large)

    quote = quote_choice(rule(kind=Kind.DOWNSELL), choice)

    assert quote.unit_price == D("1000")
    assert quote.difference == D("-2000")
    assert quote.saving == D("2000")
    assert quote.value == D("1000")  # the cart gains the cheaper product


def test_downsell_quote_for_a_cart_line_values_the_change_not_the_product():
    large, small = product(1, 3000), product(2, 1000)
    choice = Choice(product=small, source_line=line(large), source_product=large)

    quote = quote_choice(rule(kind=Kind.DOWNSELL), choice)

    assert quote.difference == D("-2000")
    assert quote.value == D("-2000")


def test_cross_sell_quote_adds_the_discounted_price():
    card = product(2, 3000)

    quote = quote_choice(rule(discount=fixed(500)), Choice(product=card, source_product=product(1)))

    assert (quote.unit_price, quote.difference, quote.saving, quote.value) == (
        D("2500"),
        D("2500"),
        D("500"),
        D("2500"),
    )


def test_subscription_quote_prices_each_delivery_with_the_discount():
    coffee = product(1, 1500)
    choice = Choice(product=coffee, source_line=line(coffee), source_product=coffee)

    quote = quote_choice(rule(kind=Kind.SUBSCRIPTION, discount=percent(10)), choice)

    assert quote.unit_price == D("1350")
    assert quote.difference == D("-150")
    assert quote.saving == D("150")


def test_bundle_takes_one_discount_off_the_whole_package_rounded_once():
    laptop, mouse, sleeve = product(1, 10000), product(2, 3333), product(3, 3333)
    items = [Choice(product=p, source_product=laptop) for p in (mouse, sleeve)]

    quote = quote_choice(rule(kind=Kind.BUNDLE, discount=percent(10)), items[0], 0, items)

    assert quote.original_price == D("16666")  # the package at list prices
    assert quote.bundle_discount == D("1667")  # 1666.6, rounded once for the package
    assert quote.saving == D("1667")
    assert quote.difference == D("4999")  # 6666 added - 1667 off
    assert quote.value == D("4999")


def test_bundle_without_a_discount_saves_nothing():
    laptop, mouse = product(1, 10000), product(2, 3000)
    items = [Choice(product=mouse, source_product=laptop)]

    quote = quote_choice(rule(kind=Kind.BUNDLE), items[0], 0, items)

    assert (quote.saving, quote.difference) == (D("0"), D("3000"))


def test_bundle_fixed_discount_never_exceeds_the_package():
    mouse = product(2, 3000)
    items = [Choice(product=mouse)]

    quote = quote_choice(rule(kind=Kind.BUNDLE, discount=fixed(99999)), items[0], 0, items)

    assert quote.saving == D("3000")
    assert quote.difference == D("0")


def test_bundle_discount_never_exceeds_what_the_set_adds_to_the_cart():
    laptop, mouse = product(1, 150000), product(2, 3000)
    items = [Choice(product=mouse, source_product=laptop)]

    quote = quote_choice(rule(kind=Kind.BUNDLE, discount=percent(10)), items[0], 0, items)

    assert quote.bundle_discount == D("3000")  # 10% of 153,000 would be 15,300
    assert quote.difference == D("0")


# -- formatting ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("1500"), "¥1,500"),
        (D("0"), "¥0"),
        (D("-300"), "-¥300"),
        (D("1234567"), "¥1,234,567"),
        (D("999.5"), "¥1,000"),
        (D("-0.4"), "¥0"),
    ],
)
def test_format_money_in_yen(amount, expected):
    assert format_money(amount) == expected


def test_format_money_with_cents():
    assert format_money(D("1234.5"), "$", 2) == "$1,234.50"


@pytest.mark.parametrize("quoted", ["1500", "1500.00", "1500.0", "1.5E+3"])
def test_same_price_reads_the_quoted_text_as_a_number(quoted):
    assert same_price(Decimal("1500"), quoted)


@pytest.mark.parametrize("quoted", ["1499", "1500.01", "¥1,500", "", "NaN", None])
def test_same_price_refuses_another_amount_or_text_that_is_no_number(quoted):
    assert not same_price(Decimal("1500"), quoted)


def test_same_price_rounds_the_server_amount_to_the_currency_places():
    assert same_price(Decimal("1499.996"), "1500.00", decimal_places=2)


def test_a_discount_that_rounds_a_price_to_nothing_does_not_meet_the_floor():
    assert apply_discount(Decimal("2480"), percent("99.99")) == 0
    assert not discount_meets_floor(Decimal("2480"), percent("99.99"), Decimal("1"))


def test_a_discount_leaving_exactly_the_floor_meets_it():
    assert discount_meets_floor(Decimal("3000"), fixed(2500), Decimal("500"))
    assert not discount_meets_floor(Decimal("3000"), fixed(2501), Decimal("500"))


def test_the_floor_is_checked_on_the_price_as_rounded_to_the_currency():
    """0.4 cents are charged as 0.00: below a floor of one cent."""
    assert not discount_meets_floor(Decimal("0.40"), percent(99), Decimal("0.01"), 2)
    assert discount_meets_floor(Decimal("2.00"), percent(99), Decimal("0.01"), 2)


def test_units_beyond_those_agreed_cost_the_shops_price():
    assert agreed_line_total(10, Decimal("130000"), Decimal("125000"), 1) == Decimal(
        "125000"
    ) + 9 * Decimal("130000")


def test_fewer_units_than_agreed_keep_the_agreed_price():
    assert agreed_line_total(2, Decimal("130000"), Decimal("125000"), 3) == 2 * Decimal("125000")
