"""Learned suggestions that fit the item they are shown with: supported by the shop's history,
no substitute, no price far above that item."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.selection.engine import Learned, select_offer
from upsell_app.selection.fit import Candidate, Misfit, cart_profile, fitting, misfit
from upsell_app.selection.types import (
    FitPolicy,
    Kind,
    Limits,
    ShopperState,
    SubstituteRule,
    TargetSource,
    Trigger,
)

from .builders import catalogue, context, index, line, product, rule

EARBUDS = product(1, 19_800, categories=("audio",), family="nami")
PHONE = product(2, 89_800, categories=("phones",), family="aozora-phone")
PHONE_PRO = product(3, 139_800, categories=("phones",), family="aozora-phone")
CASE = product(4, 2_980, categories=("accessories",))
COMPACT_BUDS = product(5, 7_980, categories=("audio",), family="nami")
HEADPHONES = product(6, 34_800, categories=("audio",), family="over-ear")
CHARGER = product(7, 3_980, categories=("accessories",))
LAPTOP = product(10, 168_000, categories=("computers",))

ONLY_FAMILY = FitPolicy(substitute_by=frozenset({"family"}), max_price_ratio=Decimal("3"))
BY_CATEGORY = FitPolicy(substitute_rule=SubstituteRule.CATEGORY)
BY_DATA = FitPolicy(substitute_rule=SubstituteRule.DATA)
OFF = FitPolicy(substitute_rule=SubstituteRule.OFF, max_price_ratio=None, min_lift=None)


def cart_of(*products):
    return cart_profile(products)


# -- supported by the shop's history -------------------------------------------------------------
def test_a_target_bought_with_its_item_no_more_often_than_chance_is_not_shown():
    # 1,000 baskets: 100 with the earbuds, 50 with the case, 5 with both.
    # lift = P(case | earbuds) / P(case) = (5 / 100) / (50 / 1000) = 1.0: chance, not support.
    assert misfit(CASE, cart_of(EARBUDS), item=EARBUDS, lift=1.0) is Misfit.UNSUPPORTED


def test_a_target_bought_with_its_item_more_often_than_chance_is_shown():
    # 1,000 baskets: 100 with the earbuds, 50 with the case, 20 with both.
    # lift = (20 / 100) / (50 / 1000) = 4.0
    assert misfit(CASE, cart_of(EARBUDS), item=EARBUDS, lift=4.0) is None


def test_the_minimum_lift_is_configurable_and_can_be_switched_off():
    assert misfit(CASE, cart_of(EARBUDS), FitPolicy(min_lift=3.0), EARBUDS, 2.5) is (
        Misfit.UNSUPPORTED
    )
    assert misfit(CASE, cart_of(EARBUDS), FitPolicy(min_lift=None), EARBUDS, 0.2) is None


def test_a_target_without_pair_data_is_not_held_to_the_minimum_lift():
    # The accept request re-checks a shown choice without its pair data: never stricter.
    assert misfit(CASE, cart_of(EARBUDS), item=EARBUDS, lift=None) is None


# -- substitutes -----------------------------------------------------------------------------------
def test_a_product_of_a_family_in_the_cart_is_a_substitute():
    assert misfit(COMPACT_BUDS, cart_of(EARBUDS), item=EARBUDS, lift=5.0) is Misfit.SAME_FAMILY


def test_by_default_a_same_category_target_often_bought_with_its_item_is_a_complement():
    # Two yogurts of different flavours: 1,000 baskets, 100 and 80 with each, 24 with both.
    # lift = (24 / 100) / (80 / 1000) = 3.0, above LEARNED_SUBSTITUTE_LIFT (1.5).
    assert misfit(HEADPHONES, cart_of(EARBUDS), item=EARBUDS, lift=3.0) is None


def test_by_default_a_same_category_target_seldom_bought_with_its_item_is_a_substitute():
    # Two pairs of headphones: 1,000 baskets, 100 and 80 with each, 10 with both.
    # lift = (10 / 100) / (80 / 1000) = 1.25: above chance, below LEARNED_SUBSTITUTE_LIFT (1.5).
    assert misfit(HEADPHONES, cart_of(EARBUDS), item=EARBUDS, lift=1.25) is Misfit.RARELY_TOGETHER


def test_a_target_of_another_category_is_no_substitute_by_default_however_its_lift():
    assert misfit(CASE, cart_of(EARBUDS), item=EARBUDS, lift=1.25) is None


def test_the_category_rule_makes_every_same_category_target_a_substitute():
    assert misfit(HEADPHONES, cart_of(EARBUDS), BY_CATEGORY, EARBUDS, 3.0) is Misfit.SAME_CATEGORY


def test_the_data_rule_makes_a_seldom_co_bought_target_a_substitute_whatever_its_category():
    assert misfit(CASE, cart_of(EARBUDS), BY_DATA, EARBUDS, 1.25) is Misfit.RARELY_TOGETHER
    assert misfit(HEADPHONES, cart_of(EARBUDS), BY_DATA, EARBUDS, 3.0) is None


def test_the_off_rule_tells_no_substitutes_apart_not_even_families():
    assert misfit(COMPACT_BUDS, cart_of(EARBUDS), OFF, EARBUDS, 0.5) is None


def test_category_substitutes_can_be_switched_off_by_the_attributes():
    assert misfit(HEADPHONES, cart_of(EARBUDS), ONLY_FAMILY, EARBUDS, 1.25) is None


# -- price band ------------------------------------------------------------------------------------
def test_a_product_many_times_its_items_price_is_out_of_the_band():
    assert misfit(PHONE, cart_of(EARBUDS), item=EARBUDS, lift=2.0) is Misfit.PRICE_BAND


def test_the_band_is_measured_against_the_item_not_the_dearest_product_in_the_cart():
    # A ¥168,000 laptop in the cart does not let a ¥89,800 phone follow ¥2,980 earbuds' case.
    cart = cart_of(CASE, LAPTOP)

    assert misfit(PHONE, cart, item=CASE, lift=2.0) is Misfit.PRICE_BAND
    assert misfit(PHONE, cart, item=LAPTOP, lift=2.0) is None


def test_without_a_known_item_the_band_is_the_carts_dearest_product():
    assert misfit(PHONE, cart_of(CASE, LAPTOP)) is None
    assert misfit(PHONE, cart_of(CASE)) is Misfit.PRICE_BAND


def test_a_price_at_exactly_the_band_limit_fits():
    assert misfit(product(9, 59_400), cart_of(EARBUDS), item=EARBUDS) is None
    assert misfit(product(9, 59_401), cart_of(EARBUDS), item=EARBUDS) is Misfit.PRICE_BAND


def test_the_band_can_be_switched_off():
    policy = FitPolicy(substitute_by=frozenset(), max_price_ratio=None)

    assert misfit(PHONE_PRO, cart_of(EARBUDS), policy, EARBUDS, 2.0) is None


def test_two_learned_targets_of_one_family_are_never_offered_together():
    item = product(8, 100_000)
    kept = fitting(
        [Candidate(PHONE, item, 2.0), Candidate(PHONE_PRO, item, 2.0), Candidate(CASE, item, 2.0)],
        cart_of(item),
    )

    assert [c.product for c in kept] == [PHONE, CASE]


# -- in the decision -------------------------------------------------------------------------------
LEARNED_OFFER = dict(
    kind=Kind.CROSS_SELL, target_source=TargetSource.LEARNED, triggers=[Trigger.CART_VIEW]
)


def test_learned_cross_sell_leaves_out_what_does_not_fit_its_item():
    products = catalogue(EARBUDS, PHONE, PHONE_PRO, CASE, COMPACT_BUDS, CHARGER)

    decision = select_offer(
        index([rule(**LEARNED_OFFER)], products),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
        Limits(),
        learned=[
            Learned(2, 1, 2.0),  # the phone: out of the band
            Learned(3, 1, 2.0),  # the pro phone: out of the band
            Learned(5, 1, 2.0),  # compact earbuds: same family
            Learned(4, 1, 2.0),
            Learned(7, 1, 2.0),
        ],
    )

    assert decision is not None
    assert [c.product.id for c in decision.choices] == [CASE.id, CHARGER.id]


def test_each_choice_is_measured_against_the_item_it_is_shown_with():
    # The laptop in the cart vouches for the phone; the case does not lift the band for it.
    decision = select_offer(
        index([rule(**LEARNED_OFFER)], catalogue(CASE, LAPTOP, PHONE, CHARGER)),
        context(Trigger.CART_VIEW, line(CASE), line(LAPTOP)),
        ShopperState(),
        learned=[Learned(PHONE.id, CASE.id, 2.0), Learned(CHARGER.id, LAPTOP.id, 2.0)],
    )

    assert decision is not None
    assert [(c.product.id, c.because_of) for c in decision.choices] == [(CHARGER.id, LAPTOP.id)]


def test_the_pop_up_refills_left_out_places_from_the_next_candidates():
    cheap = [product(20 + i, 1_000, categories=("accessories",)) for i in range(4)]
    learned = [
        Learned(PHONE.id, EARBUDS.id, 2.0),  # out of the band
        Learned(COMPACT_BUDS.id, EARBUDS.id, 2.0),  # same family
        Learned(cheap[3].id, EARBUDS.id, 0.8),  # bought together less often than chance
        *(Learned(p.id, EARBUDS.id, 2.0) for p in cheap[:3]),
    ]

    decision = select_offer(
        index([rule(**LEARNED_OFFER)], catalogue(EARBUDS, PHONE, COMPACT_BUDS, *cheap)),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
        Limits(max_choices=3),
        learned=learned,
    )

    assert decision is not None
    assert [c.product.id for c in decision.choices] == [p.id for p in cheap[:3]]


def test_hand_picked_targets_are_never_filtered_by_the_fit_rule():
    offer = rule(kind=Kind.CROSS_SELL, targets=[PHONE.id], triggers=[Trigger.CART_VIEW])

    decision = select_offer(
        index([offer], catalogue(EARBUDS, PHONE)),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
    )

    assert decision is not None
    assert [c.product.id for c in decision.choices] == [PHONE.id]


def test_no_learned_target_fits_means_no_pop_up():
    decision = select_offer(
        index([rule(**LEARNED_OFFER)], catalogue(EARBUDS, PHONE, PHONE_PRO)),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
        learned=[(2, 1), (3, 1)],
    )

    assert decision is None
