"""Each kind of offer chooses the right products, and never ones the shopper cannot buy."""

from __future__ import annotations

from upsell_app.selection.engine import select_offer
from upsell_app.selection.types import (
    Kind,
    Limits,
    ShopperState,
    TargetSource,
    Trigger,
)

from .builders import catalogue, context, index, line, product, rule

FRESH = ShopperState()
DEFAULT_LIMITS = Limits()


def _decide(rules, products, ctx, limits=DEFAULT_LIMITS, learned=()):
    return select_offer(index(rules, products), ctx, FRESH, limits, learned)


def _ids(decision):
    return [c.product.id for c in decision.choices]


# -- upsell -------------------------------------------------------------------------------------
def test_upsell_offers_dearer_targets_for_the_cart_line():
    phone, pro = product(1, 1000), product(2, 1500)
    phone_line = line(phone)

    decision = _decide(
        [rule(kind=Kind.UPSELL, sources=[1], targets=[2])],
        catalogue(phone, pro),
        context(Trigger.ADD_TO_CART, phone_line, product_id=1),
    )

    assert _ids(decision) == [2]
    assert decision.choices[0].source_line == phone_line
    assert decision.choices[0].source_product == phone


def test_upsell_skips_targets_that_are_not_dearer_than_the_source():
    phone, cheaper, same, dearer = (
        product(1, 1000),
        product(2, 900),
        product(3, 1000),
        product(4, 2000),
    )

    decision = _decide(
        [rule(kind=Kind.UPSELL, sources=[1], targets=[2, 3, 4])],
        catalogue(phone, cheaper, same, dearer),
        context(Trigger.ADD_TO_CART, line(phone), product_id=1),
    )

    assert _ids(decision) == [4]


def test_upsell_acts_on_the_line_just_added_when_several_lines_match():
    small_a, small_b, big = product(1, 1000), product(2, 1100), product(3, 3000)

    decision = _decide(
        [rule(kind=Kind.UPSELL, sources=[1, 2], targets=[3])],
        catalogue(small_a, small_b, big),
        context(Trigger.ADD_TO_CART, line(small_a), line(small_b), product_id=2),
    )

    assert decision.choices[0].source_line.product_id == 2


def test_upsell_without_its_source_in_the_cart_shows_nothing():
    decision = _decide(
        [rule(kind=Kind.UPSELL, sources=[1], targets=[2], triggers=[Trigger.CART_VIEW])],
        catalogue(product(1, 1000), product(2, 2000), product(3)),
        context(Trigger.CART_VIEW, line(product(3))),
    )

    assert decision is None


# -- cross-sell ---------------------------------------------------------------------------------
def test_cross_sell_offers_its_targets_with_the_product_they_go_with():
    camera, card, strap = product(1, 30000), product(2, 3000), product(3, 2000)

    decision = _decide(
        [rule(sources=[1], targets=[2, 3])],
        catalogue(camera, card, strap),
        context(Trigger.ADD_TO_CART, line(camera), product_id=1),
    )

    assert _ids(decision) == [2, 3]
    assert all(c.source_product == camera and c.source_line is None for c in decision.choices)


def test_cross_sell_never_offers_a_product_already_in_the_cart():
    camera, card, strap = product(1), product(2), product(3)

    decision = _decide(
        [rule(sources=[1], targets=[2, 3])],
        catalogue(camera, card, strap),
        context(Trigger.ADD_TO_CART, line(camera), line(card), product_id=1),
    )

    assert _ids(decision) == [3]


def test_cross_sell_never_offers_a_product_out_of_stock():
    camera, card, strap = product(1), product(2, stock=0), product(3, stock=4)

    decision = _decide(
        [rule(sources=[1], targets=[2, 3])],
        catalogue(camera, card, strap),
        context(Trigger.ADD_TO_CART, line(camera), product_id=1),
    )

    assert _ids(decision) == [3]


def test_cross_sell_whose_targets_are_all_unavailable_shows_nothing():
    camera, card = product(1), product(2, stock=0)

    decision = _decide(
        [rule(sources=[1], targets=[2, 99])],  # 99: not in the catalogue any more
        catalogue(camera, card),
        context(Trigger.ADD_TO_CART, line(camera), product_id=1),
    )

    assert decision is None


