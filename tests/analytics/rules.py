"""Plain selection data for the pure assignment tests (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from upsell_app.selection.engine import OfferIndex
from upsell_app.selection.types import (
    CartLine,
    CartSnapshot,
    Context,
    Kind,
    OfferRule,
    ProductInfo,
    Trigger,
    VariantRule,
)

CAMERA = ProductInfo(id=1, title="Camera", price=Decimal("50000"))
CARD = ProductInfo(id=2, title="Memory card", price=Decimal("3000"))
STRAP = ProductInfo(id=3, title="Strap", price=Decimal("2000"))
PRODUCTS = {p.id: p for p in (CAMERA, CARD, STRAP)}


def cross_sell(*variants: VariantRule, offer_id: int = 7) -> OfferRule:
    return OfferRule(
        id=offer_id,
        kind=Kind.CROSS_SELL,
        name="Card with camera",
        priority=100,
        triggers=frozenset({Trigger.ADD_TO_CART, Trigger.CART_VIEW}),
        source_product_ids=frozenset({CAMERA.id}),
        source_categories=frozenset(),
        target_product_ids=(CARD.id,),
        headline="Add a card",
        variants=variants,
    )


def index_of(rule: OfferRule) -> OfferIndex:
    return OfferIndex([rule], PRODUCTS)


def camera_in_cart(trigger: Trigger = Trigger.ADD_TO_CART) -> Context:
    line = CartLine(line_id="1", product_id=CAMERA.id, quantity=1, unit_price=CAMERA.price)
    return Context(
        trigger=trigger,
        cart=CartSnapshot(lines=(line,), subtotal=CAMERA.price),
        now=datetime(2026, 11, 1, tzinfo=UTC),
        epoch=1_700_000_000.0,
        product_id=CAMERA.id,
    )
