"""The always-valid (mSPRT) maths and CUPED, checked against numpy and scipy.stats."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from upsell_app.analytics import sequential
from upsell_app.analytics.sequential import Sums

CONTROL = [4200.0, 0, 5100, 0, 3600, 4400, 0, 3950, 4100, 0, 3800, 4550]
TREATMENT = [4900.0, 5600, 0, 6100, 5200, 0, 5900, 4400, 6300, 5000]
BEFORE_CONTROL = [3000.0, 0, 4000, 0, 2500, 3900, 100, 3000, 3500, 0, 2000, 4100]
BEFORE_TREATMENT = [4100.0, 4500, 0, 5000, 3900, 300, 5200, 3300, 5500, 3700]


def test_sums_give_the_sample_mean_variance_and_covariance_numpy_gives():
    sums = Sums.of(CONTROL, BEFORE_CONTROL)
    assert sums.mean == pytest.approx(np.mean(CONTROL))
    assert sums.variance == pytest.approx(np.var(CONTROL, ddof=1))
    assert sums.x_variance == pytest.approx(np.var(BEFORE_CONTROL, ddof=1))
    assert sums.covariance == pytest.approx(np.cov(BEFORE_CONTROL, CONTROL, ddof=1)[0, 1])


def test_sums_of_two_parts_equal_the_sums_of_the_whole():
    whole = Sums.of(CONTROL, BEFORE_CONTROL)
    parts = Sums.of(CONTROL[:5], BEFORE_CONTROL[:5]) + Sums.of(CONTROL[5:], BEFORE_CONTROL[5:])
    assert parts.n == whole.n
    assert parts.variance == pytest.approx(whole.variance)
    assert parts.covariance == pytest.approx(whole.covariance)


def test_a_proportion_is_the_mean_of_zeros_and_ones():
    sums = Sums.of_proportion(30, 400)
    assert sums.mean == pytest.approx(30 / 400)
    assert sums.variance == pytest.approx(np.var([1] * 30 + [0] * 370, ddof=1))


def test_cuped_slope_is_the_within_group_regression_slope():
    # Regressing y on x with a dummy per group gives the pooled within-group slope.
    x = np.array(BEFORE_CONTROL + BEFORE_TREATMENT)
    group = np.array([0] * len(CONTROL) + [1] * len(TREATMENT))
    y = np.array(CONTROL + TREATMENT)
    design = np.column_stack([x, group == 0, group == 1]).astype(float)
    slope = np.linalg.lstsq(design, y, rcond=None)[0][0]
    theta = sequential.cuped_theta(
        Sums.of(CONTROL, BEFORE_CONTROL), Sums.of(TREATMENT, BEFORE_TREATMENT)
    )
    assert theta == pytest.approx(slope)


@pytest.mark.parametrize(("difference", "variance", "tau2"), [(0.4, 0.09, 0.5), (-3.0, 2.0, 0.7)])
def test_likelihood_ratio_is_the_normal_mixture_over_the_null(difference, variance, tau2):
    # Mixing N(d; effect, V) over effect ~ N(0, tau2) gives N(d; 0, V + tau2).
    mixture = scipy_stats.norm.pdf(difference, 0, math.sqrt(variance + tau2))
    null = scipy_stats.norm.pdf(difference, 0, math.sqrt(variance))
    log_l = sequential.likelihood_ratio_log(difference, variance, tau2)
    assert log_l == pytest.approx(math.log(mixture / null))


def test_the_confidence_sequence_ends_where_the_likelihood_ratio_reaches_one_over_alpha():
    interval = sequential.confidence_sequence(1.5, 0.3, 0.8, 0.05)
    for end in (interval.low, interval.high):
        # Testing "the effect is `end`" shifts the estimate by `end`: L = 1/alpha exactly there.
        log_l = sequential.likelihood_ratio_log(1.5 - end, 0.3, 0.8)
        assert log_l == pytest.approx(math.log(1 / 0.05))


def test_without_a_covariate_the_difference_and_variance_are_welchs():
    result = sequential.compare(Sums.of(CONTROL), Sums.of(TREATMENT))
    welch = scipy_stats.ttest_ind(TREATMENT, CONTROL, equal_var=False)
    assert result.difference == pytest.approx(np.mean(TREATMENT) - np.mean(CONTROL))
    variance = np.var(CONTROL, ddof=1) / len(CONTROL) + np.var(TREATMENT, ddof=1) / len(TREATMENT)
    assert result.variance == pytest.approx(variance)
    assert result.difference / math.sqrt(result.variance) == pytest.approx(welch.statistic)
    assert result.variance_reduction == 0


def test_the_sequential_interval_is_wider_than_the_fixed_horizon_one():
    result = sequential.compare(Sums.of(CONTROL), Sums.of(TREATMENT))
    fixed = scipy_stats.ttest_ind(TREATMENT, CONTROL, equal_var=False).confidence_interval(0.95)
    assert result.interval.low < fixed.low
    assert result.interval.high > fixed.high


def test_cuped_removes_the_variance_the_pre_test_spend_explains():
    rng = np.random.default_rng(7)
    before = rng.gamma(2.0, 2000.0, size=(2, 4000))
    after = 0.8 * before + rng.normal(0, 800, size=(2, 4000))
    control, treatment = Sums.of(after[0], before[0]), Sums.of(after[1], before[1])
    adjusted = sequential.compare(control, treatment)
    plain = sequential.compare(control, treatment, cuped=False)
    rho = np.corrcoef(before.ravel(), after.ravel())[0, 1]
    assert adjusted.variance_reduction == pytest.approx(rho**2, abs=0.02)
    assert adjusted.variance < plain.variance


def test_cuped_corrects_a_chance_imbalance_in_pre_test_spend():
    # The treatment group happened to spend 1,000 more before the test; each shopper spends
    # about what they spent before, so the offers changed nothing.
    before_c, before_t = [1000.0, 2000, 3000, 4000], [2000.0, 3000, 4000, 5000]
    noise = [10.0, -10, -10, 10]
    control = Sums.of([x + e for x, e in zip(before_c, noise, strict=True)], before_c)
    treatment = Sums.of([x + e for x, e in zip(before_t, noise, strict=True)], before_t)
    assert sequential.compare(control, treatment, cuped=False).difference == 1000
    assert sequential.compare(control, treatment).difference == pytest.approx(0, abs=1e-9)


def test_a_clear_difference_is_decided_and_its_p_value_is_below_alpha():
    result = sequential.compare(Sums.of_proportion(500, 10000), Sums.of_proportion(700, 10000))
    assert result.decided
    assert result.p_value < 0.05
    assert result.interval.low > 0
    assert result.relative == pytest.approx(0.4)


def test_a_small_difference_is_not_decided():
    result = sequential.compare(Sums.of_proportion(50, 1000), Sums.of_proportion(55, 1000))
    assert not result.decided
    assert result.p_value == 1.0 or result.p_value > 0.05


def test_no_result_before_each_group_has_two_units():
    assert sequential.compare(Sums.of([1.0]), Sums.of([1.0, 2.0])) is None
