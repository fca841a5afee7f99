"""Timing that keeps the key moments free: a browsing pop-up never uses up what a removal or the
start of checkout needs, and a cart-view pop-up is not shown twice for the same cart."""

from __future__ import annotations

from upsell_app.selection.engine import select_offer
from upsell_app.selection.timing import after_popup, browsing_cap, cart_fingerprint, is_held_back
from upsell_app.selection.types import Kind, Limits, ShopperState, Trigger

from .builders import EPOCH, cart, catalogue, context, index, line, product, rule

LIMITS = Limits(max_popups=3, cooldown_seconds=60, silence_after_decline_seconds=300)
SHOES, LACES, CHEAP_SHOES = product(1, 9000), product(2, 500), product(3, 5000)
PRODUCTS = catalogue(SHOES, LACES, CHEAP_SHOES)


def shown_at(trigger: Trigger, *, seconds_ago: float = 1, shopper=None, basket=None):
    return after_popup(
        shopper or ShopperState(), EPOCH - seconds_ago, trigger, basket or cart(line(SHOES))
    )


def test_a_cart_view_pop_up_does_not_start_the_cool_down_of_a_removal():
    shopper = shown_at(Trigger.CART_VIEW)

    assert is_held_back(shopper, EPOCH, LIMITS, Trigger.CART_VIEW)
    assert not is_held_back(shopper, EPOCH, LIMITS, Trigger.ITEM_REMOVED)
    assert not is_held_back(shopper, EPOCH, LIMITS, Trigger.CHECKOUT_START)


def test_a_pop_up_at_a_key_moment_starts_the_cool_down_of_every_moment():
    shopper = shown_at(Trigger.ITEM_REMOVED)

    assert is_held_back(shopper, EPOCH, LIMITS, Trigger.CHECKOUT_START)
    assert is_held_back(shopper, EPOCH, LIMITS, Trigger.ADD_TO_CART)


def test_browsing_moments_cannot_use_the_pop_up_reserved_for_key_moments():
    shopper = shown_at(Trigger.CART_VIEW, seconds_ago=500)
    shopper = shown_at(Trigger.ADD_TO_CART, seconds_ago=400, shopper=shopper)

    assert is_held_back(shopper, EPOCH, LIMITS, Trigger.ADD_TO_CART)
    assert not is_held_back(shopper, EPOCH, LIMITS, Trigger.ITEM_REMOVED)


def test_the_session_cap_still_bounds_the_total():
    shopper = ShopperState()
    for seconds_ago, trigger in (
        (900, Trigger.CART_VIEW),
        (800, Trigger.ADD_TO_CART),
        (700, Trigger.ITEM_REMOVED),
    ):
        shopper = shown_at(trigger, seconds_ago=seconds_ago, shopper=shopper)

    assert shopper.popups_shown == 3
    for trigger in Trigger:
        assert is_held_back(shopper, EPOCH, LIMITS, trigger)


def test_with_a_cap_of_one_the_pop_up_goes_to_the_first_moment():
    assert browsing_cap(Limits(max_popups=1)) == 1
    assert browsing_cap(Limits(max_popups=3, reserved_for_key_moments=1)) == 2
    assert browsing_cap(Limits(max_popups=0)) == 0


def test_silence_after_no_thanks_holds_back_key_moments_too():
    shopper = ShopperState(last_decline_at=EPOCH - 10)

    assert is_held_back(shopper, EPOCH, LIMITS, Trigger.ITEM_REMOVED)


def test_the_cart_fingerprint_ignores_line_order_but_not_quantities():
    a = cart(line(SHOES), line(LACES))
    b = cart(line(LACES, line_id="x"), line(SHOES, line_id="y"))

    assert cart_fingerprint(a) == cart_fingerprint(b)
    assert cart_fingerprint(a) != cart_fingerprint(cart(line(SHOES, 2), line(LACES)))


def _cart_view(shopper, *lines):
    offer = rule(1, Kind.CROSS_SELL, sources=[1], targets=[2], triggers=[Trigger.CART_VIEW])
    ctx = context(Trigger.CART_VIEW, *lines)
    return select_offer(index([offer], PRODUCTS), ctx, shopper, LIMITS)


def test_no_second_cart_view_pop_up_for_the_same_cart_contents():
    shopper = shown_at(Trigger.CART_VIEW, seconds_ago=600, basket=cart(line(SHOES)))

    assert _cart_view(shopper, line(SHOES)) is None


def test_a_cart_view_pop_up_may_show_again_once_the_cart_changed():
    shopper = shown_at(Trigger.CART_VIEW, seconds_ago=600, basket=cart(line(SHOES)))

    assert _cart_view(shopper, line(SHOES, 2)) is not None


def test_the_removal_downsell_shows_right_after_a_cart_view_pop_up():
    shopper = shown_at(Trigger.CART_VIEW, seconds_ago=5)
    downsell = rule(2, Kind.DOWNSELL, sources=[1], targets=[3], triggers=[Trigger.ITEM_REMOVED])
    ctx = context(Trigger.ITEM_REMOVED, product_id=SHOES.id)

    decision = select_offer(index([downsell], PRODUCTS), ctx, shopper, LIMITS)

    assert decision is not None
    assert [c.product.id for c in decision.choices] == [CHEAP_SHOES.id]
