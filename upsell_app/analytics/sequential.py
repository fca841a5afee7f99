"""Always-valid A/B and holdout inference: results an owner may read every day.

A fixed-horizon test (:mod:`.stats`) is valid only when read once, at a sample size chosen in
advance; a dashboard is read every morning, and each look is another chance of a false "better".
The mixture sequential probability ratio test (mSPRT, as Optimizely's Stats Engine and
GrowthBook's sequential mode use) stays valid however often it is read: its intervals are
*confidence sequences*, holding at every look at once with the stated confidence, and its
p-value is always valid.

The maths, for a difference of means estimated as ``d`` with variance ``V`` and a normal mixture
of effects with variance ``tau2`` (Robbins 1970; Johari et al. 2017; Howard et al. 2021):

* likelihood ratio ``L = sqrt(V / (V + tau2)) * exp(d² tau2 / (2 V (V + tau2)))``;
* always-valid p-value ``min(1, 1 / L)``; a winner is declared when ``L >= 1 / alpha``;
* the confidence sequence ``d ± sqrt(V (V + tau2) / tau2 * (2 ln(1/alpha) + ln((V + tau2) / V)))``
  (the ``d`` where ``L = 1 / alpha``).

``tau2`` is tuned as GrowthBook does: the interval is tightest near ``tuning`` units in all.

CUPED (Deng et al. 2013): each unit's outcome ``y`` is adjusted by what was known before the test,
``y - theta (x - mean x)``, with ``x`` the shopper's spend before the period and ``theta`` the
pooled regression slope. Both groups share ``theta``, so the difference stays unbiased (the groups
were assigned at random, independently of ``x``), and its variance shrinks by the squared
correlation of ``x`` and ``y``. Shoppers the app has no history for have ``x = 0``.

Pure functions on sufficient statistics (:class:`Sums`), so the dashboard sums in SQL and the
simulation in numpy, and neither holds a row per visitor.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .stats import Interval

#: The total sample (both groups) at which the interval is tightest (GrowthBook's default).
DEFAULT_TUNING = 5000


@dataclass(frozen=True, slots=True)
class Sums:
    """One group: ``n`` units, their outcomes ``y`` and pre-test covariates ``x``, summed."""

    n: int = 0
    y: float = 0.0
    yy: float = 0.0
    x: float = 0.0
    xx: float = 0.0
    xy: float = 0.0

    @classmethod
    def of(cls, outcomes: Iterable[float], covariates: Iterable[float] | None = None) -> Sums:
        ys = [float(v) for v in outcomes]
        xs = [0.0] * len(ys) if covariates is None else [float(v) for v in covariates]
        if len(xs) != len(ys):
            raise ValueError("one covariate per outcome")
        return cls(
            n=len(ys),
            y=math.fsum(ys),
            yy=math.fsum(v * v for v in ys),
            x=math.fsum(xs),
            xx=math.fsum(v * v for v in xs),
            xy=math.fsum(a * b for a, b in zip(xs, ys, strict=True)),
        )

    @classmethod
    def of_proportion(cls, successes: int, trials: int) -> Sums:
        """A rate as a mean of 0/1 outcomes (take rate: accepts per pop-up shown)."""
        return cls(n=trials, y=float(successes), yy=float(successes))

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.n + other.n, self.y + other.y, self.yy + other.yy,
            self.x + other.x, self.xx + other.xx, self.xy + other.xy,
        )

    @property
    def mean(self) -> float:
        return self.y / self.n if self.n else 0.0

    def _co(self, s_ab: float, s_a: float, s_b: float) -> float:
        if self.n < 2:
            return 0.0
        return (s_ab - s_a * s_b / self.n) / (self.n - 1)

    @property
    def variance(self) -> float:
        return max(self._co(self.yy, self.y, self.y), 0.0)

    @property
    def x_variance(self) -> float:
        return max(self._co(self.xx, self.x, self.x), 0.0)

    @property
    def covariance(self) -> float:
        return self._co(self.xy, self.x, self.y)


def cuped_theta(*groups: Sums) -> float:
    """The slope of outcome on pre-test covariate, pooled within groups (0 without a covariate)."""
    sxx = sum(g.x_variance * (g.n - 1) for g in groups if g.n >= 2)
    sxy = sum(g.covariance * (g.n - 1) for g in groups if g.n >= 2)
    return sxy / sxx if sxx > 0 else 0.0


def _adjusted_variance(group: Sums, theta: float) -> float:
    value = group.variance - 2 * theta * group.covariance + theta * theta * group.x_variance
    return max(value, 0.0)


@dataclass(frozen=True, slots=True)
class SequentialResult:
    control_mean: float
    treatment_mean: float
    difference: float  # treatment minus control, CUPED-adjusted when a covariate was given
    interval: Interval  # the confidence sequence of the difference at this look
    p_value: float  # always valid
    variance: float  # of the difference
    variance_reduction: float  # the share of variance CUPED removed (0 without a covariate)
    alpha: float

    @property
    def decided(self) -> bool:
        """A winner is declared: the interval no longer holds zero."""
        return self.interval.excludes(0.0)

    @property
    def relative(self) -> float | None:
        """The difference as a share of the control's mean (None when that mean is 0)."""
        return self.difference / self.control_mean if self.control_mean else None


