"""The dashboard's numbers: KPIs, per-offer and per-variant tables, daily series and the funnel.

Queries only; the maths of significance lives in :mod:`stats`, the admin view in :mod:`admin`.
Every function takes a :class:`Period` so the page, the CSV and the tests read the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..conf import upsell_settings
from ..selection.pricing import round_money
from . import sequential, stats
from .recording import MAIL_CHANNEL


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def last_days(cls, days: int = 30) -> Period:
        today = timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)


def _rate(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _events(period: Period):  # noqa: ANN202 - a QuerySet
    from ..models import OfferEvent

    return OfferEvent.objects.filter(created_at__gte=period.since, created_at__lt=period.until)


def _attributions(period: Period):  # noqa: ANN202
    from ..models import Attribution

    return Attribution.objects.filter(ordered_at__gte=period.since, ordered_at__lt=period.until)


def _orders(period: Period):  # noqa: ANN202
    from ..models import OrderOutcome

    return OrderOutcome.objects.filter(ordered_at__gte=period.since, ordered_at__lt=period.until)


def _counts_by(qs, key: str) -> dict[Any, dict[str, int]]:  # noqa: ANN001
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in qs.values(key, "type").annotate(n=Count("id")):
        counts[row[key]][row["type"]] = row["n"]
    return counts


# -- per offer ----------------------------------------------------------------------------------
@dataclass
class OfferRow:
    offer_id: int
    name: str
    is_active: bool
    impressions: int = 0
    clicks: int = 0
    accepts: int = 0
    declines: int = 0
    dismisses: int = 0
    control: int = 0
    paid: int = 0
    revenue: Decimal = Decimal("0")  # the full price of the lines the offer touched
    margin: Decimal | None = None
    pause_reason: str = ""
    incremental: Decimal = Decimal("0")  # what its accepts changed (the headline's share)
    kept: Decimal = Decimal("0")

    @property
    def take_rate(self) -> float | None:
        return _rate(self.accepts, self.impressions)

    @property
    def decline_rate(self) -> float | None:
        return _rate(self.declines, self.impressions)

    @property
    def dismiss_rate(self) -> float | None:
        return _rate(self.dismisses, self.impressions)

    @property
    def revenue_per_impression(self) -> Decimal | None:
        return self.incremental / self.impressions if self.impressions else None


def offer_rows(period: Period) -> list[OfferRow]:
    from ..models import Offer

    counts = _counts_by(_events(period), "offer_id")
    money = {
        row["offer_id"]: row
        for row in _attributions(period)
        .values("offer_id")
        .annotate(
            revenue=Sum("revenue"),
            margin=Sum("margin"),
            paid=Count("order", distinct=True),
            incremental=Sum("incremental"),
            kept=Sum("kept"),
        )
    }
    ids = set(counts) | set(money)
    rows = []
    offers = Offer.objects.filter(pk__in=ids).prefetch_related("pauses").order_by("name")
    for offer in offers:
        c, m = counts.get(offer.pk, {}), money.get(offer.pk, {})
        open_pause = next((p for p in offer.pauses.all() if p.resolved_at is None), None)
        rows.append(
            OfferRow(
                offer_id=offer.pk,
                name=offer.name,
                is_active=offer.is_active,
                impressions=c.get("impression", 0),
                clicks=c.get("click", 0),
                accepts=c.get("accept", 0),
                declines=c.get("decline", 0),
                dismisses=c.get("dismiss", 0),
                control=c.get("control_exposure", 0),
                paid=m.get("paid", 0),
                revenue=m.get("revenue") or Decimal("0"),
                margin=m.get("margin"),
                pause_reason=open_pause.reason if open_pause and not offer.is_active else "",
                incremental=m.get("incremental") or Decimal("0"),
                kept=m.get("kept") or Decimal("0"),
            )
        )
    return rows


# -- per variant, with the A/B verdicts -----------------------------------------------------------
@dataclass
class VariantRow:
    offer_id: int
    offer_name: str
    variant_id: int
    name: str
    is_control: bool
    weight: int
    exposures: int = 0  # impressions, or control exposures for the holdout
    accepts: int = 0
    #: What the arm's accepts changed in orders (incremental revenue, not the lines' full price).
    revenue: Decimal = Decimal("0")
    order_values: list[float] = field(default_factory=list)
    visitors: sequential.Sums = field(default_factory=sequential.Sums)  # revenue per visitor
    take_rate_ci: stats.Interval | None = None
    aov_ci: stats.Interval | None = None
    take_rate_test: sequential.SequentialResult | None = None
    take_rate_verdict: str = stats.NOT_ENOUGH_DATA
    rpv_test: sequential.SequentialResult | None = None  # revenue per visitor vs the control
    rpv_verdict: str = stats.NOT_ENOUGH_DATA
    reference: str = ""  # the arm this one is compared with
    control_name: str = ""

    @property
    def take_rate(self) -> float | None:
        return None if self.is_control else _rate(self.accepts, self.exposures)

    @property
    def orders(self) -> int:
        return len(self.order_values)

    @property
    def aov(self) -> float | None:
        return sum(self.order_values) / len(self.order_values) if self.order_values else None

    @property
    def revenue_per_visitor(self) -> float | None:
        return self.visitors.mean if self.visitors.n else None


def _visitor(user_id: int | None, session_key: str) -> str:
    return f"u:{user_id}" if user_id is not None else f"s:{session_key}"


def _arm_sums(period: Period, pre_days: int = 90) -> dict[int, sequential.Sums]:
    """Each arm's exposed shoppers: what they spent in the period (buyers or not) and, for CUPED,
    what they spent in the ``pre_days`` before it. Shoppers are identified as orders record them
    (the customer when logged in, else the session); an event with neither counts alone."""
    from ..models import OrderExposure, OrderOutcome

    shoppers: dict[int, set[str]] = defaultdict(set)
    alone: dict[int, int] = defaultdict(int)
    for variant_id, key, customer in (
        _events(period)
        .filter(variant__isnull=False, type__in=("impression", "control_exposure"))
        .values_list("variant_id", "shopper_key", "customer_id")
        .distinct()
    ):
        if key or customer is not None:
            shoppers[variant_id].add(_visitor(customer, key))
        else:
            alone[variant_id] += 1
    if alone:  # distinct() folded events without a shopper: count each one
        for variant_id, n in (
            _events(period)
            .filter(variant__isnull=False, type__in=("impression", "control_exposure"),
                    shopper_key="", customer__isnull=True)
            .values_list("variant_id")
            .annotate(n=Count("id"))
        ):
            alone[variant_id] = n
    spend: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for variant_id, total, visitor, key, order_id in OrderExposure.objects.filter(
        variant__isnull=False,
        order__ordered_at__gte=period.since,
        order__ordered_at__lt=period.until,
    ).values_list(
        "variant_id", "order__total", "order__visitor_id", "order__shopper_key", "order__order_id"
    ):
        who = visitor or (f"s:{key}" if key else f"order:{order_id}")
        spend[variant_id][who] += float(total)
        shoppers[variant_id].add(who)
    everyone = set().union(*shoppers.values()) if shoppers else set()
    before = dict(
        OrderOutcome.objects.filter(
            ordered_at__gte=period.since - timedelta(days=pre_days),
            ordered_at__lt=period.since,
            visitor_id__in=everyone,
        )
        .values_list("visitor_id")
        .annotate(t=Sum("total"))
    ) if everyone else {}
    sums: dict[int, sequential.Sums] = {}
    for variant_id in set(shoppers) | set(alone):
        ids = shoppers.get(variant_id, set())
        arm = spend.get(variant_id, {})
        sums[variant_id] = sequential.Sums.of(
            [arm.get(v, 0.0) for v in ids], [float(before.get(v) or 0) for v in ids]
        ) + sequential.Sums(n=alone.get(variant_id, 0))
    return sums


def variant_rows(period: Period) -> list[VariantRow]:
    """Every arm of every offer that has arms, each compared with its offer's reference arms.

    Take rate is compared with the offer's first non-control arm (the control shows nothing, so it
    has no take rate); revenue per visitor with the control group, which sees no offer. Both
    comparisons are sequential (:mod:`.sequential`): valid however often the page is read.
    """
    from ..models import OfferVariant, OrderExposure

    confidence = float(upsell_settings.AB_CONFIDENCE)
    minimum = int(upsell_settings.AB_MIN_SAMPLE)
    counts = _counts_by(_events(period).filter(variant__isnull=False), "variant_id")
    revenue = dict(
        _attributions(period)
        .filter(variant__isnull=False)
        .values_list("variant_id")
        .annotate(r=Sum("incremental"))
    )
    values: dict[int, list[float]] = defaultdict(list)
    exposures = OrderExposure.objects.filter(
        variant__isnull=False,
        order__ordered_at__gte=period.since,
        order__ordered_at__lt=period.until,
    ).values_list("variant_id", "order__total")
    for variant_id, total in exposures:
        values[variant_id].append(float(total))
    visitors = _arm_sums(period)

    rows: list[VariantRow] = []
    by_offer: dict[int, list[VariantRow]] = defaultdict(list)
    for v in OfferVariant.objects.select_related("offer").order_by("offer__name", "id"):
        c = counts.get(v.pk, {})
        row = VariantRow(
            offer_id=v.offer_id,
            offer_name=v.offer.name,
            variant_id=v.pk,
            name=v.name,
            is_control=v.is_control,
            weight=v.weight,
            exposures=c.get("control_exposure" if v.is_control else "impression", 0),
            accepts=c.get("accept", 0),
            revenue=revenue.get(v.pk) or Decimal("0"),
            order_values=values.get(v.pk, []),
            visitors=visitors.get(v.pk, sequential.Sums()),
        )
        if not v.is_control:
            row.take_rate_ci = stats.wilson_interval(row.accepts, row.exposures, confidence)
        if row.orders >= 2:
            row.aov_ci = stats.mean_interval(row.order_values, confidence)
        rows.append(row)
        by_offer[v.offer_id].append(row)
    for arms in by_offer.values():
        _compare(arms, 1 - confidence, minimum)
    return rows


def _compare(arms: list[VariantRow], alpha: float, minimum: int) -> None:
    control = next((a for a in arms if a.is_control), None)
    treatments = [a for a in arms if not a.is_control]
    reference = treatments[0] if treatments else None
    for arm in treatments:
        if arm is not reference and reference is not None:
            arm.reference = reference.name
            if stats.enough_data(arm.exposures, reference.exposures, minimum=minimum):
                arm.take_rate_test = sequential.compare(
                    sequential.Sums.of_proportion(reference.accepts, reference.exposures),
                    sequential.Sums.of_proportion(arm.accepts, arm.exposures),
                    alpha,
                )
            arm.take_rate_verdict = verdict(arm.take_rate_test)
        if control is None:
            arm.rpv_verdict = ""
            continue
        arm.control_name = control.name
        if stats.enough_data(arm.visitors.n, control.visitors.n, minimum=minimum):
            arm.rpv_test = sequential.compare(control.visitors, arm.visitors, alpha)
        arm.rpv_verdict = verdict(arm.rpv_test)


def verdict(result: sequential.SequentialResult | None) -> str:
    """``better``/``worse`` once the always-valid interval leaves zero; else no difference yet."""
    if result is None:
        return stats.NOT_ENOUGH_DATA
    if result.decided:
        return stats.BETTER if result.difference > 0 else stats.WORSE
    return stats.NO_DIFFERENCE


# -- time series and funnel -----------------------------------------------------------------------
def daily_series(period: Period) -> dict[str, list]:
    tz = timezone.get_current_timezone()
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        _events(period)
        .filter(type__in=("impression", "accept"))
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day", "type")
        .annotate(n=Count("id"))
    )
    for row in rows:
        per_day[row["day"]][row["type"]] = row["n"]
    money = dict(
        _attributions(period)
        .annotate(day=TruncDate("ordered_at", tzinfo=tz))
        .values_list("day")
        .annotate(r=Sum("incremental"))  # what offers added, as the headline counts it
    )
    return {
        "labels": [d.isoformat() for d in days],
        "impressions": [per_day[d]["impression"] for d in days],
        "accepts": [per_day[d]["accept"] for d in days],
        "revenue": [float(money.get(d) or 0) for d in days],
    }


def funnel(period: Period) -> dict[str, int]:
    counts = dict(_events(period).values_list("type").annotate(n=Count("id")))
    paid = _attributions(period).values("order_id", "offer_id").distinct().count()
    return {
        "impressions": counts.get("impression", 0),
        "clicks": counts.get("click", 0),
        "accepts": counts.get("accept", 0),
        "paid": paid,
    }


# -- by audience --------------------------------------------------------------------------------
@dataclass
class AudienceRow:
    """One audience's figures: a customer type (first-time, returning) or a device class."""

    dimension: str  # "customer" | "device"
    value: str  # first_time, returning | phone, tablet, desktop
    impressions: int = 0
    accepts: int = 0
    accepted_value: Decimal = Decimal("0")  # what its accepts added to carts

    @property
    def take_rate(self) -> float | None:
        return _rate(self.accepts, self.impressions)

    @property
    def revenue_per_impression(self) -> Decimal | None:
        return self.accepted_value / self.impressions if self.impressions else None


