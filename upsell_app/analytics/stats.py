"""The significance maths of A/B tests, in plain Python (no ORM, no numpy, no scipy).

* take rate: two-proportion z-test (pooled standard error), Wilson intervals for each rate and a
  Wald interval for the difference;
* order value: Welch's t-test (unequal variances) with a t-interval for the difference of means.

The Student t distribution is computed here from the regularised incomplete beta function, so the
tests can check these numbers against scipy.stats as an independent reference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

_NORMAL = NormalDist()


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float
    difference: float  # treatment minus control
    interval: Interval  # confidence interval of the difference
    df: float | None = None  # degrees of freedom (t-tests)


def z_quantile(confidence: float) -> float:
    """The two-sided critical value of the normal distribution (1.96 for 95 %)."""
    return _NORMAL.inv_cdf(0.5 + confidence / 2)


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
        p_value = math.erfc(abs(z) / math.sqrt(2))
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
    sa, sb = var_a / len(control), var_b / len(treatment)
    diff = mean_b - mean_a
    se = math.sqrt(sa + sb)
    if se == 0:
        return TestResult(0.0, 1.0, diff, Interval(diff, diff), df=None)
    df = (sa + sb) ** 2 / (sa * sa / (len(control) - 1) + sb * sb / (len(treatment) - 1))
    t = diff / se
    p_value = 2 * student_t_sf(abs(t), df)
    half = student_t_quantile(0.5 + confidence / 2, df) * se
    return TestResult(t, p_value, diff, Interval(diff - half, diff + half), df=df)


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """t-interval of a mean (for an arm's average order value)."""
    if len(values) < 2:
        return Interval(-math.inf, math.inf)
    mean, var = _mean_var(values)
    half = student_t_quantile(0.5 + confidence / 2, len(values) - 1) * math.sqrt(var / len(values))
    return Interval(mean - half, mean + half)


# -- the Student t distribution -----------------------------------------------------------------
def student_t_sf(t: float, df: float) -> float:
    """P(T > t) for t >= 0: half the regularised incomplete beta I_x(df/2, 1/2), x = df/(df+t²)."""
    if t < 0:
        return 1 - student_t_sf(-t, df)
    return 0.5 * regularized_incomplete_beta(df / (df + t * t), df / 2, 0.5)


def student_t_quantile(q: float, df: float) -> float:
    """The t with P(T <= t) = q, by bisection on the survival function (q in (0.5, 1))."""
    low, high = 0.0, 1.0
    while student_t_sf(high, df) > 1 - q:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if student_t_sf(mid, df) > 1 - q:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2


def regularized_incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b) by Lentz's continued fraction (Numerical Recipes, 6.4)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < eps:
            break
    return h


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
