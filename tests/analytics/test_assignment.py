"""Sticky, weighted A/B assignment and what each arm shows (pure: no database)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from upsell_app.selection.engine import select_offer
from upsell_app.selection.types import Discount, DiscountType, ShopperState, Trigger, VariantRule
from upsell_app.serving.assignment import (
    apply_variant,
    assign_variant,
    stable_shopper_id,
    vary_decision,
)

from .rules import STRAP, camera_in_cart, cross_sell, index_of

A = VariantRule(id=11, name="A", weight=1)
B = VariantRule(id=12, name="B", weight=2, headline="Never run out of space")
CONTROL = VariantRule(id=13, name="Control", weight=1, is_control=True)


def test_same_shopper_gets_the_same_variant_on_every_request():
    rule = cross_sell(A, B, CONTROL)
    first = [apply_variant(rule, f"s:session-{n}")[1] for n in range(200)]
    again = [apply_variant(rule, f"s:session-{n}")[1] for n in range(200)]
    assert first == again
    assert len(set(first)) == 3  # and the shoppers really are spread over the arms


def test_logged_in_customer_keeps_the_variant_across_sessions():
    assert stable_shopper_id(42, "session-one") == stable_shopper_id(42, "session-two")
    assert stable_shopper_id(None, "session-one") != stable_shopper_id(None, "session-two")


def test_weights_are_respected_within_tolerance_on_10000_shoppers():
    arms = (A, B, CONTROL)  # 1 : 2 : 1
    counts = Counter(assign_variant(7, arms, f"s:{n:08d}").id for n in range(10_000))
    shares = {arm.name: counts[arm.id] / 10_000 for arm in arms}
    assert abs(shares["A"] - 0.25) < 0.02
    assert abs(shares["B"] - 0.50) < 0.02
    assert abs(shares["Control"] - 0.25) < 0.02


def test_assignment_of_two_offers_is_independent():
    arms = (A, VariantRule(id=14, name="A2", weight=1))
    pairs = Counter(
        (assign_variant(7, arms, f"s:{n}").id, assign_variant(8, arms, f"s:{n}").id)
        for n in range(4_000)
    )
    assert len(pairs) == 4 and min(pairs.values()) > 800


def test_an_arm_with_zero_weight_gets_no_new_shoppers():
    stopped = VariantRule(id=15, name="Stopped", weight=0)
    assert {assign_variant(7, (A, stopped), f"s:{n}").id for n in range(500)} == {A.id}


def test_control_group_never_sees_an_offer():
    rule = cross_sell(CONTROL)
    index, context = index_of(rule), camera_in_cart()
    decision = select_offer(index, context, ShopperState())
    assert decision is not None  # the offer would apply ...
    for n in range(300):
        outcome = vary_decision(decision, context, f"s:{n}", index)
        assert outcome.decision is None  # ... but the holdout is shown nothing
        assert outcome.is_control and outcome.variant_id == CONTROL.id


def test_variant_overrides_replace_the_offer_message_and_discount():
    discounted = VariantRule(
        id=16, name="Ten off", headline="Ten percent off the card",
        discount=Discount(DiscountType.PERCENT, Decimal("10")),
    )
    rule, variant_id = apply_variant(cross_sell(discounted), "s:anyone")
    assert variant_id == discounted.id
    assert rule.headline == "Ten percent off the card"
    assert rule.discount == Discount(DiscountType.PERCENT, Decimal("10"))


def test_variant_with_its_own_targets_offers_its_own_products():
    strap_arm = VariantRule(id=17, name="Strap", target_product_ids=(STRAP.id,))
    rule = cross_sell(strap_arm)
    index, context = index_of(rule), camera_in_cart()
    decision = select_offer(index, context, ShopperState())
    outcome = vary_decision(decision, context, "s:anyone", index)
    assert [c.product.id for c in outcome.decision.choices] == [STRAP.id]


def test_variant_timed_for_another_moment_shows_nothing_now_and_is_not_control():
    at_cart = VariantRule(id=18, name="Later", triggers=frozenset({Trigger.CART_VIEW}))
    rule = cross_sell(at_cart)
    assert apply_variant(rule, "s:anyone", Trigger.ADD_TO_CART) == (None, None)
    shown, variant_id = apply_variant(rule, "s:anyone", Trigger.CART_VIEW)
    assert shown is not None and variant_id == at_cart.id


def test_offer_without_variants_is_shown_unchanged():
    rule = cross_sell()
    assert apply_variant(rule, "s:anyone") == (rule, None)
