"""Plain builders for the pure core's dataclasses: readable defaults, override what matters."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from upsell_app.selection.engine import OfferIndex
from upsell_app.selection.types import (
    CartLine,
    CartSnapshot,
    Context,
    Discount,
    DiscountType,
    Kind,
    OfferRule,
    ProductInfo,
    SubscriptionTerms,
    Trigger,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
EPOCH = 1_000_000.0


def product(
    id: int,
    price: int | str = 1000,
    *,
    stock: int | None = None,
    categories=(),
    family: str = "",
) -> ProductInfo:
    return ProductInfo(
        id=id,
        title=f"Product {id}",
        price=Decimal(price),
        stock=stock,
        categories=frozenset(categories),
        family=family,
    )


def catalogue(*products: ProductInfo) -> dict[int, ProductInfo]:
    return {p.id: p for p in products}


TERMS = SubscriptionTerms(
    interval_count=1,
    interval_unit="month",
    first_delivery="Ships with this order",
    payment_timing="Charged when each delivery ships",
    minimum_deliveries=0,
    cancellation="Cancel any time",
)


def rule(
    id: int = 1,
    kind: Kind = Kind.CROSS_SELL,
    *,
    sources: Iterable[int] = (),
    categories: Iterable[str] = (),
    targets: Iterable[int] = (),
    triggers: Iterable[Trigger] = (Trigger.ADD_TO_CART,),
    priority: int = 100,
    **fields,
) -> OfferRule:
    if kind is Kind.SUBSCRIPTION:
        fields.setdefault("subscription", TERMS)
    return OfferRule(
        id=id,
        kind=kind,
        name=f"Offer {id}",
        priority=priority,
        triggers=frozenset(triggers),
        source_product_ids=frozenset(sources),
        source_categories=frozenset(categories),
        target_product_ids=tuple(targets),
        **fields,
    )


def line(product: ProductInfo, quantity: int = 1, *, line_id: str | None = None, **kw) -> CartLine:
    return CartLine(
        line_id=line_id or f"L{product.id}",
        product_id=product.id,
        quantity=quantity,
        unit_price=product.price,
        **kw,
    )


def cart(*lines: CartLine) -> CartSnapshot:
    return CartSnapshot(
        lines=tuple(lines),
        subtotal=sum((ln.unit_price * ln.quantity for ln in lines), Decimal("0")),
    )


def context(
    trigger: Trigger = Trigger.ADD_TO_CART,
    *lines: CartLine,
    product_id: int | None = None,
    now: datetime = NOW,
    epoch: float = EPOCH,
) -> Context:
    return Context(trigger=trigger, cart=cart(*lines), now=now, epoch=epoch, product_id=product_id)


def index(rules: Iterable[OfferRule], products: dict[int, ProductInfo]) -> OfferIndex:
    return OfferIndex(list(rules), products, version="test")


def percent(value: int | str) -> Discount:
    return Discount(DiscountType.PERCENT, Decimal(value))


def fixed(value: int | str) -> Discount:
    return Discount(DiscountType.FIXED, Decimal(value))
