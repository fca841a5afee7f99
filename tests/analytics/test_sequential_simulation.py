"""Acceptance: the dashboard's statistics hold over many simulated months of the demo's traffic.

Shoppers are drawn by :mod:`upsell_app.analytics.traffic_model` (the demo's simulated traffic as a
pure numpy model, prices from the demo catalogue) with a known true effect, so the tests count how
often the statistics tell the truth:

* the shop-wide holdout (5 % of visitors never shown an offer): over 100 seeded months the 95 %
  always-valid interval of the revenue-per-visitor difference (with CUPED) covers the true effect
  in at least 93; measured: 99 of 100 at the end of the month, and 95 of 100 at every daily look
  the dashboard shows (from 100 held-out visitors on);
* an A/B test with no true effect, looked at every day for 30 days: the sequential test declares
  a winner in at most 5 % of months; the old fixed-horizon tests (z-test for take rate, Welch's
  t-test for revenue per visitor) looked at the same way declare one far more often. Measured
  over 200 months: sequential 1.5 % (revenue per visitor) and 1.5 % (take rate); fixed-horizon
  26.5 % (revenue per visitor, Welch) and 28.5 % (take rate, z-test): more than one month in four.

Each test prints what it measured (``pytest -s``).
"""

from __future__ import annotations

import numpy as np
import pytest

from shop_demo.shop.catalogue import PRODUCTS
from upsell_app.analytics import sequential, stats
from upsell_app.analytics.sequential import Sums
from upsell_app.analytics.traffic_model import ShopModel, true_effect, visitors

SHOP = ShopModel(prices=[float(p.price) for p in PRODUCTS])
DAYS = 30
ALPHA = 0.05


def _holdout_month(seed: int, per_day: int = 1000, share: float = 0.05) -> list[tuple]:
    """Each day's cumulative (held out, shown) revenue sums."""
    rng = np.random.default_rng(seed)
    held, shown, looks = Sums(), Sums(), []
    for _ in range(DAYS):
        n_held = int(rng.binomial(per_day, share))
        held += visitors(rng, SHOP, n_held, shown=False).revenue
        shown += visitors(rng, SHOP, per_day - n_held, shown=True).revenue
        looks.append((held, shown))
    return looks


def test_holdout_interval_covers_the_true_revenue_per_visitor_difference_in_93_of_100_months():
    truth = true_effect(SHOP)
    at_the_end = at_every_look = 0
    for seed in range(100):
        # the dashboard shows the difference once each group has AB_MIN_SAMPLE (100) visitors
        looks = [(h, s) for h, s in _holdout_month(seed) if h.n >= 100]
        results = [sequential.compare(h, s, ALPHA) for h, s in looks]
        covered = [r is not None and not r.interval.excludes(truth) for r in results]
        at_the_end += covered[-1]
        at_every_look += all(covered)
    print(f"\nholdout: true effect {truth:,.0f} per visitor; interval covers it at the end of "
          f"{at_the_end}/100 months, at every daily look shown of {at_every_look}/100")
    assert at_the_end >= 93


def _ab_month(seed: int, per_day: int = 400) -> list[tuple[Sums, Sums, Sums, Sums]]:
    """Each day's cumulative (A revenue, B revenue, A take, B take); A and B are the same."""
    rng = np.random.default_rng(10_000 + seed)
    a_rev = b_rev = a_take = b_take = Sums()
    looks = []
    for _ in range(DAYS):
        a, b = visitors(rng, SHOP, per_day, shown=True), visitors(rng, SHOP, per_day, shown=True)
        a_rev, b_rev = a_rev + a.revenue, b_rev + b.revenue
        a_take, b_take = a_take + a.take, b_take + b.take
        looks.append((a_rev, b_rev, a_take, b_take))
    return looks


def _fixed_revenue(a: Sums, b: Sums) -> bool:
    result = stats.welch_from_moments((a.mean, a.variance, a.n), (b.mean, b.variance, b.n))
    return result.p_value < ALPHA


def _fixed_take(a: Sums, b: Sums) -> bool:
    result = stats.two_proportion_ztest(int(a.y), a.n, int(b.y), b.n)
    return result.p_value < ALPHA


def _sequential(a: Sums, b: Sums) -> bool:
    result = sequential.compare(a, b, ALPHA)
    return result is not None and result.decided


@pytest.fixture(scope="module")
def false_winners() -> dict[str, float]:
    """Share of 200 no-effect months in which each test, read daily, ever declares a winner."""
    months = [_ab_month(seed) for seed in range(200)]
    counts = dict.fromkeys(
        ("sequential revenue", "sequential take", "fixed revenue", "fixed take"), 0
    )
    for looks in months:
        counts["sequential revenue"] += any(_sequential(a, b) for a, b, _, _ in looks)
        counts["sequential take"] += any(_sequential(a, b) for _, _, a, b in looks)
        counts["fixed revenue"] += any(_fixed_revenue(a, b) for a, b, _, _ in looks)
        counts["fixed take"] += any(_fixed_take(a, b) for _, _, a, b in looks)
    rates = {name: n / len(months) for name, n in counts.items()}
    print("\nno true effect, read daily for 30 days, share of months with a 'winner': "
          + ", ".join(f"{name} {rate:.1%}" for name, rate in rates.items()))
    return rates


def test_sequential_revenue_per_visitor_test_read_daily_declares_a_false_winner_at_most_5pc(
    false_winners,
):
    assert false_winners["sequential revenue"] <= 0.05


def test_sequential_take_rate_test_read_daily_declares_a_false_winner_at_most_5pc(false_winners):
    assert false_winners["sequential take"] <= 0.05


def test_fixed_horizon_tests_read_daily_declare_false_winners_more_often_than_promised(
    false_winners,
):
    assert false_winners["fixed revenue"] > 0.05
    assert false_winners["fixed take"] > 0.05
