"""The learned replenishment interval against medians computed by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

from upsell_app.selection.followup import learned_interval, repurchase_gaps

DAY0 = datetime(2026, 1, 1, 10, 0)


def on(*days: float) -> list[datetime]:
    return [DAY0 + timedelta(days=d) for d in days]


def test_gaps_are_days_between_consecutive_orders_in_time_order():
    assert repurchase_gaps(on(30, 0, 75)) == [30.0, 45.0]


def test_one_order_recorded_twice_is_one_purchase():
    assert repurchase_gaps(on(0, 0, 20)) == [20.0]


def test_median_of_an_odd_number_of_gaps_is_the_middle_gap():
    # gaps: A 28, 32; B 30 -> sorted 28, 30, 32 -> 30
    orders = {"A": on(0, 28, 60), "B": on(5, 35)}
    assert learned_interval(orders, min_observations=3) == 30.0


def test_median_of_an_even_number_of_gaps_is_the_mean_of_the_middle_two():
    # gaps: A 10, 20; B 40, 90 -> sorted 10, 20, 40, 90 -> (20 + 40) / 2 = 30
    orders = {"A": on(0, 10, 30), "B": on(0, 40, 130)}
    assert learned_interval(orders, min_observations=3) == 30.0


def test_one_outlier_customer_does_not_move_the_median_far():
    # gaps: 14, 15, 16, 365 -> (15 + 16) / 2 = 15.5 (a mean would say 102.5)
    orders = {"A": on(0, 14, 29, 45), "B": on(0, 365)}
    assert learned_interval(orders, min_observations=3) == 15.5


def test_gaps_count_in_fractions_of_a_day():
    # 36 hours and 60 hours -> 1.5 and 2.5 days; a third of 2 -> median 2.0
    orders = {"A": on(0, 1.5, 4), "B": on(0, 2)}
    assert learned_interval(orders, min_observations=3) == 2.0


def test_customers_who_bought_once_add_no_gap():
    orders = {"A": on(0, 20, 40), "B": on(3), "C": on(9)}
    assert learned_interval(orders, min_observations=2) == 20.0
    assert learned_interval(orders, min_observations=3) is None


def test_no_interval_below_the_minimum_of_observations():
    assert learned_interval({"A": on(0, 30)}, min_observations=2) is None
    assert learned_interval({}, min_observations=1) is None