def test_cross_sell_shows_at_most_max_choices():
    products = [product(i) for i in range(1, 8)]

    decision = _decide(
        [rule(sources=[1], targets=[2, 3, 4, 5, 6, 7])],
        catalogue(*products),
        context(Trigger.ADD_TO_CART, line(products[0]), product_id=1),
        limits=Limits(max_choices=2),
    )

    assert _ids(decision) == [2, 3]


# -- bundle -------------------------------------------------------------------------------------
def test_bundle_offers_every_target_of_the_package():
    laptop, mouse, sleeve = product(1, 150000), product(2, 4000), product(3, 3000)

    decision = _decide(
        [rule(kind=Kind.BUNDLE, sources=[1], targets=[2, 3])],
        catalogue(laptop, mouse, sleeve),
        context(Trigger.ADD_TO_CART, line(laptop), product_id=1),
    )

    assert _ids(decision) == [2, 3]


def test_bundle_is_offered_whole_even_beyond_max_choices():
    products = [product(i) for i in range(1, 6)]

    decision = _decide(
        [rule(kind=Kind.BUNDLE, sources=[1], targets=[2, 3, 4, 5])],
        catalogue(*products),
        context(Trigger.ADD_TO_CART, line(products[0]), product_id=1),
        limits=Limits(max_choices=2),
    )

    assert _ids(decision) == [2, 3, 4, 5]


def test_bundle_with_one_part_out_of_stock_is_not_offered():
    laptop, mouse, sleeve = product(1), product(2), product(3, stock=0)

    decision = _decide(
        [rule(kind=Kind.BUNDLE, sources=[1], targets=[2, 3])],
        catalogue(laptop, mouse, sleeve),
        context(Trigger.ADD_TO_CART, line(laptop), product_id=1),
    )

    assert decision is None


def test_bundle_with_one_part_already_in_the_cart_is_not_offered():
    laptop, mouse, sleeve = product(1), product(2), product(3)

    decision = _decide(
        [rule(kind=Kind.BUNDLE, sources=[1], targets=[2, 3])],
        catalogue(laptop, mouse, sleeve),
        context(Trigger.ADD_TO_CART, line(laptop), line(mouse), product_id=1),
    )

    assert decision is None


# -- subscription -------------------------------------------------------------------------------
def test_subscription_offers_to_convert_the_one_time_line():
    coffee = product(1, 1500)
    coffee_line = line(coffee, 2)

    decision = _decide(
        [rule(kind=Kind.SUBSCRIPTION, sources=[1], triggers=[Trigger.CART_VIEW])],
        catalogue(coffee),
        context(Trigger.CART_VIEW, coffee_line),
    )

    (choice,) = decision.choices
    assert choice.product == coffee and choice.source_line == coffee_line


def test_subscription_is_not_offered_for_a_line_already_on_subscription():
    coffee = product(1, 1500)

    decision = _decide(
        [rule(kind=Kind.SUBSCRIPTION, sources=[1], triggers=[Trigger.CART_VIEW])],
        catalogue(coffee),
        context(Trigger.CART_VIEW, line(coffee, is_subscription=True)),
    )

    assert decision is None


# -- downsell -----------------------------------------------------------------------------------
def test_downsell_at_checkout_offers_cheaper_targets_for_the_line():
    large, small, same = product(1, 3000), product(2, 1000), product(3, 3000)

    decision = _decide(
        [rule(kind=Kind.DOWNSELL, sources=[1], targets=[2, 3], triggers=[Trigger.CHECKOUT_START])],
        catalogue(large, small, same),
        context(Trigger.CHECKOUT_START, line(large)),
    )

    assert _ids(decision) == [2]
    assert decision.choices[0].source_line.product_id == 1


def test_downsell_on_item_removed_offers_a_cheaper_product_than_the_one_removed():
    large, small, dearer = product(1, 3000), product(2, 1000), product(3, 5000)

    decision = _decide(
        [rule(kind=Kind.DOWNSELL, sources=[1], targets=[2, 3], triggers=[Trigger.ITEM_REMOVED])],
        catalogue(large, small, dearer),
        context(Trigger.ITEM_REMOVED, product_id=1),
    )

    (choice,) = decision.choices
    assert choice.product == small
    assert choice.source_product == large and choice.source_line is None


