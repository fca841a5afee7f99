"""One shop scenario per kind of offer, built with the shared factories."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.factories import OfferFactory, ProductFactory, SubscriptionOfferFactory


@dataclass
class Scenario:
    offer: Any
    source: Any
    targets: list[Any]


def cross_sell(**offer_kwargs: Any) -> Scenario:
    camera = ProductFactory(name="Camera", price=Decimal("50000"))
    card = ProductFactory(name="Memory card", price=Decimal("3000"))
    offer = OfferFactory(
        **(
            dict(
                kind="cross_sell",
                triggers=["add_to_cart"],
                headline="Add a {product} to your {source}",
                value_message="Only {price}",
                sources=[camera],
                targets=[card],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, camera, [card])


def multi_pick(**offer_kwargs: Any) -> Scenario:
    """A phone with three accessories to tick: any of them, together."""
    phone = ProductFactory(name="Phone", price=Decimal("89800"))
    case = ProductFactory(name="Clear case", price=Decimal("2980"))
    glass = ProductFactory(name="Screen protector", price=Decimal("1980"))
    charger = ProductFactory(name="Charger", price=Decimal("3980"))
    offer = OfferFactory(
        **(
            dict(
                kind="cross_sell",
                triggers=["cart_view"],
                headline="Complete your {source}",
                value_message="{product} for {price}",
                sources=[phone],
                targets=[case, glass, charger],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, phone, [case, glass, charger])


def upsell(**offer_kwargs: Any) -> Scenario:
    phone = ProductFactory(name="Phone 16", price=Decimal("100000"))
    pro = ProductFactory(name="Phone 16 Pro", price=Decimal("130000"))
    offer = OfferFactory(
        **(
            dict(
                kind="upsell",
                triggers=["cart_view"],
                headline="Upgrade to {product}",
                value_message="Only {difference} more than {source}",
                sources=[phone],
                targets=[pro],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, phone, [pro])


def bundle(**offer_kwargs: Any) -> Scenario:
    laptop = ProductFactory(name="Laptop", price=Decimal("150000"))
    mouse = ProductFactory(name="Mouse", price=Decimal("4000"))
    bag = ProductFactory(name="Laptop bag", price=Decimal("6000"))
    offer = OfferFactory(
        **(
            dict(
                kind="bundle",
                triggers=["checkout_start"],
                discount_type="percent",
                discount_value=Decimal("5"),
                headline="The complete set: {product}",
                value_message="Save {saving} on the set",
                sources=[laptop],
                targets=[mouse, bag],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, laptop, [mouse, bag])


def downsell_after_removal(**offer_kwargs: Any) -> Scenario:
    pro = ProductFactory(name="Phone 16 Pro", price=Decimal("130000"))
    phone = ProductFactory(name="Phone 16", price=Decimal("100000"))
    offer = OfferFactory(
        **(
            dict(
                kind="downsell",
                triggers=["item_removed", "checkout_start"],
                headline="{product} instead?",
                value_message="{difference} less than {source}",
                sources=[pro],
                targets=[phone],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, pro, [phone])


def subscription(**offer_kwargs: Any) -> Scenario:
    coffee = ProductFactory(name="Coffee beans", price=Decimal("1500"))
    offer = SubscriptionOfferFactory(sources=[coffee], **offer_kwargs)
    return Scenario(offer, coffee, [])


def thank_you_cross_sell(**offer_kwargs: Any) -> Scenario:
    """A cart-wide cross-sell after the order: no source, the next purchase."""
    refill = ProductFactory(name="Refill pack", price=Decimal("800"))
    offer = OfferFactory(
        **(
            dict(
                kind="cross_sell",
                triggers=["order_completed"],
                headline="Next time: {product}",
                value_message="{price}",
                targets=[refill],
            )
            | offer_kwargs
        )
    )
    return Scenario(offer, None, [refill])
