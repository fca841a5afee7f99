"""A seeded month of simulated shoppers, so the demo's dashboard shows meaningful numbers.

Everything it writes is marked: events and order outcomes carry ``is_simulated=True`` and order ids
start with ``SIM-``; the dashboard says so in a banner. It writes only analytics tables (never the
shop's orders) through the same writers real traffic uses, and the pushiness guard ignores
simulated declines, so a demo offer is never paused by made-up shoppers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..adapters import get_catalog_adapter
from ..conf import upsell_settings
from ..selection.audiences import ShopperFacts, matches, segment
from ..selection.holdout import is_held_out
from ..selection.pricing import apply_discount
from ..selection.types import Kind, OfferRule, Trigger
from ..serving.assignment import assign_variant
from . import incremental, visits
from .attribution import attribute_order
from .recording import MAIL_CHANNEL, event_payload, write_events

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
    #: The moment its impressions name ("": the offer's first trigger).
    trigger: str = ""


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


def _nudge_profile(
    rule: OfferRule, gap: Decimal, products: dict, rng: random.Random
) -> OfferProfile | None:
    """A spend threshold's nudge: shown on the cart page to carts a typical ``gap`` short, its
    accepts the cheapest product that closes that gap. In the page, not a pop-up: nobody
    declines or closes it, and it is taken more often (the shopper saves the shipping)."""
    closers = sorted((p for p in products.values() if p.price >= gap), key=lambda p: p.price)
    if not closers:
        return None
    target = closers[0]
    return OfferProfile(
        rule=rule,
        price=target.price,
        product_id=target.id,
        take_rate=rng.uniform(0.18, 0.3),
        decline_rate=0.0,
        change=incremental.added_change([target.price]),
        trigger=Trigger.CART_VIEW.value,
    )


def _profiles(
    rules: list[OfferRule], rng: random.Random, nudge_gaps: dict[int, Decimal] | None = None
) -> list[OfferProfile]:
    products = get_catalog_adapter().get_products(None)
    prices = sorted(p.price for p in products.values()) or [Decimal("1000")]
    profiles = []
    nudge_gaps = nudge_gaps or {}
    rules = [rule for rule in rules if rule.id not in nudge_gaps]
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


def _nudge_profiles(
    rules: list[OfferRule], nudge_gaps: dict[int, Decimal], rng: random.Random
) -> list[OfferProfile]:
    products = get_catalog_adapter().get_products(None)
    found = (
        _nudge_profile(rule, nudge_gaps[rule.id], products, rng)
        for rule in rules
        if rule.id in nudge_gaps
    )
    return [profile for profile in found if profile is not None]


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
    from ..models import FollowUp, Offer, SpendThreshold
    from ..serving.offer_index import rule_from_offer

    report = SimulationReport()
    offers = list(Offer.objects.active().order_by("-priority", "id"))
    if not offers:
        return report
    # The spend thresholds' offers: the cart page's nudge, shown to carts about half its window
    # short (a typical gap), never given an A/B test here.
    nudge_gaps = {
        offer_id: within / 2
        for offer_id, within in SpendThreshold.objects.filter(
            is_active=True, offer__in=offers
        ).values_list("offer_id", "show_within")
    }
    report.variants_created = ensure_demo_ab_test(
        [o for o in offers if o.pk not in nudge_gaps]
    )
    rules = [rule_from_offer(o) for o in Offer.objects.filter(pk__in=[o.pk for o in offers])]
    rng = random.Random(seed)
    profiles = _profiles(sorted(rules, key=lambda r: r.id), rng, nudge_gaps)
    # The nudge draws from a stream of its own: the pop-ups' month stays what it was.
    nudge_rng = random.Random(f"nudge-{seed}")
    nudges = _nudge_profiles(sorted(rules, key=lambda r: r.id), nudge_gaps, nudge_rng)
    # Offers the shop also mails (follow-up mail): a stream of their own too.
    mailed_ids = set(
        FollowUp.objects.filter(is_active=True, offer__in=offers).values_list("offer_id", flat=True)
    )
    mailed = [p for p in profiles if p.rule.id in mailed_ids]
    mail_rng = random.Random(f"mail-{seed}")
    catalogue = list(get_catalog_adapter().get_products(None).values())
    today = timezone.localdate()
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        weekend = day.weekday() >= 5
        count = int(shoppers_per_day * (1.3 if weekend else 1.0) * rng.uniform(0.8, 1.2))
        with transaction.atomic():
            events, orders = _simulate_day(
                day, count, profiles, catalogue, rng, seed, nudges, nudge_rng
            )
            events += _mailed(day, count, mailed, mail_rng, seed)
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


#: Of a day's shoppers, the share an offer's follow-up mail reaches (customers who opted in and
#: whose moment came due), and how readers of a mail click it and then accept it.
MAILED_SHARE = 0.05
MAIL_CLICK_RATE = 0.2
MAIL_ACCEPT_RATE = 0.35


def _mailed(
    day: date, count: int, mailed: Sequence[OfferProfile], rng: random.Random, seed: int
) -> list[dict]:
    """A day of follow-up mail: each mail sent is the channel's impression (as sending records
    it), some are clicked, and some clicks accepted at the offer's price."""
    events: list[dict] = []
    for profile in mailed:
        for number in range(count):
            if rng.random() >= MAILED_SHARE:
                continue
            at = _moment(day, rng)
            common = {"shopper_key": f"sim-mail-{seed}-{day:%Y%m%d}-{number}",
                      "trigger": MAIL_CHANNEL, "is_simulated": True}
            events.append(event_payload("impression", profile.rule.id, created_at=at, **common))
            if rng.random() >= MAIL_CLICK_RATE:
                continue
            at = _moment(day, rng, at)
            events.append(event_payload("click", profile.rule.id, created_at=at, **common))
            if rng.random() < MAIL_ACCEPT_RATE:
                events.append(event_payload("accept", profile.rule.id, value=profile.price,
                                            created_at=at, **common))
    return events


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
    nudges: Sequence[OfferProfile] = (),
    nudge_rng: random.Random | None = None,
) -> tuple[list[dict], list[dict]]:
    events: list[dict] = []
    orders: list[dict] = []
    for number in range(count):
        key = f"sim-{seed}-{day:%Y%m%d}-{number}"
        customer = f"sim-customer-{rng.randrange(400)}" if rng.random() < 0.6 else ""
        facts = _facts(f"{key}-audience", customer)
        at = _moment(day, rng)
        accepted: list[OfferProfile] = []
        shown = rng.sample(profiles, k=min(len(profiles), rng.choice((1, 1, 2))))
        if _held_out(day, seed, number):
            shown = []  # the shop-wide holdout: never shown an offer, still orders
        for profile in shown:
            if not matches(profile.rule.audience, facts):
                continue  # an offer aimed at another audience is not shown to this shopper
            arm = assign_variant(profile.rule.id, profile.rule.variants, f"s:{key}")
            trigger = profile.trigger or (
                sorted(profile.rule.triggers)[0].value if profile.rule.triggers else ""
            )
            common = {"shopper_key": key, "trigger": trigger, "is_simulated": True,
                      "audience": segment(facts)}
            arm_id = arm.id if arm is not None else None
            if arm is not None and arm.is_control:
                events.append(event_payload("control_exposure", profile.rule.id, variant_id=arm_id,
                                            created_at=at, **common))
                continue
            events.append(event_payload("impression", profile.rule.id, variant_id=arm_id,
                                        value=profile.price, created_at=at, **common))
            take = profile.take_rate * (1.5 if arm is not None and arm.headline else 1.0)
            # Customers who ordered before know the shop: they take an offer more readily.
            take *= RETURNING_TAKE_FACTOR if facts.past_orders else 1.0
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
        if not _held_out(day, seed, number) and nudge_rng is not None:
            at = _nudged(key, day, at, nudges, nudge_rng, events, accepted)
        # A thank-you offer is accepted on the thank-you page: that shopper did order.
        bought_after = any(_after_purchase(p.rule) for p in accepted)
        if (bought_after or rng.random() < (0.75 if accepted else 0.45)) and catalogue:
            orders.append(_order(key, customer, day, at, accepted, catalogue, rng, seed, number))
    return events, orders


