"""The spend-threshold nudge: pure functions, no Django.

A shop names amounts that earn the shopper something (free shipping at ¥5,000, a gift at
¥10,000). When the cart is a little below one of them, the cart page says how much is left
("Add ¥800 more for free shipping") and offers a few items that close the gap on their own.

What counts toward a threshold, and whether one is already reached, is the shop's word (its cart
adapter's ``threshold_state``): a coupon may grant free shipping below the amount, and
subscriptions or gift cards may not count. The app never computes shipping; it only compares the
shop's figure with the thresholds.

Items that close the gap come in two groups, in this order:

1. products learned to go with the cart (its association partners, best first), when one of them
   alone closes the gap: the relevant suggestion beats the merely cheap one;
2. then the cheapest products that close the gap, so the shopper spends no more than needed.

Never a product out of stock, already in the cart, or without a price above zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .types import ProductInfo


@dataclass(frozen=True, slots=True)
class Threshold:
    """One amount the shop names, as the nudge sees it."""

    id: int
    code: str  # the shop's name for what it earns ("free_shipping"), reported back when reached
    amount: Decimal
    show_within: Decimal  # the nudge shows when the cart is at most this much below ``amount``


@dataclass(frozen=True, slots=True)
class ThresholdState:
    """The cart as the shop counts it toward its thresholds (the cart adapter's answer).

    ``amount``: what counts toward the thresholds (for example the goods total after discounts).
    ``reached``: codes of the thresholds the shop already grants this cart, whatever ``amount``
    says (a free-shipping coupon, a member's perk); they are never nudged towards.
    """

    amount: Decimal
    reached: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Gap:
    """The threshold a cart is nudged towards and what is left to spend to reach it."""

    threshold: Threshold
    remaining: Decimal


@dataclass(frozen=True, slots=True)
class ClosingItem:
    """A product that closes the gap; ``because_of`` names the cart product it was learned from
    (None: suggested because it is among the cheapest that close the gap)."""

    product: ProductInfo
    because_of: int | None = None


def gap_to_next(thresholds: Iterable[Threshold], state: ThresholdState) -> Gap | None:
    """The nearest threshold above the cart, when the cart is within its nudge window.

    A threshold the shop reports as reached, or one the amount already meets, is skipped. Only the
    nearest one not yet reached is considered: a shopper ¥800 short of free shipping is told about
    free shipping, not about the gift further away.
    """
    for threshold in sorted(thresholds, key=lambda t: (t.amount, t.id)):
        if threshold.code in state.reached or state.amount >= threshold.amount:
            continue
        remaining = threshold.amount - state.amount
        if remaining <= threshold.show_within:
            return Gap(threshold, remaining)
        return None
    return None


def _can_offer(product: ProductInfo | None, in_cart: frozenset[int], remaining: Decimal) -> bool:
    return (
        product is not None
        and product.in_stock
        and product.id not in in_cart
        and product.price > 0
        and product.price >= remaining
    )


def closing_items(
    remaining: Decimal,
    products: Mapping[int, ProductInfo],
    in_cart: frozenset[int],
    partners: Sequence[tuple[int, int]] = (),
    limit: int = 3,
) -> tuple[ClosingItem, ...]:
    """Up to ``limit`` products each closing the gap of ``remaining`` on its own.

    ``partners`` are the cart's learned partners, best first, as ``(product id, cart product it
    goes with)``; ``products`` is the catalogue to fill from with the cheapest closers.
    """
    if limit <= 0:
        return ()
    chosen: list[ClosingItem] = []
    seen: set[int] = set()
    for product_id, because_of in partners:
        product = products.get(product_id)
        if product_id in seen or not _can_offer(product, in_cart, remaining):
            continue
        seen.add(product_id)
        chosen.append(ClosingItem(product, because_of))  # type: ignore[arg-type]
        if len(chosen) >= limit:
            return tuple(chosen)
    cheapest = sorted(
        (p for p in products.values() if p.id not in seen and _can_offer(p, in_cart, remaining)),
        key=lambda p: (p.price, str(p.id)),
    )
    chosen.extend(ClosingItem(p) for p in cheapest[: limit - len(chosen)])
    return tuple(chosen)
