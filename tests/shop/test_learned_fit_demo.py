"""Every learned choice the demo shows after an add to cart is one its own order history
supports: bought with the item it is shown with more often than chance, and within that item's
price band."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from shop_demo.shop.models import Product
from upsell_app.models import PurchaseLine
from upsell_app.selection.engine import select_offer
from upsell_app.selection.types import (
    CartLine,
    CartSnapshot,
    Context,
    ShopperState,
    TargetSource,
    Trigger,
)
from upsell_app.serving.decision_service import learned_targets, limits
from upsell_app.serving.offer_index import build_index

pytestmark = pytest.mark.django_db


def history_lift() -> dict[tuple[int, int], float]:
    """Lift of every product pair in the demo's orders, counted here from the purchase lines
    (not from the stored partner lists): N * n_ab / (n_a * n_b)."""
    baskets: dict[str, set[int]] = {}
    for order_id, product_id in PurchaseLine.objects.values_list("order_id", "product_id"):
        baskets.setdefault(order_id, set()).add(int(product_id))
    singles: Counter[int] = Counter()
    pairs: Counter[tuple[int, int]] = Counter()
    for basket in baskets.values():
        singles.update(basket)
        pairs.update(itertools.permutations(basket, 2))
    n = len(baskets)
    return {(a, b): n * c / (singles[a] * singles[b]) for (a, b), c in pairs.items()}


def learned_choices_after_an_add_to_cart() -> list[tuple[int, int]]:
    """``(item, learned choice)`` for every product added alone to an empty cart."""
    index = build_index()
    current = limits()
    shown = []
    for product in Product.objects.filter(is_active=True).order_by("pk"):
        cart = CartSnapshot(
            (CartLine("1", product.pk, 1, product.price),), subtotal=product.price
        )
        now = datetime.now(UTC)
        context = Context(Trigger.ADD_TO_CART, cart, now, now.timestamp(), product.pk)
        learned = learned_targets(index, Trigger.ADD_TO_CART, cart, product.pk)
        decision = select_offer(index, context, ShopperState(), current, learned)
        if decision is None or decision.rule.target_source is TargetSource.MANUAL:
            continue
        learned_ids = {entry[0] for entry in learned}
        shown += [
            (choice.because_of, choice.product.id)
            for choice in decision.choices
            if choice.product.id in learned_ids and choice.because_of is not None
        ]
    return shown


def test_every_learned_choice_after_an_add_to_cart_is_bought_with_its_item_above_chance():
    # The demo as `make demo` builds it: its default order history.
    call_command("load_demo", verbosity=0)
    call_command("demo_order_history", verbosity=0)
    call_command("upsell_associations", "--full", "--no-progress", verbosity=0)
    lift = history_lift()
    prices = dict(Product.objects.values_list("pk", "price"))

    shown = learned_choices_after_an_add_to_cart()

    supported = [pair for pair in shown if lift.get(pair, 0.0) > 1.0]
    print(f"\n{len(supported)} of {len(shown)} learned choices have lift > 1 with their item")
    assert len(shown) >= 20, "the demo shows learned choices after an add to cart"
    assert supported == shown
    assert all(prices[b] <= 3 * prices[a] for a, b in shown)