#: How much more readily a returning customer takes an offer than a first-time one (simulated).
RETURNING_TAKE_FACTOR = 1.4
#: Simulated devices and their shares of visits (phones first, as in most Japanese shops).
DEVICE_SHARES = (("phone", 0.6), ("tablet", 0.1), ("desktop", 0.3))


def _facts(seed: str, customer: str) -> ShopperFacts:
    """A simulated shopper's audience facts: about half of the customers with an account have
    ordered before; guests have not. Drawn from their own seeded stream so the rest of the
    month's traffic does not depend on them."""
    draw = random.Random(seed)
    orders = draw.choice((0, 1, 2, 3, 5, 8)) if customer and draw.random() < 0.55 else 0
    point, device = draw.random(), DEVICE_SHARES[-1][0]
    for name, share in DEVICE_SHARES:
        if point < share:
            device = name
            break
        point -= share
    return ShopperFacts(
        past_orders=orders,
        lifetime_spend=Decimal(orders * draw.randrange(3000, 12000, 100)),
        logged_in=bool(customer),
        device=device,
    )


#: The share of shoppers whose cart ends up close enough to a threshold to see its nudge.
NUDGED_SHARE = 0.3


def _nudged(
    key: str,
    day: date,
    at: datetime,
    nudges: Sequence[OfferProfile],
    rng: random.Random,
    events: list[dict],
    accepted: list[OfferProfile],
) -> datetime:
    """The cart page's spend nudge for one shopper: seen by carts near a threshold, taken or
    left (it stays in the page: never declined or closed)."""
    for profile in nudges:
        if rng.random() >= NUDGED_SHARE:
            continue
        common = {"shopper_key": key, "trigger": profile.trigger, "is_simulated": True}
        events.append(event_payload("impression", profile.rule.id, value=profile.price,
                                    created_at=at, **common))
        at = _moment(day, rng, at)
        if rng.random() < profile.take_rate:
            events.append(event_payload("click", profile.rule.id, created_at=at, **common))
            events.append(event_payload("accept", profile.rule.id, value=profile.price,
                                        created_at=at, **common))
            accepted.append(profile)
    return at


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