#: The audiences the breakdown shows, in order: (dimension, value); events name them as
#: ``"<customer type>:<device>"`` (see ``selection.audiences.segment``).
AUDIENCES = (
    ("customer", "first_time"),
    ("customer", "returning"),
    ("device", "phone"),
    ("device", "tablet"),
    ("device", "desktop"),
)


def audience_rows(period: Period) -> list[AudienceRow]:
    """Impressions, take rate and accepted value per customer type and per device class.

    Events recorded before audiences were (no audience) are left out; an audience with no
    impression in the period is not listed.
    """
    rows = {key: AudienceRow(*key) for key in AUDIENCES}
    grouped = (
        _events(period)
        .filter(type__in=("impression", "accept"))
        .exclude(audience="")
        .values("audience", "type")
        .annotate(n=Count("id"), value=Sum("value"))
    )
    for group in grouped:
        customer, _sep, device = group["audience"].partition(":")
        for key in (("customer", customer), ("device", device)):
            row = rows.get(key)
            if row is None:
                continue
            if group["type"] == "impression":
                row.impressions += group["n"]
            else:
                row.accepts += group["n"]
                row.accepted_value += group["value"] or Decimal("0")
    return [row for row in rows.values() if row.impressions]


# -- by channel ---------------------------------------------------------------------------------
#: The ``trigger`` of events that came through a follow-up mail's link (the rest are pop-ups and
#: in-page offers, whose trigger is the visit's moment).
MAIL = MAIL_CHANNEL


