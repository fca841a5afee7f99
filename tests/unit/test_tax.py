"""Consumption tax, hand-computed: agreed on the shop's basis, shown with tax rounded per line."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from upsell_app.selection.pricing import apply_discount, quote_choice
from upsell_app.selection.tax import (
    RatePart,
    TaxPolicy,
    TaxRounding,
    discount_parts,
    round_tax,
    shown,
    shown_quote,
    shown_total,
    split_by_rate,
    tax_by_rate,
    tax_on,
)
from upsell_app.selection.types import Choice, Kind

from .builders import line, percent, product, rule

D = Decimal
FOOD, GOODS = D("0.08"), D("0.10")
EXCLUSIVE = TaxPolicy(prices_include_tax=False, rounding=TaxRounding.FLOOR)
HALF_UP = replace(EXCLUSIVE, rounding=TaxRounding.HALF_UP)
CEILING = replace(EXCLUSIVE, rounding=TaxRounding.CEILING)


def is_whole_yen(amount: Decimal) -> bool:
    return amount == amount.to_integral_value()


# -- one line's tax, each rounding rule -----------------------------------------------------------
@pytest.mark.parametrize(
    ("policy", "expected"),
    [(EXCLUSIVE, D("27")), (HALF_UP, D("27")), (CEILING, D("28"))],
)
def test_the_tax_of_a_341_yen_food_line_is_rounded_by_the_shops_rule(policy, expected):
    assert tax_on(D("341"), FOOD, policy) == expected  # 341 × 0.08 = 27.28


@pytest.mark.parametrize(
    ("policy", "expected"),
    [(EXCLUSIVE, D("34")), (HALF_UP, D("35")), (CEILING, D("35"))],
)
def test_a_half_yen_of_tax_goes_down_only_when_the_shop_floors(policy, expected):
    assert tax_on(D("345"), GOODS, policy) == expected  # 345 × 0.10 = 34.5


def test_a_lines_tax_is_taken_on_the_whole_line_not_per_unit():
    # 3 × ¥111 = ¥333; 333 × 0.08 = 26.64 -> 26, where 3 × floor(8.88) would be 24.
    assert tax_on(D("333"), FOOD, EXCLUSIVE) == D("26")


def test_a_discounts_tax_is_rounded_on_its_size_like_a_line_of_that_size():
    assert round_tax(D("-27.28"), EXCLUSIVE) == D("-27")
    assert round_tax(D("-27.28"), CEILING) == D("-28")


def test_prices_that_include_tax_are_shown_as_they_are_and_contain_their_tax():
    included = TaxPolicy()
    assert shown(D("1080"), FOOD, included) == D("1080")
    assert tax_on(D("1080"), FOOD, included) == D("80")  # 1080 × 8/108
    assert tax_on(D("1100"), GOODS, included) == D("100")


def test_a_price_without_tax_is_shown_with_its_tax_added():
    assert shown(D("1000"), GOODS, EXCLUSIVE) == D("1100")
    assert shown(D("341"), FOOD, EXCLUSIVE) == D("368")


def test_a_discounted_price_is_agreed_in_whole_yen_on_the_shops_basis_never_341_67():
    # The shop stores ¥342 without tax (¥369 with 8 %); 10 % off on that basis is ¥307.80,
    # agreed as ¥308, shown as 308 + floor(24.64) = ¥332: no fractional yen anywhere.
    agreed = apply_discount(D("342"), percent(10))
    assert agreed == D("308")
    assert shown(agreed, FOOD, EXCLUSIVE) == D("332")
    assert is_whole_yen(tax_on(agreed, FOOD, EXCLUSIVE))


# -- a set discount split by rate ----------------------------------------------------------------
def test_a_set_discount_is_split_in_proportion_to_the_sets_lines_at_each_rate():
    assert split_by_rate(D("300"), {FOOD: D("1000"), GOODS: D("2000")}) == {
        FOOD: D("100"),
        GOODS: D("200"),
    }


def test_the_shares_of_a_split_add_up_to_the_discount_in_whole_yen():
    shares = split_by_rate(D("250"), {FOOD: D("1480"), GOODS: D("2980")})
    # 250 × 1480/4460 = 82.96 -> 83; 250 × 2980/4460 = 167.04 -> 167
    assert shares == {FOOD: D("83"), GOODS: D("167")}


def test_what_rounding_leaves_over_goes_to_the_largest_share():
    shares = split_by_rate(D("100"), {D("0"): D("1"), FOOD: D("1"), GOODS: D("1")})
    assert shares == {D("0"): D("33"), FOOD: D("33"), GOODS: D("34")}


@pytest.mark.parametrize(
    ("policy", "food_tax", "goods_tax"),
    [(EXCLUSIVE, D("6"), D("16")), (HALF_UP, D("7"), D("17")), (CEILING, D("7"), D("17"))],
)
def test_each_share_of_a_set_discount_takes_its_own_tax_off(policy, food_tax, goods_tax):
    parts = discount_parts(D("250"), {FOOD: D("1480"), GOODS: D("2980")}, policy)
    # 83 × 0.08 = 6.64; 167 × 0.10 = 16.7
    assert parts == (RatePart(GOODS, D("167"), goods_tax), RatePart(FOOD, D("83"), food_tax))


def test_a_mixed_rate_cart_states_its_amount_and_tax_per_rate_less_the_set_discount():
    lines = [RatePart(FOOD, D("1480"), D("118")), RatePart(GOODS, D("2980"), D("298"))]
    discount = discount_parts(D("250"), {FOOD: D("1480"), GOODS: D("2980")}, EXCLUSIVE)
    assert tax_by_rate(lines, discount) == (
        RatePart(GOODS, D("2813"), D("282")),
        RatePart(FOOD, D("1397"), D("112")),
    )
    # (1480 + 118) + (2980 + 298) - (83 + 6) - (167 + 16)
    assert shown_total(lines, discount) == D("4604")


# -- the pop-up's figures ------------------------------------------------------------------------
def test_an_upsell_shows_what_the_shops_total_moves_by_with_tax_on_each_line():
    source = replace(product(1, 1000), tax_rate=GOODS)
    target = replace(product(2, 1500), tax_rate=GOODS)
    offer = rule(kind=Kind.UPSELL, sources=[1], targets=[2], discount=percent(10))
    choice = Choice(target, source_line=line(source, 2), source_product=source)
    quote = quote_choice(offer, choice)
    view = shown_quote(Kind.UPSELL, choice, quote, EXCLUSIVE)
    assert quote.unit_price == D("1350")  # agreed on the shop's basis
    assert view.unit_price == D("1485")
    assert view.original_price == D("1650")
    assert view.difference == D("770")  # (2700 + 270) - (2000 + 200)
    assert view.saving == D("330")  # (3000 + 300) - 2970


def test_a_cross_sell_of_food_is_shown_at_the_reduced_rate():
    food = replace(product(3, 341), tax_rate=FOOD)
    offer = rule(kind=Kind.CROSS_SELL, targets=[3])
    view = shown_quote(Kind.CROSS_SELL, Choice(food), quote_choice(offer, Choice(food)), EXCLUSIVE)
    assert (view.unit_price, view.difference) == (D("368"), D("368"))


def test_a_mixed_rate_bundle_shows_its_discount_split_by_rate_with_tax():
    anchor = replace(product(1, 1000), tax_rate=GOODS)
    items = [replace(product(2, 500), tax_rate=FOOD), replace(product(3, 300), tax_rate=FOOD)]
    offer = rule(kind=Kind.BUNDLE, sources=[1], targets=[2, 3], discount=percent(10))
    choices = [Choice(p, source_line=line(anchor), source_product=anchor) for p in items]
    quote = quote_choice(offer, choices[0], bundle_items=choices)
    view = shown_quote(Kind.BUNDLE, choices[0], quote, EXCLUSIVE, bundle_items=choices)
    assert quote.bundle_discount == D("180")  # 10 % of 1800, on the shop's basis
    # 180 split 100 (10 %) + 80 (8 %); tax 10 + floor(6.4) = 6: 196 off with tax
    assert view.bundle_discount == D("196")
    assert view.original_price == D("1964")  # 1100 + 540 + 324
    assert view.difference == D("668")  # 540 + 324 - 196
    assert all(is_whole_yen(x) for x in (view.unit_price, view.difference, view.saving))


def test_prices_that_include_tax_leave_the_pop_ups_figures_as_they_are():
    target = product(2, 1500)
    offer = rule(kind=Kind.CROSS_SELL, targets=[2], discount=percent(10))
    quote = quote_choice(offer, Choice(target))
    view = shown_quote(Kind.CROSS_SELL, Choice(target), quote, TaxPolicy())
    assert (view.unit_price, view.difference, view.saving) == (
        quote.unit_price,
        quote.difference,
        quote.saving,
    )
