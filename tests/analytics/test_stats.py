"""The A/B maths checked against scipy.stats, an independent implementation, on fixed inputs."""

from __future__ import annotations

import math

import pytest
from scipy import stats as scipy_stats

from upsell_app.analytics import stats

CONTROL_ORDERS = [4200.0, 3900, 5100, 4800, 3600, 4400, 5200, 3950, 4100, 4700, 3800, 4550]
TREATMENT_ORDERS = [4900.0, 5600, 4300, 6100, 5200, 4800, 5900, 4400, 6300, 5000]


def test_two_proportion_ztest_matches_scipy_chi_square_without_correction():
    result = stats.two_proportion_ztest(30, 400, 48, 410)
    chi2, p_value, _, _ = scipy_stats.chi2_contingency([[30, 370], [48, 362]], correction=False)
    assert result.statistic == pytest.approx(math.sqrt(chi2), rel=1e-12)
    assert result.p_value == pytest.approx(p_value, rel=1e-10)
    assert result.difference == pytest.approx(48 / 410 - 30 / 400)


def test_two_proportion_ztest_p_value_matches_the_normal_distribution():
    result = stats.two_proportion_ztest(120, 1000, 95, 1000)
    assert result.p_value == pytest.approx(2 * scipy_stats.norm.sf(abs(result.statistic)))
    assert result.statistic < 0  # the treatment converts less


def test_difference_interval_is_the_unpooled_wald_interval():
    result = stats.two_proportion_ztest(30, 400, 48, 410, confidence=0.95)
    p1, p2 = 30 / 400, 48 / 410
    se = math.sqrt(p1 * (1 - p1) / 400 + p2 * (1 - p2) / 410)
    z = scipy_stats.norm.ppf(0.975)
    assert result.interval.low == pytest.approx(p2 - p1 - z * se)
    assert result.interval.high == pytest.approx(p2 - p1 + z * se)


def test_welch_ttest_matches_scipy():
    result = stats.welch_ttest(CONTROL_ORDERS, TREATMENT_ORDERS)
    reference = scipy_stats.ttest_ind(TREATMENT_ORDERS, CONTROL_ORDERS, equal_var=False)
    assert result.statistic == pytest.approx(reference.statistic, rel=1e-10)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-8)
    assert result.df == pytest.approx(reference.df, rel=1e-10)


def test_welch_interval_matches_scipy_confidence_interval():
    result = stats.welch_ttest(CONTROL_ORDERS, TREATMENT_ORDERS, confidence=0.9)
    reference = scipy_stats.ttest_ind(
        TREATMENT_ORDERS, CONTROL_ORDERS, equal_var=False
    ).confidence_interval(confidence_level=0.9)
    assert result.interval.low == pytest.approx(reference.low, rel=1e-8)
    assert result.interval.high == pytest.approx(reference.high, rel=1e-8)


def test_mean_interval_matches_scipy_t_interval():
    interval = stats.mean_interval(CONTROL_ORDERS, confidence=0.95)
    low, high = scipy_stats.t.interval(
        0.95, len(CONTROL_ORDERS) - 1,
        loc=scipy_stats.tmean(CONTROL_ORDERS), scale=scipy_stats.sem(CONTROL_ORDERS),
    )
    assert (interval.low, interval.high) == (pytest.approx(low), pytest.approx(high))


def test_wilson_interval_matches_scipy_binomtest():
    interval = stats.wilson_interval(30, 400, confidence=0.95)
    reference = scipy_stats.binomtest(30, 400).proportion_ci(0.95, method="wilson")
    assert interval.low == pytest.approx(reference.low, rel=1e-9)
    assert interval.high == pytest.approx(reference.high, rel=1e-9)


def test_verdict_is_not_enough_data_below_the_minimum_sample():
    assert not stats.enough_data(99, 500, minimum=100)
    assert stats.enough_data(100, 100, minimum=100)
    assert stats.verdict(None, 0.95) == stats.NOT_ENOUGH_DATA


def test_verdict_names_a_significant_winner_and_loser():
    better = stats.two_proportion_ztest(50, 1000, 90, 1000)
    worse = stats.two_proportion_ztest(90, 1000, 50, 1000)
    assert stats.verdict(better, 0.95) == stats.BETTER
    assert stats.verdict(worse, 0.95) == stats.WORSE


def test_verdict_is_no_difference_when_not_significant():
    result = stats.two_proportion_ztest(50, 1000, 55, 1000)
    assert stats.verdict(result, 0.95) == stats.NO_DIFFERENCE
