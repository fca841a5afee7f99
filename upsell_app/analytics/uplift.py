"""What the app earns: revenue per visitor of shoppers shown offers against the holdout's.

The shop-wide holdout (``HOLDOUT_SHARE``) never sees an offer; everyone else may. Both groups are
picked by a hash of the shopper, so they differ only in the offers: the difference in what they
spend per visitor is the app's causal effect (all offers, timings and discounts together), which
no comparison of shoppers who accepted with shoppers who did not can say. Every visitor counts,
whether they saw an offer or not (intention to treat), so the figure is what the app earns per
shopper who comes.

The interval is always valid (:mod:`.sequential`): the owner may read it every day. Each
shopper's spend in the :data:`PRE_PERIOD_DAYS` before the period, when the app has their orders
(returning customers), takes out of the comparison the variance that comes from who the shoppers
are (CUPED), which narrows the interval without moving it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Sum

from ..conf import upsell_settings
from . import sequential
from .dashboard import Period

#: How far back a shopper's earlier spend is read for CUPED.
PRE_PERIOD_DAYS = 90


@dataclass(frozen=True)
class Uplift:
    held_out: sequential.Sums
    shown: sequential.Sums
    result: sequential.SequentialResult | None
    minimum: int
    share: float

    @property
    def enough_data(self) -> bool:
        return (
            self.result is not None
            and self.held_out.n >= self.minimum
            and self.shown.n >= self.minimum
        )

    @property
    def earned(self) -> float | None:
        """The difference per visitor over every shown visitor: what the app added in the period."""
        return self.result.difference * self.shown.n if self.result is not None else None


def group_sums(period: Period, pre_days: int = PRE_PERIOD_DAYS) -> dict[bool, sequential.Sums]:
    """Per group (held out or not): visitors, their spend in the period and their spend before."""
    from ..models import OrderOutcome, Visit

    visits = Visit.objects.filter(day__gte=period.start, day__lte=period.end)
    counts = dict(
        visits.values_list("held_out").annotate(n=Count("visitor_id", distinct=True))
    )
    spend: dict[str, float] = {}
    group: dict[str, bool] = {}
    in_period = OrderOutcome.objects.filter(
        ordered_at__gte=period.since, ordered_at__lt=period.until, held_out__isnull=False
    ).exclude(visitor_id="")
    for visitor, held_out, total in (
        in_period.values_list("visitor_id", "held_out").annotate(t=Sum("total"))
    ):
        spend[visitor] = spend.get(visitor, 0.0) + float(total)
        group[visitor] = held_out
    before = dict(
        OrderOutcome.objects.filter(
            ordered_at__gte=period.since - timedelta(days=pre_days),
            ordered_at__lt=period.since,
            visitor_id__in=visits.values("visitor_id"),
        )
        .values_list("visitor_id")
        .annotate(t=Sum("total"))
    )
    missing = set(before) - set(group)
    group.update(visits.filter(visitor_id__in=missing).values_list("visitor_id", "held_out"))
    moments: dict[bool, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for visitor in set(spend) | set(before):
        if visitor not in group:
            continue
        y, x = spend.get(visitor, 0.0), float(before.get(visitor, 0) or 0)
        m = moments[group[visitor]]
        m["y"] += y
        m["yy"] += y * y
        m["x"] += x
        m["xx"] += x * x
        m["xy"] += x * y
    return {
        held_out: sequential.Sums(n=counts.get(held_out, 0), **moments[held_out])
        for held_out in (True, False)
    }


def uplift(period: Period) -> Uplift:
    groups = group_sums(period)
    alpha = 1 - float(upsell_settings.AB_CONFIDENCE)
    return Uplift(
        held_out=groups[True],
        shown=groups[False],
        result=sequential.compare(groups[True], groups[False], alpha),
        minimum=int(upsell_settings.AB_MIN_SAMPLE),
        share=float(upsell_settings.HOLDOUT_SHARE or 0),
    )
