"""Nothing is offered for nothing: a discount that takes the whole price, or a price of zero or
below read from the catalogue, leaves that product out of the decision (learned targets too,
whose prices the admin never saw)."""

from __future__ import annotations

from decimal import Decimal

from upsell_app.selection.engine import select_offer
from upsell_app.selection.types import Kind, Limits, ShopperState, TargetSource, Trigger

from .builders import catalogue, context, fixed, index, line, percent, product, rule


def _decide(rules, products, ctx, learned=()):
    return select_offer(index(rules, products), ctx, ShopperState(), Limits(), learned)


def _ids(decision):
    return [c.product.id for c in decision.choices] if decision else []


def test_learned_target_cheaper_than_a_fixed_discount_is_left_out():
    laptop, cable, sleeve = product(1, 150000), product(2, 800), product(3, 3000)
    offer = rule(sources=[1], target_source=TargetSource.LEARNED, discount=fixed(1000))

    decision = _decide(
        [offer], catalogue(laptop, cable, sleeve), context(Trigger.ADD_TO_CART, line(laptop),
        product_id=1), learned=[(2, 1), (3, 1)],
    )  # fmt: skip

    assert _ids(decision) == [3]


def test_learned_cross_sell_whose_every_target_would_be_free_is_not_shown():
    laptop, cable = product(1, 150000), product(2, 1000)
    offer = rule(sources=[1], target_source=TargetSource.LEARNED, discount=fixed(1000))

    decision = _decide(
        [offer], catalogue(laptop, cable), context(Trigger.ADD_TO_CART, line(laptop),
        product_id=1), learned=[(2, 1)],
    )  # fmt: skip

    assert decision is None


def test_upsell_target_whose_price_fell_below_the_fixed_discount_is_not_offered():
    phone, pro = product(1, 1000), product(2, 1500)
    offer = rule(
        kind=Kind.UPSELL, sources=[1], targets=[2], discount=fixed(1500),
        triggers=[Trigger.CART_VIEW],
    )  # fmt: skip

    decision = _decide([offer], catalogue(phone, pro), context(Trigger.CART_VIEW, line(phone)))

    assert decision is None


def test_target_with_a_negative_or_zero_price_is_never_offered():
    camera, broken, free = product(1, 50000), product(2, -100), product(3, 0)
    offer = rule(sources=[1], targets=[2, 3])

    decision = _decide(
        [offer], catalogue(camera, broken, free), context(Trigger.ADD_TO_CART, line(camera),
        product_id=1),
    )  # fmt: skip

    assert decision is None


def test_set_whose_percent_discount_would_make_its_items_free_is_not_shown():
    camera, card = product(1, 50000), product(2, 3000)
    offer = rule(
        kind=Kind.BUNDLE, sources=[1], targets=[2], discount=percent(10),
        triggers=[Trigger.CART_VIEW],
    )  # fmt: skip

    decision = _decide(
        [offer], catalogue(camera, card), context(Trigger.CART_VIEW, line(camera))
    )

    assert decision is None


def test_set_whose_discount_leaves_its_items_a_price_is_shown():
    camera, card = product(1, 50000), product(2, 3000)
    offer = rule(
        kind=Kind.BUNDLE, sources=[1], targets=[2], discount=percent(5),
        triggers=[Trigger.CART_VIEW],
    )  # fmt: skip

    decision = _decide(
        [offer], catalogue(camera, card), context(Trigger.CART_VIEW, line(camera))
    )

    assert _ids(decision) == [2]


def test_upsell_target_priced_above_the_fixed_discount_is_offered():
    phone, pro = product(1, 1000), product(2, 1500)
    offer = rule(
        kind=Kind.UPSELL, sources=[1], targets=[2], discount=fixed(400),
        triggers=[Trigger.CART_VIEW],
    )  # fmt: skip

    decision = _decide([offer], catalogue(phone, pro), context(Trigger.CART_VIEW, line(phone)))

    assert _ids(decision) == [2]


def test_a_discount_that_rounds_the_price_to_nothing_is_not_offered():
    """99.99 % of ¥2,480 is ¥2,479.75 off: ¥0 once rounded to whole yen."""
    camera, card = product(1, 50000), product(2, 2480)
    offer = rule(sources=[1], targets=[2], discount=percent("99.99"))

    decision = _decide(
        [offer], catalogue(camera, card), context(Trigger.ADD_TO_CART, line(camera),
        product_id=1),
    )  # fmt: skip

    assert decision is None


def test_a_target_the_discount_leaves_below_the_configured_minimum_is_not_offered():
    camera, card, bag = product(1, 50000), product(2, 3000), product(3, 6000)
    offer = rule(sources=[1], targets=[2, 3], discount=fixed(2600))
    limits = Limits(price_floor=Decimal("500"))

    decision = select_offer(
        index([offer], catalogue(camera, card, bag)),
        context(Trigger.ADD_TO_CART, line(camera), product_id=1), ShopperState(), limits,
    )  # fmt: skip

    assert _ids(decision) == [3]  # the card would sell for 400


def test_a_set_must_leave_each_of_its_items_the_minimum():
    camera, card, bag = product(1, 50000), product(2, 3000), product(3, 2000)
    offer = rule(
        kind=Kind.BUNDLE, sources=[1], targets=[2, 3], discount=fixed(3500),
        triggers=[Trigger.CART_VIEW],
    )  # fmt: skip

    def decide(floor):
        return select_offer(
            index([offer], catalogue(camera, card, bag)), context(Trigger.CART_VIEW, line(camera)),
            ShopperState(), Limits(price_floor=Decimal(floor)),
        )  # fmt: skip

    assert _ids(decide("750")) == [2, 3]  # 1,500 left for two items
    assert decide("751") is None
