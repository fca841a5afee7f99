"""Learned suggestions that fit the cart: no substitute of a cart product, no price far above it."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.selection.engine import select_offer
from upsell_app.selection.fit import Misfit, cart_profile, fitting, misfit
from upsell_app.selection.types import FitPolicy, Kind, Limits, ShopperState, TargetSource, Trigger

from .builders import catalogue, context, index, line, product, rule

EARBUDS = product(1, 19_800, categories=("audio",), family="nami")
PHONE = product(2, 89_800, categories=("phones",), family="aozora-phone")
PHONE_PRO = product(3, 139_800, categories=("phones",), family="aozora-phone")
CASE = product(4, 2_980, categories=("accessories",))
COMPACT_BUDS = product(5, 7_980, categories=("audio",), family="nami")
HEADPHONES = product(6, 34_800, categories=("audio",), family="over-ear")
CHARGER = product(7, 3_980, categories=("accessories",))

ONLY_FAMILY = FitPolicy(substitute_by=frozenset({"family"}), max_price_ratio=Decimal("3"))


def test_a_product_of_a_family_in_the_cart_is_a_substitute():
    assert misfit(COMPACT_BUDS, cart_profile([EARBUDS]), ONLY_FAMILY) is Misfit.SAME_FAMILY


def test_a_product_of_a_category_in_the_cart_is_a_substitute_by_default():
    assert misfit(HEADPHONES, cart_profile([EARBUDS])) is Misfit.SAME_CATEGORY


def test_category_substitutes_can_be_switched_off():
    assert misfit(HEADPHONES, cart_profile([EARBUDS]), ONLY_FAMILY) is None


def test_a_product_many_times_the_dearest_cart_price_is_out_of_the_band():
    assert misfit(PHONE, cart_profile([EARBUDS])) is Misfit.PRICE_BAND


def test_the_band_is_measured_against_the_dearest_product_in_the_cart():
    cart = cart_profile([CASE, product(8, 40_000, categories=("tablets",))])

    assert misfit(PHONE, cart) is None


def test_a_price_at_exactly_the_band_limit_fits():
    assert misfit(product(9, 59_400), cart_profile([EARBUDS])) is None
    assert misfit(product(9, 59_401), cart_profile([EARBUDS])) is Misfit.PRICE_BAND


def test_the_band_can_be_switched_off():
    policy = FitPolicy(substitute_by=frozenset(), max_price_ratio=None)

    assert misfit(PHONE_PRO, cart_profile([EARBUDS]), policy) is None


def test_a_complement_in_band_fits():
    assert misfit(CHARGER, cart_profile([PHONE])) is None


def test_two_learned_targets_of_one_family_are_never_offered_together():
    kept = fitting([PHONE, PHONE_PRO, CASE], cart_profile([product(8, 100_000)]))

    assert kept == [PHONE, CASE]


def test_learned_cross_sell_leaves_out_what_does_not_fit_the_cart():
    offer = rule(
        kind=Kind.CROSS_SELL, target_source=TargetSource.LEARNED, triggers=[Trigger.CART_VIEW]
    )
    products = catalogue(EARBUDS, PHONE, PHONE_PRO, CASE, COMPACT_BUDS, CHARGER)

    decision = select_offer(
        index([offer], products),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
        Limits(),
        learned=[(2, 1), (3, 1), (5, 1), (4, 1), (7, 1)],
    )

    assert decision is not None
    assert [c.product.id for c in decision.choices] == [CASE.id, CHARGER.id]


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
    offer = rule(
        kind=Kind.CROSS_SELL, target_source=TargetSource.LEARNED, triggers=[Trigger.CART_VIEW]
    )

    decision = select_offer(
        index([offer], catalogue(EARBUDS, PHONE, PHONE_PRO)),
        context(Trigger.CART_VIEW, line(EARBUDS)),
        ShopperState(),
        learned=[(2, 1), (3, 1)],
    )

    assert decision is None
