"""The spend-threshold nudge's pure decisions: which threshold, how much is left, what closes it."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.selection.nudge import (
    Threshold,
    ThresholdState,
    closing_items,
    gap_to_next,
)

from .builders import catalogue, product

FREE_SHIPPING = Threshold(1, "free_shipping", Decimal(5000), show_within=Decimal(2000))
GIFT = Threshold(2, "gift", Decimal(10000), show_within=Decimal(2000))


def state(amount: int, *reached: str) -> ThresholdState:
    return ThresholdState(Decimal(amount), frozenset(reached))


def ids(items) -> list[int]:
    return [item.product.id for item in items]


# -- which threshold, how much is left ----------------------------------------------------------
def test_a_cart_800_below_free_shipping_is_told_the_800_left():
    gap = gap_to_next([FREE_SHIPPING, GIFT], state(4200))

    assert gap is not None
    assert (gap.threshold.code, gap.remaining) == ("free_shipping", Decimal(800))


def test_a_cart_further_below_than_the_window_gets_no_nudge():
    assert gap_to_next([FREE_SHIPPING], state(2999)) is None


def test_a_cart_exactly_at_the_window_gets_the_nudge():
    assert gap_to_next([FREE_SHIPPING], state(3000)).remaining == Decimal(2000)


def test_a_cart_at_the_threshold_has_reached_it():
    assert gap_to_next([FREE_SHIPPING], state(5000)) is None


def test_past_free_shipping_the_next_threshold_is_nudged_towards():
    gap = gap_to_next([FREE_SHIPPING, GIFT], state(8500))

    assert (gap.threshold.code, gap.remaining) == ("gift", Decimal(1500))


def test_a_threshold_the_shop_reports_reached_is_never_nudged_towards():
    assert gap_to_next([FREE_SHIPPING], state(4200, "free_shipping")) is None


def test_only_the_nearest_threshold_counts_even_when_a_further_one_has_a_wider_window():
    wide_gift = Threshold(2, "gift", Decimal(10000), show_within=Decimal(8000))

    assert gap_to_next([FREE_SHIPPING, wide_gift], state(2500)) is None


# -- what closes the gap ------------------------------------------------------------------------
def test_only_products_that_close_the_gap_alone_are_suggested():
    products = catalogue(product(1, 500), product(2, 800), product(3, 1200))

    assert ids(closing_items(Decimal(800), products, frozenset())) == [2, 3]


def test_the_cheapest_closers_come_first():
    products = catalogue(product(1, 3000), product(2, 900), product(3, 1500), product(4, 1000))

    assert ids(closing_items(Decimal(800), products, frozenset(), limit=3)) == [2, 4, 3]


def test_learned_partners_of_the_cart_come_before_the_cheapest():
    products = catalogue(product(1, 900), product(2, 2500), product(3, 1000))

    items = closing_items(Decimal(800), products, frozenset({9}), partners=[(2, 9)], limit=2)

    assert ids(items) == [2, 1]
    assert [item.because_of for item in items] == [9, None]


def test_a_learned_partner_that_does_not_close_the_gap_is_left_out():
    products = catalogue(product(1, 900), product(2, 300))

    assert ids(closing_items(Decimal(800), products, frozenset(), partners=[(2, 9)])) == [1]


def test_an_out_of_stock_product_is_never_suggested():
    products = catalogue(product(1, 900, stock=0), product(2, 1000, stock=3))

    assert ids(closing_items(Decimal(800), products, frozenset(), partners=[(1, 9)])) == [2]


def test_a_product_already_in_the_cart_is_never_suggested():
    products = catalogue(product(1, 900), product(2, 1000))

    assert ids(closing_items(Decimal(800), products, frozenset({1}), partners=[(1, 9)])) == [2]


def test_a_product_without_a_price_is_never_suggested():
    products = catalogue(product(1, 0), product(2, 1000))

    assert ids(closing_items(Decimal(0), products, frozenset())) == [2]


def test_no_more_items_than_the_limit():
    products = catalogue(*(product(i, 1000 + i) for i in range(1, 8)))

    assert ids(closing_items(Decimal(800), products, frozenset(), limit=3)) == [1, 2, 3]


def test_a_partner_named_twice_is_suggested_once():
    products = catalogue(product(1, 900), product(2, 1000))

    items = closing_items(Decimal(800), products, frozenset(), partners=[(1, 8), (1, 9)])

    assert ids(items) == [1, 2]
