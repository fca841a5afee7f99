"""A seeded month of simulated shoppers, so the demo's dashboard shows meaningful numbers.

Everything it writes is marked: events and order outcomes carry ``is_simulated=True`` and order ids
start with ``SIM-``; the dashboard says so in a banner. It writes only analytics tables (never the
shop's orders) through the same writers real traffic uses, and the pushiness guard ignores
simulated declines, so a demo offer is never paused by made-up shoppers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..adapters import get_catalog_adapter
from ..conf import upsell_settings
from ..selection.holdout import is_held_out
from ..selection.pricing import apply_discount
from ..selection.types import Kind, OfferRule, Trigger
from ..serving.assignment import assign_variant
from . import incremental, visits
from .attribution import attribute_order
from .recording import event_payload, write_events

ORDER_PREFIX = "SIM-"


@dataclass
class SimulationReport:
    days: int = 0
    shoppers: int = 0
    events: int = 0
    orders: int = 0
    variants_created: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OfferProfile:
    """How simulated shoppers treat one offer."""

    rule: OfferRule
    price: Decimal
    product_id: int
    take_rate: float
    decline_rate: float
    #: What one accept changes in the order (as a real accept records it), for the dashboard.
    change: incremental.Change = incremental.Change()


def has_simulated_data() -> bool:
    from ..models import OfferEvent

    return OfferEvent.objects.filter(is_simulated=True).exists()


def clear_simulated_data() -> int:
    from ..models import OfferEvent, OrderOutcome, Visit

    deleted = OfferEvent.objects.filter(is_simulated=True).delete()[0]
    deleted += Visit.objects.filter(is_simulated=True).delete()[0]
    return deleted + OrderOutcome.objects.filter(is_simulated=True).delete()[0]


def ensure_demo_ab_test(offers: list[Any]) -> list[str]:
    """Give the first cross-sell offer an A/B test (two arms and a control) if no offer has one."""
    from ..models import OfferVariant

    if not offers or OfferVariant.objects.filter(offer__in=offers).exists():
        return []
    offer = next((o for o in offers if o.kind == "cross_sell"), offers[0])
    concrete = OfferVariant(offer=offer, name="B · concrete value", weight=1)
    # Arm B speaks every language the demo serves, as the admin asks of a live arm.
    concrete.set_current_language("en")
    concrete.headline = "Complete your {source}: add {product}"
    concrete.value_message = "Just {price} more, and you will not need to order it later."
    if "ja" in dict(settings.LANGUAGES):
        concrete.set_current_language("ja")
        concrete.headline = "{source}に{product}を"
        concrete.value_message = "あと{price}で、後から注文する手間もありません。"
    arms = [
        OfferVariant(offer=offer, name="A · original", weight=1),
        concrete,
        OfferVariant(offer=offer, name="Control · no offer", weight=1, is_control=True),
    ]
    for arm in arms:
        arm.full_clean()
        arm.save()
    return [f"{offer.name} / {arm.name}" for arm in arms]


def _profiles(rules: list[OfferRule], rng: random.Random) -> list[OfferProfile]:
    products = get_catalog_adapter().get_products(None)
    prices = sorted(p.price for p in products.values()) or [Decimal("1000")]
    profiles = []
    for position, rule in enumerate(rules):
        target = next((products[t] for t in rule.target_product_ids if t in products), None)
        pushy = position == len(rules) - 1 and len(rules) > 2  # one offer shoppers dislike
        profiles.append(
            OfferProfile(
                rule=rule,
                price=target.price if target else prices[len(prices) // 2],
                product_id=target.id if target else next(iter(products), 0),
                take_rate=0.03 if pushy else rng.uniform(0.08, 0.2),
                decline_rate=0.9 if pushy else rng.uniform(0.2, 0.45),
                change=_change(rule, products, target.price if target else None),
            )
        )
    return profiles


def _change(rule: OfferRule, products: dict, target_price: Decimal | None) -> incremental.Change:
    """One unit accepted, priced as the accept would: a simulated upgrade earns its difference."""
    places = upsell_settings.PRICE_DECIMAL_PLACES
    source = next((products[s] for s in rule.source_product_ids if s in products), None)
    before = source.price if source is not None else None
    price = target_price if target_price is not None else before
    if price is None:
        return incremental.Change()
    unit = apply_discount(price, rule.discount, places)
    if rule.kind is Kind.UPSELL and before is not None:
        return incremental.upsell_change(unit, before, 1)
    if rule.kind is Kind.SUBSCRIPTION and before is not None:
        minimum = rule.subscription.minimum_deliveries if rule.subscription is not None else 0
        return incremental.subscription_change(unit, 1, minimum, before)
    if rule.kind is Kind.DOWNSELL:
        return incremental.downsell_change(unit, 1)
    return incremental.added_change([unit])


def simulate(days: int = 30, shoppers_per_day: int = 120, seed: int = 42) -> SimulationReport:
    """Write ``days`` days of simulated traffic ending yesterday. Deterministic for a given seed."""
    from ..models import Offer
    from ..serving.offer_index import rule_from_offer

    report = SimulationReport()
    offers = list(Offer.objects.active().order_by("-priority", "id"))
    if not offers:
        return report
    report.variants_created = ensure_demo_ab_test(offers)
    rules = [rule_from_offer(o) for o in Offer.objects.filter(pk__in=[o.pk for o in offers])]
    rng = random.Random(seed)
    profiles = _profiles(sorted(rules, key=lambda r: r.id), rng)
    catalogue = list(get_catalog_adapter().get_products(None).values())
    today = timezone.localdate()
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        weekend = day.weekday() >= 5
        count = int(shoppers_per_day * (1.3 if weekend else 1.0) * rng.uniform(0.8, 1.2))
        with transaction.atomic():
            events, orders = _simulate_day(day, count, profiles, catalogue, rng, seed)
            report.events += write_events(events)
            if visits.holdout_share() > 0:  # every simulated shopper is a visitor of the day
                visits.write_visits(
                    [(_visitor(day, seed, n), day, _held_out(day, seed, n)) for n in range(count)],
                    is_simulated=True,
                )
            for order in orders:
                attribute_order(order)
        report.days += 1
        report.shoppers += count
        report.orders += len(orders)
    return report


def _after_purchase(rule: OfferRule) -> bool:
    """A thank-you cross-sell: accepted, it joins the order just placed (post-purchase)."""
    return Trigger.ORDER_COMPLETED in rule.triggers and rule.kind is Kind.CROSS_SELL


def _visitor(day: date, seed: int, number: int) -> str:
    return f"s:sim-{seed}-{day:%Y%m%d}-{number}"


def _held_out(day: date, seed: int, number: int) -> bool:
    return is_held_out(_visitor(day, seed, number), visits.holdout_share())


def _moment(day: date, rng: random.Random, after: datetime | None = None) -> datetime:
    if after is not None:
        return after + timedelta(seconds=rng.randint(20, 600))
    clock = time(hour=rng.choice(range(8, 23)), minute=rng.randrange(60), second=rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, clock))


def _simulate_day(
    day: date,
    count: int,
    profiles: list[OfferProfile],
    catalogue: list[Any],
    rng: random.Random,
    seed: int,
) -> tuple[list[dict], list[dict]]:
    events: list[dict] = []
    orders: list[dict] = []
    for number in range(count):
        key = f"sim-{seed}-{day:%Y%m%d}-{number}"
        customer = f"sim-customer-{rng.randrange(400)}" if rng.random() < 0.6 else ""
        at = _moment(day, rng)
        accepted: list[OfferProfile] = []
        shown = rng.sample(profiles, k=min(len(profiles), rng.choice((1, 1, 2))))
        if _held_out(day, seed, number):
            shown = []  # the shop-wide holdout: never shown an offer, still orders
        for profile in shown:
            arm = assign_variant(profile.rule.id, profile.rule.variants, f"s:{key}")
            common = {"shopper_key": key, "trigger": sorted(profile.rule.triggers)[0].value
                      if profile.rule.triggers else "", "is_simulated": True}
            arm_id = arm.id if arm is not None else None
            if arm is not None and arm.is_control:
                events.append(event_payload("control_exposure", profile.rule.id, variant_id=arm_id,
                                            created_at=at, **common))
                continue
            events.append(event_payload("impression", profile.rule.id, variant_id=arm_id,
                                        value=profile.price, created_at=at, **common))
            take = profile.take_rate * (1.5 if arm is not None and arm.headline else 1.0)
            at = _moment(day, rng, at)
            if rng.random() < take:
                events.append(event_payload("click", profile.rule.id, variant_id=arm_id,
                                            created_at=at, **common))
                events.append(event_payload("accept", profile.rule.id, variant_id=arm_id,
                                            value=profile.price, created_at=at, **common))
                accepted.append(profile)
            elif rng.random() < profile.decline_rate:
                events.append(event_payload("decline", profile.rule.id, variant_id=arm_id,
                                            created_at=at, **common))
            elif rng.random() < 0.5:  # the others close it, or just carry on shopping
                if rng.random() < 0.3:
                    events.append(event_payload("click", profile.rule.id, variant_id=arm_id,
                                                created_at=at, **common))
                events.append(event_payload("dismiss", profile.rule.id, variant_id=arm_id,
                                            created_at=at, **common))
        # A thank-you offer is accepted on the thank-you page: that shopper did order.
        bought_after = any(_after_purchase(p.rule) for p in accepted)
        if (bought_after or rng.random() < (0.75 if accepted else 0.45)) and catalogue:
            orders.append(_order(key, customer, day, at, accepted, catalogue, rng, seed, number))
    return events, orders


def _order(key, customer, day, at, accepted, catalogue, rng, seed, number) -> dict:  # noqa: ANN001
    lines = []
    for position in range(rng.choice((1, 1, 2))):
        product = rng.choice(catalogue)
        lines.append({"line_key": f"base-{position}", "product_id": product.id,
                      "quantity": 1, "unit_price": str(product.price), "offer_id": None})
    for profile in accepted:
        lines.append({"line_key": f"offer-{profile.rule.id}", "product_id": profile.product_id,
                      "quantity": 1, "unit_price": str(profile.price), "offer_id": profile.rule.id,
                      "incremental": str(profile.change.incremental),
                      "kept": str(profile.change.kept),
                      # Joined the order just placed, as the demo's order adapter lets it.
                      "post_purchase": _after_purchase(profile.rule)})
    total = sum(Decimal(line["unit_price"]) * line["quantity"] for line in lines)
    return {
        "order_id": f"{ORDER_PREFIX}{seed}-{day:%Y%m%d}-{number}",
        "shopper_key": key,
        "user_id": None,
        "customer_key": customer,
        "ordered_at": _moment(day, rng, at).isoformat(),
        "total": str(total),
        "lines": lines,
        "is_simulated": True,
    }