def mixing_variance(
    variance: float, units: int, alpha: float, tuning: int = DEFAULT_TUNING
) -> float:
    """``tau2``: the normal mixture's variance, in the data's own scale, tuned to ``tuning`` units.

    GrowthBook's choice: ``tau2 = sigma² rho²`` with ``sigma² = V × units`` the per-unit variance
    of the difference and ``rho² = (2 ln(1/alpha) + ln(2 ln(1/alpha) + 1)) / tuning``.
    """
    log_term = -2 * math.log(alpha)
    rho2 = (log_term + math.log(log_term + 1)) / tuning
    return variance * units * rho2


def likelihood_ratio_log(difference: float, variance: float, tau2: float) -> float:
    """``ln L`` of the normal-mixture SPRT for an estimate ``difference`` with ``variance``."""
    return 0.5 * math.log(variance / (variance + tau2)) + (
        difference * difference * tau2 / (2 * variance * (variance + tau2))
    )


def confidence_sequence(difference: float, variance: float, tau2: float, alpha: float) -> Interval:
    """The always-valid interval of the difference at this look."""
    half = math.sqrt(
        variance * (variance + tau2) / tau2
        * (-2 * math.log(alpha) + math.log((variance + tau2) / variance))
    )
    return Interval(difference - half, difference + half)


def compare(
    control: Sums,
    treatment: Sums,
    alpha: float = 0.05,
    *,
    tuning: int = DEFAULT_TUNING,
    cuped: bool = True,
) -> SequentialResult | None:
    """The treatment against the control, always valid; ``None`` while either group is too
    small to have a variance (fewer than two units) or neither varies."""
    if control.n < 2 or treatment.n < 2:
        return None
    theta = cuped_theta(control, treatment) if cuped else 0.0
    raw = control.variance / control.n + treatment.variance / treatment.n
    variance = (
        _adjusted_variance(control, theta) / control.n
        + _adjusted_variance(treatment, theta) / treatment.n
    )
    if variance <= 0:
        return None
    x_shift = (treatment.x / treatment.n) - (control.x / control.n)
    difference = treatment.mean - control.mean - theta * x_shift
    tau2 = mixing_variance(variance, control.n + treatment.n, alpha, tuning)
    log_l = likelihood_ratio_log(difference, variance, tau2)
    return SequentialResult(
        control_mean=control.mean,
        treatment_mean=treatment.mean,
        difference=difference,
        interval=confidence_sequence(difference, variance, tau2, alpha),
        p_value=min(1.0, math.exp(-log_l)) if log_l > -700 else 1.0,
        variance=variance,
        variance_reduction=1 - variance / raw if raw > 0 else 0.0,
        alpha=alpha,
    )
