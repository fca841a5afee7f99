"""The catalogue the cart-invariant machines of the shops on the demo's product model share:
one offer of every kind, each with a discount (see :mod:`tests.cart_invariant`)."""

from __future__ import annotations

from decimal import Decimal

from shop_demo.shop.models import Product
from tests.cart_invariant import line_discount
from tests.factories import OfferFactory, ProductFactory, SubscriptionOfferFactory


def catalogue() -> list[int]:
    """One offer of every kind, and the products a shopper adds by hand."""

    def product(name: str, price: int) -> Product:
        return ProductFactory(name=name, price=Decimal(price), stock=10**6)

    phone, pro, lite = (
        product("Phone", 100000),
        product("Phone Pro", 130000),
        product("Lite", 80000),
    )
    camera, card, strap = product("Camera", 50000), product("Card", 3000), product("Strap", 2000)
    laptop, mouse, bag = product("Laptop", 150000), product("Mouse", 4000), product("Bag", 6000)
    coffee, refill = product("Coffee", 1500), product("Refill", 800)
    texts = {"headline": "{product}", "value_message": "{price}"}
    OfferFactory(
        kind="upsell",
        triggers=["add_to_cart", "cart_view"],
        sources=[phone],
        targets=[pro],
        **line_discount("fixed", "5000"),
        **texts,
    )
    OfferFactory(
        kind="downsell",
        triggers=["item_removed"],
        sources=[pro],
        targets=[lite],
        **line_discount("fixed", "3000"),
        **texts,
    )
    OfferFactory(
        kind="cross_sell",
        triggers=["add_to_cart", "cart_view"],
        sources=[camera],
        targets=[card, strap],
        **line_discount("fixed", "500"),
        **texts,
    )
    OfferFactory(
        kind="bundle",
        triggers=["checkout_start"],
        sources=[laptop],
        targets=[mouse, bag],
        discount_type="percent",
        discount_value=Decimal("5"),
        **texts,
    )
    SubscriptionOfferFactory(sources=[coffee], **line_discount("percent", "10"))
    OfferFactory(
        kind="cross_sell",
        triggers=["order_completed"],
        targets=[refill],
        **line_discount("fixed", "80"),
        **texts,
    )
    return [p.pk for p in (phone, pro, lite, camera, card, laptop, mouse, coffee, refill)]
