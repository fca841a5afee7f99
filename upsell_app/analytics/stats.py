"""The fixed-horizon significance maths of A/B tests, on ``scipy.stats`` (no ORM).

* take rate: two-proportion z-test (pooled standard error), Wilson intervals for each rate and a
  Wald interval for the difference;
* order value: Welch's t-test (unequal variances) with a t-interval for the difference of means.

These answer "is there a difference?" once, at a sample size fixed in advance. A dashboard read
every day asks again and again, and each look is another chance of a false "significant": what the
dashboard shows for that is :mod:`.sequential`. These stay for the one-off reading and as the
reference the simulation measures the sequential test against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as scipy_stats


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def excludes(self, value: float) -> bool:
        return value < self.low or value > self.high


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float
    difference: float  # treatment minus control
    interval: Interval  # confidence interval of the difference
    df: float | None = None  # degrees of freedom (t-tests)


def z_quantile(confidence: float) -> float:
    """The two-sided critical value of the normal distribution (1.96 for 95 %)."""
    return float(scipy_stats.norm.ppf(0.5 + confidence / 2))


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval of a proportion: sensible even for small samples and rates near 0."""
    if trials <= 0:
        return Interval(0.0, 1.0)
    z = z_quantile(confidence)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def two_proportion_ztest(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, confidence: float = 0.95
) -> TestResult:
    """Does B's rate differ from A's? A is the reference (control), B the treatment.

    The statistic uses the pooled rate (the null hypothesis says both rates are equal); the interval
    of the difference uses the unpooled standard error.
    """
    if trials_a <= 0 or trials_b <= 0:
        raise ValueError("both groups need at least one trial")
    p_a, p_b = successes_a / trials_a, successes_b / trials_b
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    diff = p_b - p_a
    if se_pooled == 0:
        z, p_value = 0.0, 1.0
    else:
        z = diff / se_pooled
        p_value = float(2 * scipy_stats.norm.sf(abs(z)))
    se = math.sqrt(p_a * (1 - p_a) / trials_a + p_b * (1 - p_b) / trials_b)
    half = z_quantile(confidence) * se
    return TestResult(z, p_value, diff, Interval(diff - half, diff + half))


def _mean_var(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, var


def welch_ttest(
    control: Sequence[float], treatment: Sequence[float], confidence: float = 0.95
) -> TestResult:
    """Does the treatment's mean differ from the control's, without assuming equal variances?"""
    if len(control) < 2 or len(treatment) < 2:
        raise ValueError("both groups need at least two values")
    mean_a, var_a = _mean_var(control)
    mean_b, var_b = _mean_var(treatment)
    return welch_from_moments(
        (mean_a, var_a, len(control)), (mean_b, var_b, len(treatment)), confidence
    )


def welch_from_moments(
    control: tuple[float, float, int], treatment: tuple[float, float, int],
    confidence: float = 0.95,
) -> TestResult:
    """Welch's test from each group's (mean, sample variance, size), for sums kept in SQL."""
    (mean_a, var_a, n_a), (mean_b, var_b, n_b) = control, treatment
    sa, sb = var_a / n_a, var_b / n_b
    diff = mean_b - mean_a
    se = math.sqrt(sa + sb)
    if se == 0:
        return TestResult(0.0, 1.0, diff, Interval(diff, diff), df=None)
    df = (sa + sb) ** 2 / (sa * sa / (n_a - 1) + sb * sb / (n_b - 1))
    t = diff / se
    p_value = float(2 * scipy_stats.t.sf(abs(t), df))
    half = float(scipy_stats.t.ppf(0.5 + confidence / 2, df)) * se
    return TestResult(t, p_value, diff, Interval(diff - half, diff + half), df=df)


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """t-interval of a mean (for an arm's average order value)."""
    if len(values) < 2:
        return Interval(-math.inf, math.inf)
    mean, var = _mean_var(values)
    quantile = float(scipy_stats.t.ppf(0.5 + confidence / 2, len(values) - 1))
    half = quantile * math.sqrt(var / len(values))
    return Interval(mean - half, mean + half)


# -- the verdict the admin reads ------------------------------------------------------------------
NOT_ENOUGH_DATA = "not_enough_data"
BETTER = "better"
WORSE = "worse"
NO_DIFFERENCE = "no_difference"


def verdict(result: TestResult | None, confidence: float) -> str:
    """``better``/``worse`` than control when significant at ``confidence``; else no difference."""
    if result is None:
        return NOT_ENOUGH_DATA
    if result.p_value < 1 - confidence:
        return BETTER if result.difference > 0 else WORSE
    return NO_DIFFERENCE


def enough_data(*sample_sizes: int, minimum: int) -> bool:
    """The "not enough data yet" rule: every compared group has at least ``minimum`` samples."""
    return all(n >= minimum for n in sample_sizes)
