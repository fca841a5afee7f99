"""What each kind of accepted offer adds to an order, against hand-computed yen."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.analytics.incremental import (
    Change,
    added_change,
    downsell_change,
    subscription_change,
    upsell_change,
)


def test_upgrade_from_128_to_256_gb_adds_the_difference_not_the_new_phone():
    assert upsell_change(Decimal("104800"), Decimal("89800"), 1) == Change(Decimal("15000"))


def test_upgrade_of_two_units_adds_the_difference_for_both():
    assert upsell_change(Decimal("104800"), Decimal("89800"), 2).incremental == Decimal("30000")


def test_cross_sell_adds_its_lines_net_of_the_set_discount():
    change = added_change([Decimal("2480")], Decimal("500"))
    assert change == Change(incremental=Decimal("1980"))


def test_several_cross_sell_lines_add_together():
    lines = [Decimal("2980"), Decimal("1980")]
    assert added_change(lines).incremental == Decimal("4960")


def test_subscription_switch_counts_the_minimum_commitment_less_the_replaced_line():
    # ¥1,680 at 10 % off, two bags, at least three deliveries, instead of two bags once.
    change = subscription_change(Decimal("1512"), 2, 3, Decimal("1680") * 2)
    assert change.incremental == Decimal("1512") * 2 * 3 - Decimal("3360") == Decimal("5712")


def test_subscription_switch_without_a_minimum_counts_one_delivery_and_may_cost_revenue():
    change = subscription_change(Decimal("1512"), 2, 0, Decimal("3360"))
    assert change.incremental == Decimal("-336")


def test_downsell_keeps_revenue_but_adds_none():
    assert downsell_change(Decimal("100000"), 1) == Change(Decimal("0"), Decimal("100000"))
