"""Which offer wins a moment: schedule, cart bounds, moment, priority and specificity."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from upsell_app.selection.engine import anchor_products, select_offer
from upsell_app.selection.types import Kind, Placement, ShopperState, Trigger

from .builders import NOW, catalogue, context, index, line, product, rule

FRESH = ShopperState()

SHOES = product(1, 5000, categories=["shoes"])
SOCKS = product(2, 500, categories=["socks"])
LACES = product(3, 300)
POLISH = product(4, 800)
PRODUCTS = catalogue(SHOES, SOCKS, LACES, POLISH)


def _decide(rules, ctx, products=PRODUCTS):
    return select_offer(index(rules, products), ctx, FRESH)


def _shoes_added(*extra_lines, now=NOW):
    return context(Trigger.ADD_TO_CART, line(SHOES), *extra_lines, product_id=SHOES.id, now=now)


# -- moment and schedule --------------------------------------------------------------------------
def test_offer_is_shown_only_at_its_moments():
    offer = rule(sources=[1], targets=[3], triggers=[Trigger.CART_VIEW])

    assert _decide([offer], _shoes_added()) is None
    assert _decide([offer], context(Trigger.CART_VIEW, line(SHOES))).rule == offer


def test_offer_before_its_start_is_not_shown():
    offer = rule(sources=[1], targets=[3], starts_at=NOW + timedelta(seconds=1))

    assert _decide([offer], _shoes_added()) is None


def test_offer_is_shown_from_its_start():
    offer = rule(sources=[1], targets=[3], starts_at=NOW)

    assert _decide([offer], _shoes_added()).rule == offer


def test_offer_is_not_shown_from_its_end():
    offer = rule(sources=[1], targets=[3], ends_at=NOW)

    assert _decide([offer], _shoes_added()) is None


def test_offer_is_shown_until_its_end():
    offer = rule(sources=[1], targets=[3], ends_at=NOW + timedelta(seconds=1))

    assert _decide([offer], _shoes_added()).rule == offer


def test_ended_offer_gives_way_to_the_next_one():
    ended = rule(1, sources=[1], targets=[3], priority=900, ends_at=NOW - timedelta(days=1))
    running = rule(2, sources=[1], targets=[4])

    assert _decide([ended, running], _shoes_added()).rule == running


# -- cart subtotal bounds -----------------------------------------------------------------------
def test_offer_below_its_minimum_subtotal_is_not_shown():
    offer = rule(sources=[1], targets=[3], min_subtotal=Decimal("5001"))

    assert _decide([offer], _shoes_added()) is None


def test_offer_at_its_minimum_subtotal_is_shown():
    offer = rule(sources=[1], targets=[3], min_subtotal=Decimal("5000"))

    assert _decide([offer], _shoes_added()).rule == offer


def test_offer_above_its_maximum_subtotal_is_not_shown():
    offer = rule(sources=[1], targets=[3], max_subtotal=Decimal("4999"))

    assert _decide([offer], _shoes_added()) is None


def test_offer_at_its_maximum_subtotal_is_shown():
    offer = rule(sources=[1], targets=[3], max_subtotal=Decimal("5000"))

    assert _decide([offer], _shoes_added()).rule == offer


# -- ranking ------------------------------------------------------------------------------------
def test_product_rule_beats_category_rule_beats_cart_wide_rule():
    by_product = rule(1, sources=[1], targets=[3])
    by_category = rule(2, categories=["shoes"], targets=[4])
    cart_wide = rule(3, targets=[2])

    assert _decide([cart_wide, by_category, by_product], _shoes_added()).rule == by_product
    assert _decide([cart_wide, by_category], _shoes_added()).rule == by_category
    assert _decide([cart_wide], _shoes_added()).rule == cart_wide


def test_higher_priority_beats_specificity():
    by_product = rule(1, sources=[1], targets=[3], priority=100)
    cart_wide = rule(2, targets=[4], priority=200)

    assert _decide([by_product, cart_wide], _shoes_added()).rule == cart_wide


def test_equal_rules_are_ordered_by_id():
    first, second = rule(1, sources=[1], targets=[3]), rule(2, sources=[1], targets=[4])

    assert _decide([second, first], _shoes_added()).rule == first


def test_rule_about_the_product_just_added_beats_one_about_another_cart_product():
    about_socks = rule(1, sources=[2], targets=[4])
    about_shoes = rule(2, sources=[1], targets=[3])
    ctx = context(Trigger.ADD_TO_CART, line(SOCKS), line(SHOES), product_id=SHOES.id)

    assert _decide([about_socks, about_shoes], ctx).rule == about_shoes


def test_winning_rule_without_available_choices_gives_way_to_the_next():
    sold_out = product(5, stock=0)
    empty = rule(1, sources=[1], targets=[5], priority=900)
    fallback = rule(2, sources=[1], targets=[3])

    decision = _decide([empty, fallback], _shoes_added(), catalogue(SHOES, LACES, sold_out))

    assert decision.rule == fallback


def test_category_rule_matches_a_product_of_that_category():
    offer = rule(categories=["socks"], targets=[3], triggers=[Trigger.CART_VIEW])

    decision = _decide([offer], context(Trigger.CART_VIEW, line(SOCKS)))

    assert decision.choices[0].source_product == SOCKS


def test_cart_wide_offer_follows_the_cart_without_a_source_product():
    offer = rule(targets=[3], triggers=[Trigger.CHECKOUT_START])

    decision = _decide([offer], context(Trigger.CHECKOUT_START, line(SHOES)))

    assert decision.choices[0].source_product is None


def test_no_offer_for_the_moment_means_silence():
    assert _decide([], _shoes_added()) is None


# -- anchors ------------------------------------------------------------------------------------
def test_anchors_put_the_product_of_the_moment_first():
    ctx = context(Trigger.ADD_TO_CART, line(SOCKS), line(SHOES), product_id=SHOES.id)

    assert anchor_products(ctx) == [SHOES.id, SOCKS.id]


def test_item_removed_anchors_only_on_the_removed_product():
    ctx = context(Trigger.ITEM_REMOVED, line(SOCKS), product_id=SHOES.id)

    assert anchor_products(ctx) == [SHOES.id]


def test_item_removed_rule_about_a_product_still_in_the_cart_is_not_shown():
    offer = rule(kind=Kind.CROSS_SELL, sources=[2], targets=[3], triggers=[Trigger.ITEM_REMOVED])
    ctx = context(Trigger.ITEM_REMOVED, line(SOCKS), product_id=SHOES.id)

    assert _decide([offer], ctx) is None


# -- where the offer shows: the pop-up or a slot in the page -------------------------------------
def _placed(placement):
    return rule(sources=[1], targets=[3], triggers=[Trigger.CART_VIEW], placement=placement)


def test_a_pop_up_moment_never_picks_an_offer_placed_in_the_page():
    ctx = replace(context(Trigger.CART_VIEW, line(SHOES)), placement=Placement.POPUP)

    assert _decide([_placed(Placement.PAGE)], ctx) is None


def test_a_slot_in_the_page_never_picks_a_pop_up_offer():
    ctx = replace(context(Trigger.CART_VIEW, line(SHOES)), placement=Placement.PAGE)

    assert _decide([_placed(Placement.POPUP)], ctx) is None


def test_a_slot_in_the_page_picks_the_offer_placed_there():
    offer = _placed(Placement.PAGE)
    ctx = replace(context(Trigger.CART_VIEW, line(SHOES)), placement=Placement.PAGE)

    assert _decide([offer], ctx).rule == offer


def test_a_product_page_offers_what_goes_with_its_product():
    offer = rule(
        sources=[1], targets=[3], triggers=[Trigger.PRODUCT_VIEW], placement=Placement.PAGE
    )
    ctx = replace(context(Trigger.PRODUCT_VIEW, product_id=SHOES.id), placement=Placement.PAGE)

    assert [c.product.id for c in _decide([offer], ctx).choices] == [LACES.id]
