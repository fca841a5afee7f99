"""Whether a learned suggestion fits the cart: pure functions, no Django.

"Customers who bought this also bought" data knows what sells together, not what goes together: a
shopper with earbuds in the cart also looked at phones, and a phone is many times the earbuds'
price. A learned target is therefore shown only when it

- is not a *substitute* of a cart product: it shares neither its family (tiers of one product)
  nor, when configured, its category with anything in the cart, and two learned targets of one
  family are never offered together (they would be alternatives, not additions);
- stays in the cart's *price band*: it costs at most ``max_price_ratio`` times the dearest
  product in the cart.

Hand-picked targets are the admin's choice and never filtered here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .types import FitPolicy, ProductInfo

#: Product attributes that can make two products substitutes of each other.
SUBSTITUTE_KEYS = ("family", "category")


class Misfit(StrEnum):
    """Why a learned target is left out (shown next to each learned list in the admin)."""

    SAME_FAMILY = "same_family"
    SAME_CATEGORY = "same_category"
    PRICE_BAND = "price_band"


DEFAULT_FIT = FitPolicy()


@dataclass(frozen=True, slots=True)
class CartProfile:
    """What the fit rule needs of the cart, gathered once per decision."""

    families: frozenset[str]
    categories: frozenset[str]
    dearest: Decimal | None  # the highest unit price in the cart; None for an empty cart


def cart_profile(cart_products: Iterable[ProductInfo | None]) -> CartProfile:
    known = [p for p in cart_products if p is not None]
    return CartProfile(
        families=frozenset(p.family for p in known if p.family),
        categories=frozenset(c for p in known for c in p.categories),
        dearest=max((p.price for p in known), default=None),
    )


def misfit(
    target: ProductInfo, cart: CartProfile, policy: FitPolicy = DEFAULT_FIT
) -> Misfit | None:
    """Why ``target`` does not fit a cart like ``cart``, or ``None`` when it fits."""
    if "family" in policy.substitute_by and target.family and target.family in cart.families:
        return Misfit.SAME_FAMILY
    if "category" in policy.substitute_by and not cart.categories.isdisjoint(target.categories):
        return Misfit.SAME_CATEGORY
    if (
        policy.max_price_ratio is not None
        and cart.dearest is not None
        and cart.dearest > 0
        and target.price > cart.dearest * policy.max_price_ratio
    ):
        return Misfit.PRICE_BAND
    return None


def fitting(
    targets: Iterable[ProductInfo], cart: CartProfile, policy: FitPolicy = DEFAULT_FIT
) -> list[ProductInfo]:
    """``targets`` that fit the cart, in order; of several in one family only the first stays."""
    if policy.is_off:
        return list(targets)
    kept: list[ProductInfo] = []
    families: set[str] = set()
    by_family = "family" in policy.substitute_by
    for target in targets:
        if misfit(target, cart, policy) is not None:
            continue
        if by_family and target.family:
            if target.family in families:
                continue
            families.add(target.family)
        kept.append(target)
    return kept


def policy_from(substitute_by: Sequence[str] | None, max_price_ratio: object) -> FitPolicy:
    """The policy from ``UPSELL`` values (validated by the system checks)."""
    ratio = None if max_price_ratio is None else Decimal(str(max_price_ratio))
    return FitPolicy(frozenset(substitute_by or ()), ratio)