@dataclass
class ChannelRow:
    """One channel's figures: what it showed (pop-ups shown, or mails sent), and the answers."""

    channel: str  # "popup" | "mail"
    shown: int = 0
    clicks: int = 0
    accepts: int = 0
    accepted_value: Decimal = Decimal("0")

    @property
    def take_rate(self) -> float | None:
        return _rate(self.accepts, self.shown)


def channel_rows(period: Period) -> list[ChannelRow]:
    """The pop-ups beside the follow-up mails: a mail's impression is recorded when it is sent."""
    rows = {"popup": ChannelRow("popup"), MAIL: ChannelRow(MAIL)}
    grouped = (
        _events(period)
        .filter(type__in=("impression", "click", "accept"))
        .values("trigger", "type")
        .annotate(n=Count("id"), value=Sum("value"))
    )
    for group in grouped:
        row = rows[MAIL if group["trigger"] == MAIL else "popup"]
        if group["type"] == "impression":
            row.shown += group["n"]
        elif group["type"] == "click":
            row.clicks += group["n"]
        else:
            row.accepts += group["n"]
            row.accepted_value += group["value"] or Decimal("0")
    return list(rows.values())


# -- KPIs ---------------------------------------------------------------------------------------
@dataclass
class Kpis:
    impressions: int
    accepts: int
    declines: int
    attributed_revenue: Decimal  # the full price of the lines offers touched
    orders_with_offer: int
    orders_without_offer: int
    aov_with_offer: Decimal | None
    aov_without_offer: Decimal | None
    ltv_with_offer: Decimal | None
    ltv_without_offer: Decimal | None
    customers_with_offer: int
    customers_without_offer: int
    margin_rate: float
    years_retained: float
    #: What accepted offers changed (the headline), and what downsells kept against removal.
    incremental_revenue: Decimal = Decimal("0")
    kept_revenue: Decimal = Decimal("0")
    #: Thank-you offers added to the order just placed (one click after purchase), and how many.
    post_purchase_revenue: Decimal = Decimal("0")
    post_purchase_lines: int = 0

    @property
    def take_rate(self) -> float | None:
        return _rate(self.accepts, self.impressions)

    @property
    def decline_rate(self) -> float | None:
        return _rate(self.declines, self.impressions)

    @property
    def revenue_per_impression(self) -> Decimal | None:
        return self.incremental_revenue / self.impressions if self.impressions else None


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal("0")) / len(values) if values else None


