"""Selection time for a 10-line cart over 1,000 active offers (target: under 0.2 ms).

Baseline in the same run: a naive scan that checks every offer against the cart, as an app without
an index would. Run with ``python -m bench.selection_bench``.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from upsell_app.selection.engine import OfferIndex, select_offer
from upsell_app.selection.types import (
    CartLine,
    CartSnapshot,
    Context,
    Discount,
    DiscountType,
    Kind,
    Limits,
    OfferRule,
    ProductInfo,
    ShopperState,
    SubscriptionTerms,
    Trigger,
)

N_PRODUCTS = 5_000
N_OFFERS = 1_000
CART_LINES = 10
CATEGORIES = [f"cat-{i}" for i in range(40)]
TERMS = SubscriptionTerms(2, "week", "Ships with this order", "On shipment", 0, "Online")


def make_world(seed: int = 7) -> tuple[OfferIndex, list[OfferRule], dict[int, ProductInfo]]:
    rng = random.Random(seed)
    products = {
        pid: ProductInfo(
            id=pid,
            title=f"Product {pid}",
            price=Decimal(rng.randrange(500, 150_000, 100)),
            stock=rng.choice([0, 5, 50, None]),
            categories=frozenset({rng.choice(CATEGORIES)}),
        )
        for pid in range(1, N_PRODUCTS + 1)
    }
    popular = list(range(1, 301))  # offers concentrate on the popular products, as in a shop
    now = datetime.now(UTC)
    rules = []
    for oid in range(1, N_OFFERS + 1):
        kind = rng.choice(list(Kind))
        by_category = rng.random() < 0.1
        rules.append(
            OfferRule(
                id=oid,
                kind=kind,
                name=f"offer {oid}",
                priority=rng.randrange(0, 200),
                triggers=frozenset(rng.sample(list(Trigger), 2)),
                source_product_ids=frozenset()
                if by_category
                else frozenset(rng.sample(popular, 2)),
                source_categories=frozenset({rng.choice(CATEGORIES)})
                if by_category
                else frozenset(),
                target_product_ids=tuple(rng.sample(range(1, N_PRODUCTS + 1), 3)),
                discount=Discount(DiscountType.PERCENT, Decimal(10)),
                starts_at=now - timedelta(days=1),
                ends_at=now + timedelta(days=rng.choice([1, 30])),
                headline="h",
                subscription=TERMS if kind is Kind.SUBSCRIPTION else None,
            )
        )
    return OfferIndex(rules, products, version="bench"), rules, products


def make_context(rng: random.Random, trigger: Trigger) -> Context:
    ids = rng.sample(range(1, 301), CART_LINES)
    lines = tuple(CartLine(str(i), pid, 1, Decimal(1000)) for i, pid in enumerate(ids))
    now = datetime.now(UTC)
    cart = CartSnapshot(lines=lines, subtotal=Decimal(CART_LINES * 1000))
    return Context(trigger=trigger, cart=cart, now=now, epoch=now.timestamp())


def naive_select(rules: list[OfferRule], products, context: Context, shopper: ShopperState):
    """What an index-less app does: test every offer, then sort the matches."""
    in_cart = context.cart.product_ids
    matches = []
    for rule in rules:
        if context.trigger not in rule.triggers or rule.id in shopper.declined_offer_ids:
            continue
        if not rule.is_live(context.now):
            continue
        hit = any(
            pid in rule.source_product_ids
            or not rule.source_categories.isdisjoint(products[pid].categories)
            for pid in in_cart
        )
        if hit:
            targets = [
                products[t]
                for t in rule.target_product_ids
                if t not in in_cart and products[t].in_stock
            ]
            if targets:
                matches.append((-rule.priority, rule.id, rule))
    matches.sort()
    return matches[0][2] if matches else None


def time_per_call(fn, contexts, repeat: int = 5) -> float:
    """Median over ``repeat`` passes of the mean time per call, in microseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for ctx in contexts:
            fn(ctx)
        runs.append((time.perf_counter() - start) / len(contexts) * 1e6)
    return statistics.median(runs)


def main() -> None:
    index, rules, products = make_world()
    rng = random.Random(11)
    limits = Limits()
    fresh = ShopperState()
    contexts = [make_context(rng, rng.choice(list(Trigger))) for _ in range(2_000)]
    # Worst case: the shopper declined every offer, so every candidate is examined and rejected.
    all_declined = ShopperState(declined_offer_ids=frozenset(index.rules))

    indexed = time_per_call(lambda c: select_offer(index, c, fresh, limits), contexts)
    indexed_worst = time_per_call(lambda c: select_offer(index, c, all_declined, limits), contexts)
    naive = time_per_call(lambda c: naive_select(rules, products, c, fresh), contexts)
    shown = sum(select_offer(index, c, fresh, limits) is not None for c in contexts)
    start = time.perf_counter()
    OfferIndex(rules, products, version="rebuild")
    build_ms = (time.perf_counter() - start) * 1e3

    print("Selection: 10-line cart, 1,000 active offers, 5,000 products")
    print(f"  decisions with an offer          {shown}/{len(contexts)}")
    print(f"  select_offer (indexed)           {indexed:8.1f} us/decision   target < 200 us")
    print(f"  select_offer, all declined       {indexed_worst:8.1f} us/decision   (worst case)")
    print(f"  naive scan of every offer        {naive:8.1f} us/decision   (baseline)")
    print(f"  speed-up over the naive scan     {naive / indexed:8.1f}x")
    print(f"  index build (1,000 offers)       {build_ms:8.1f} ms (once per offer-set version)")
    print(f"  verdict: {'MET' if indexed < 200 else 'MISSED'} (< 200 us)")


if __name__ == "__main__":
    main()