def test_item_removed_anchors_on_the_removed_product_not_the_rest_of_the_cart():
    removed, other, cheaper_removed, cheaper_other = (
        product(1, 3000),
        product(2, 3000),
        product(3, 1000),
        product(4, 1000),
    )
    rules = [
        rule(
            1,
            Kind.DOWNSELL,
            sources=[2],
            targets=[4],
            triggers=[Trigger.ITEM_REMOVED],
            priority=500,
        ),
        rule(2, Kind.DOWNSELL, sources=[1], targets=[3], triggers=[Trigger.ITEM_REMOVED]),
    ]

    decision = _decide(
        rules,
        catalogue(removed, other, cheaper_removed, cheaper_other),
        context(Trigger.ITEM_REMOVED, line(other), product_id=1),
    )

    assert decision.rule.id == 2
    assert _ids(decision) == [3]


def test_downsell_on_item_removed_never_offers_the_removed_product_back():
    large = product(1, 3000)

    decision = _decide(
        [
            rule(
                kind=Kind.DOWNSELL,
                categories=["plans"],
                targets=[1],
                triggers=[Trigger.ITEM_REMOVED],
            )
        ],
        catalogue(product(1, 3000, categories=["plans"])),
        context(Trigger.ITEM_REMOVED, product_id=large.id),
    )

    assert decision is None


# -- learned targets ----------------------------------------------------------------------------
def test_learned_cross_sell_offers_the_learned_products_with_their_reason():
    bread, butter, jam = product(1), product(2), product(3)

    decision = _decide(
        [rule(sources=[1], target_source=TargetSource.LEARNED)],
        catalogue(bread, butter, jam),
        context(Trigger.ADD_TO_CART, line(bread), product_id=1),
        learned=[(2, 1), (3, 1)],
    )

    assert _ids(decision) == [2, 3]
    assert [c.because_of for c in decision.choices] == [1, 1]


def test_learned_cross_sell_skips_learned_products_in_cart_or_out_of_stock():
    bread, butter, jam, honey = product(1), product(2), product(3, stock=0), product(4)

    decision = _decide(
        [rule(sources=[1], target_source=TargetSource.LEARNED)],
        catalogue(bread, butter, jam, honey),
        context(Trigger.ADD_TO_CART, line(bread), line(butter), product_id=1),
        learned=[(2, 1), (3, 1), (4, 1)],
    )

    assert _ids(decision) == [4]


def test_learned_rule_ignores_its_hand_picked_targets():
    bread, butter, jam = product(1), product(2), product(3)

    decision = _decide(
        [rule(sources=[1], targets=[2], target_source=TargetSource.LEARNED)],
        catalogue(bread, butter, jam),
        context(Trigger.ADD_TO_CART, line(bread), product_id=1),
        learned=[(3, 1)],
    )

    assert _ids(decision) == [3]


def test_blend_rule_offers_hand_picked_targets_first_then_learned_ones():
    bread, butter, jam, honey = product(1), product(2), product(3), product(4)

    decision = _decide(
        [rule(sources=[1], targets=[2], target_source=TargetSource.BLEND)],
        catalogue(bread, butter, jam, honey),
        context(Trigger.ADD_TO_CART, line(bread), product_id=1),
        learned=[(3, 1), (2, 1), (4, 1)],
    )

    assert _ids(decision) == [2, 3, 4]


def test_learned_rule_without_recommendations_shows_nothing():
    bread = product(1)

    decision = _decide(
        [rule(sources=[1], target_source=TargetSource.LEARNED)],
        catalogue(bread),
        context(Trigger.ADD_TO_CART, line(bread), product_id=1),
    )

    assert decision is None


def test_manual_rule_ignores_learned_recommendations():
    bread, butter, jam = product(1), product(2), product(3)

    decision = _decide(
        [rule(sources=[1], targets=[2])],
        catalogue(bread, butter, jam),
        context(Trigger.ADD_TO_CART, line(bread), product_id=1),
        learned=[(3, 1)],
    )

    assert _ids(decision) == [2]
