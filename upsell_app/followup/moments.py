"""Which follow-up mails are due now: one reading of the history per configured moment.

* **replenishment**: the customer's last order of a source product, plus the product's interval
  (the admin's or the learned one), less the follow-up's days ahead;
* **after delivery**: an order holding a source product, plus the follow-up's days;
* **before renewal**: a subscription the app agreed (an accepted subscription offer that reached
  an order) for a source product, its next renewal less the follow-up's days.

A moment stays due for ``FOLLOW_UP_WINDOW_DAYS``; only shoppers with an active consent are read.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..conf import upsell_settings
from ..models.acceptance import AcceptanceStatus, OfferAcceptance
from ..models.followup import FollowUp, FollowUpMoment
from ..models.history import PurchaseLine
from ..models.offers import IntervalUnit, OfferKind, TargetSource
from ..selection.followup import within_window
from .consent import consenting_customers
from .intervals import interval_days


@dataclass(frozen=True)
class DueMail:
    follow_up: FollowUp
    customer_key: str
    reference: str  # what the mail is about: unique per follow-up and shopper
    about_at: datetime  # when that order or subscription happened
    product_id: object  # the product the mail offers
    due_at: datetime


def window_days() -> int:
    return int(upsell_settings.FOLLOW_UP_WINDOW_DAYS)


def active_follow_ups() -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(is_active=True, offer__is_active=True).select_related("offer")
    )


def due_mails(now: datetime) -> list[DueMail]:
    """Every mail due now for a consenting shopper (not yet checked against the cap, stock or
    earlier mails: the queue does that)."""
    customers = consenting_customers()
    if not customers:
        return []
    found: list[DueMail] = []
    for follow_up in active_follow_ups():
        reader = READERS[follow_up.moment]
        found.extend(reader(follow_up, customers, now))
    return found


def offered_products(follow_up: FollowUp, bought: object) -> list[object]:
    """What the mail may offer, best first: the offer's own products, then (learned targets)
    the products most often bought with the one bought; a replenishment offers the product
    itself when the offer names none."""
    offer = follow_up.offer
    manual = list(offer.target_products.values_list("pk", flat=True))
    learned: list[object] = []
    if offer.target_source in (TargetSource.LEARNED, TargetSource.BLEND) or not manual:
        from ..associations.storage import get_partners_for

        learned = [p.product_id for p in get_partners_for([bought]).get(bought, ())]
    if follow_up.moment == FollowUpMoment.REPLENISHMENT and not manual:
        return [bought]
    if offer.target_source == TargetSource.LEARNED:
        return learned
    return manual + [p for p in learned if p not in manual]


def first_not_bought(candidates: Iterable[object], customer: str, since: datetime) -> object:
    bought = set(
        PurchaseLine.objects.filter(customer_key=customer, ordered_at__gte=since).values_list(
            "product_id", flat=True
        )
    )
    return next((p for p in candidates if p not in bought), None)


def _sources(follow_up: FollowUp) -> list[object]:
    return list(follow_up.offer.source_products.values_list("pk", flat=True))


def replenishment(follow_up: FollowUp, customers: set[str], now: datetime) -> list[DueMail]:
    found = []
    for product in _sources(follow_up):
        days = interval_days(product)
        if days is None:
            continue
        last: dict[str, tuple[datetime, str]] = {}
        rows = (
            PurchaseLine.objects.filter(product_id=product, customer_key__in=customers)
            .order_by("ordered_at")
            .values_list("customer_key", "ordered_at", "order_id")
        )
        for customer, ordered_at, order_id in rows:
            last[customer] = (ordered_at, order_id)
        for customer, (ordered_at, order_id) in last.items():
            due = ordered_at + timedelta(days=days - follow_up.days)
            if not within_window(due, now, window_days()):
                continue
            # bought again since (the reference order itself holds the product): not due
            offered = first_not_bought(
                offered_products(follow_up, product), customer, ordered_at + timedelta(seconds=1)
            )
            if offered is not None:
                found.append(
                    DueMail(
                        follow_up,
                        customer,
                        f"order:{order_id}:{product}",
                        ordered_at,
                        offered,
                        due,
                    )
                )
    return found


def after_delivery(follow_up: FollowUp, customers: set[str], now: datetime) -> list[DueMail]:
    latest = now - timedelta(days=follow_up.days)
    rows = (
        PurchaseLine.objects.filter(
            product_id__in=_sources(follow_up),
            customer_key__in=customers,
            ordered_at__lte=latest,
            ordered_at__gt=latest - timedelta(days=window_days()),
        )
        .order_by("ordered_at")
        .values_list("customer_key", "ordered_at", "order_id", "product_id")
    )
    found, seen = [], set()
    for customer, ordered_at, order_id, product in rows:
        if (customer, order_id) in seen:
            continue  # one mail per order, for its first matching line
        offered = first_not_bought(offered_products(follow_up, product), customer, ordered_at)
        if offered is None:
            continue
        seen.add((customer, order_id))
        due = ordered_at + timedelta(days=follow_up.days)
        found.append(DueMail(follow_up, customer, f"order:{order_id}", ordered_at, offered, due))
    return found


def add_interval(start: datetime, count: int, unit: str, times: int) -> datetime:
    if unit == IntervalUnit.WEEK:
        return start + timedelta(weeks=count * times)
    months = start.month - 1 + count * times
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def next_renewal(start: datetime, count: int, unit: str, after: datetime) -> datetime:
    """The first renewal of a subscription begun at ``start`` that falls after ``after``."""
    times = 1
    while (renewal := add_interval(start, count, unit, times)) <= after:
        times += 1
    return renewal


def before_renewal(follow_up: FollowUp, customers: set[str], now: datetime) -> list[DueMail]:
    subscriptions = (
        OfferAcceptance.objects.filter(
            kind=OfferKind.SUBSCRIPTION,
            status=AcceptanceStatus.APPLIED,
            product_id__in=_sources(follow_up),
            offer__interval_count__isnull=False,
        )
        .exclude(order_id="")
        .select_related("offer")
    )
    found = []
    for subscription in subscriptions:
        customer = (
            PurchaseLine.objects.filter(order_id=subscription.order_id)
            .values_list("customer_key", flat=True)
            .first()
        )
        if customer not in customers:
            continue
        plan = subscription.offer
        # the renewal whose mail window is open now
        renewal = next_renewal(
            subscription.created_at,
            plan.interval_count,
            plan.interval_unit or IntervalUnit.MONTH,
            now + timedelta(days=follow_up.days) - timedelta(days=window_days()),
        )
        due = renewal - timedelta(days=follow_up.days)
        if not within_window(due, now, window_days()):
            continue
        offered = first_not_bought(
            offered_products(follow_up, subscription.product_id),
            customer,
            subscription.created_at,
        )
        if offered is None:
            continue
        reference = f"renewal:{subscription.pk}:{renewal:%Y-%m-%d}"
        found.append(DueMail(follow_up, customer, reference, subscription.created_at, offered, due))
    return found


READERS = {
    FollowUpMoment.REPLENISHMENT: replenishment,
    FollowUpMoment.AFTER_DELIVERY: after_delivery,
    FollowUpMoment.BEFORE_RENEWAL: before_renewal,
}
