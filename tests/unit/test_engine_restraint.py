"""Restraint before relevance: caps, cool-down, silence after "No thanks", no repeats."""

from __future__ import annotations

from upsell_app.selection.engine import is_held_back, select_offer
from upsell_app.selection.types import Limits, ShopperState, Trigger

from .builders import EPOCH, catalogue, context, index, line, product, rule

SHOES, LACES, POLISH = product(1), product(3), product(4)
PRODUCTS = catalogue(SHOES, LACES, POLISH)
LIMITS = Limits(max_choices=3, max_popups=3, cooldown_seconds=60, silence_after_decline_seconds=300)


def _decide(rules, shopper):
    ctx = context(Trigger.ADD_TO_CART, line(SHOES), product_id=SHOES.id)
    return select_offer(index(rules, PRODUCTS), ctx, shopper, LIMITS)


OFFER = rule(1, sources=[1], targets=[3])


def test_fresh_shopper_is_not_held_back():
    assert not is_held_back(ShopperState(), EPOCH, LIMITS)
    assert _decide([OFFER], ShopperState()).rule == OFFER


def test_shopper_who_saw_the_maximum_of_pop_ups_sees_no_more():
    assert _decide([OFFER], ShopperState(popups_shown=3)) is None


def test_shopper_below_the_maximum_of_pop_ups_may_see_another():
    assert _decide([OFFER], ShopperState(popups_shown=2)).rule == OFFER


def test_no_pop_up_during_the_cool_down_after_the_last_one():
    assert _decide([OFFER], ShopperState(popups_shown=1, last_popup_at=EPOCH - 59)) is None


def test_pop_up_again_once_the_cool_down_has_passed():
    shopper = ShopperState(popups_shown=1, last_popup_at=EPOCH - 60)

    assert _decide([OFFER], shopper).rule == OFFER


def test_no_pop_up_at_all_for_a_while_after_no_thanks():
    other = rule(2, sources=[1], targets=[4])
    shopper = ShopperState(declined_offer_ids=frozenset({1}), last_decline_at=EPOCH - 299)

    assert _decide([OFFER, other], shopper) is None


def test_other_offers_may_show_once_the_silence_after_no_thanks_has_passed():
    other = rule(2, sources=[1], targets=[4])
    shopper = ShopperState(declined_offer_ids=frozenset({1}), last_decline_at=EPOCH - 300)

    assert _decide([OFFER, other], shopper).rule == other


def test_declined_offer_is_never_shown_again():
    shopper = ShopperState(declined_offer_ids=frozenset({1}), last_decline_at=EPOCH - 10_000)

    assert _decide([OFFER], shopper) is None