def lifetime_values(period: Period, margin_rate: float, years: float) -> dict[bool, list[Decimal]]:
    """LTV = annual spend x margin x years retained, per customer, split by "accepted an offer".

    Annual spend is the customer's spend in the period scaled to 365 days; margin and retention are
    the stated assumptions ``LTV_MARGIN_RATE`` and ``LTV_YEARS_RETAINED``. Guests (no customer key)
    are left out: their orders cannot be linked into a lifetime.
    """
    spend: dict[str, Decimal] = defaultdict(Decimal)
    accepted: dict[str, bool] = defaultdict(bool)
    for key, total, with_offer in _orders(period).exclude(customer_key="").values_list(
        "customer_key", "total", "had_accepted_offer"
    ):
        spend[key] += total
        accepted[key] |= with_offer
    places = int(upsell_settings.PRICE_DECIMAL_PLACES)
    scale = Decimal(365) / Decimal(period.days)
    factor = Decimal(str(margin_rate)) * Decimal(str(years))
    groups: dict[bool, list[Decimal]] = {True: [], False: []}
    for key, total in spend.items():
        groups[accepted[key]].append(round_money(total * scale * factor, places))
    return groups


def kpis(period: Period) -> Kpis:
    counts = dict(_events(period).values_list("type").annotate(n=Count("id")))
    sums = _attributions(period).aggregate(
        r=Sum("revenue"),
        added=Sum("incremental"),
        kept=Sum("kept"),
        after=Sum("revenue", filter=Q(post_purchase=True)),
        after_n=Count("id", filter=Q(post_purchase=True)),
    )
    revenue = sums["r"] or Decimal("0")
    orders = _orders(period).aggregate(
        with_n=Count("id", filter=Q(had_accepted_offer=True)),
        without_n=Count("id", filter=Q(had_accepted_offer=False)),
        with_sum=Sum("total", filter=Q(had_accepted_offer=True)),
        without_sum=Sum("total", filter=Q(had_accepted_offer=False)),
    )
    margin_rate = float(upsell_settings.LTV_MARGIN_RATE)
    years = float(upsell_settings.LTV_YEARS_RETAINED)
    ltv = lifetime_values(period, margin_rate, years)
    return Kpis(
        impressions=counts.get("impression", 0),
        accepts=counts.get("accept", 0),
        declines=counts.get("decline", 0),
        attributed_revenue=revenue,
        orders_with_offer=orders["with_n"],
        orders_without_offer=orders["without_n"],
        aov_with_offer=orders["with_sum"] / orders["with_n"] if orders["with_n"] else None,
        aov_without_offer=(
            orders["without_sum"] / orders["without_n"] if orders["without_n"] else None
        ),
        ltv_with_offer=_mean(ltv[True]),
        ltv_without_offer=_mean(ltv[False]),
        customers_with_offer=len(ltv[True]),
        customers_without_offer=len(ltv[False]),
        margin_rate=margin_rate,
        years_retained=years,
        incremental_revenue=sums["added"] or Decimal("0"),
        kept_revenue=sums["kept"] or Decimal("0"),
        post_purchase_revenue=sums["after"] or Decimal("0"),
        post_purchase_lines=sums["after_n"] or 0,
    )


def simulated_share(period: Period) -> int:
    """How many events in the period are simulated (the page says so when any are)."""
    return _events(period).filter(is_simulated=True).count()


def open_pauses():  # noqa: ANN201 - QuerySet[OfferPause]
    from ..models import OfferPause

    paused = OfferPause.objects.filter(resolved_at__isnull=True, offer__is_active=False)
    return paused.select_related("offer")
