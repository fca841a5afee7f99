"""Whether a learned suggestion fits the item it is shown with: pure functions, no Django.

"Customers who bought this also bought" data knows what sells together, not what goes together: a
shopper with earbuds in the cart also looked at phones, and a phone is many times the earbuds'
price. The pop-up says a learned suggestion "goes with" one cart product (its *item*), so the
suggestion is judged against that item. A learned target is shown only when

- the shop's history supports it: it is bought with its item more often than chance (the pair's
  lift is above ``min_lift``);
- it is not a *substitute*: it shares no family (tiers of one product) with a cart product, and
  two learned targets of one family are never offered together (they would be alternatives, not
  additions); whether a shared *category* makes it a substitute is the shop's choice
  (:class:`SubstituteRule`): two yogurts of different flavours share a category and are bought
  together, two laptops share one and are not;
- it stays in its item's *price band*: it costs at most ``max_price_ratio`` times the item.

A target whose item is unknown (the accept request re-checks a choice without its pair data) is
measured against the cart's dearest product and judged by category alone where the rule needs
data: never stricter than what was shown. Hand-picked targets are the admin's choice and never
filtered here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .types import FitPolicy, ProductInfo, SubstituteRule

#: Product attributes that can make two products substitutes of each other.
SUBSTITUTE_KEYS = ("family", "category")

#: Learned candidates ranked per pop-up place: the rule leaves some out, and the next ones take
#: their places so the pop-up still offers up to ``MAX_CHOICES``.
CANDIDATES_PER_CHOICE = 8


class Misfit(StrEnum):
    """Why a learned target is left out (shown next to each learned list in the admin)."""

    SAME_FAMILY = "same_family"
    SAME_CATEGORY = "same_category"
    RARELY_TOGETHER = "rarely_together"  # a substitute by the data: seldom in one basket with it
    UNSUPPORTED = "unsupported"  # not bought with its item more often than chance
    PRICE_BAND = "price_band"


DEFAULT_FIT = FitPolicy()


@dataclass(frozen=True, slots=True)
class CartProfile:
    """What the fit rule needs of the cart, gathered once per decision."""

    families: frozenset[str]
    categories: frozenset[str]
    dearest: Decimal | None  # the highest unit price in the cart; None for an empty cart


@dataclass(frozen=True, slots=True)
class Candidate:
    """A learned target with the item it is shown with and the pair's lift in the shop's history
    (``None``: not known, e.g. when an accept re-checks a choice)."""

    product: ProductInfo
    item: ProductInfo | None = None
    lift: float | None = None


def cart_profile(cart_products: Iterable[ProductInfo | None]) -> CartProfile:
    known = [p for p in cart_products if p is not None]
    return CartProfile(
        families=frozenset(p.family for p in known if p.family),
        categories=frozenset(c for p in known for c in p.categories),
        dearest=max((p.price for p in known), default=None),
    )


def price_reference(item: ProductInfo | None, cart: CartProfile) -> Decimal | None:
    """The price a learned target's band is measured against: its item's, else the cart's
    dearest (no item known: the widest band the pop-up could have used)."""
    if item is not None and item.price > 0:
        return item.price
    return cart.dearest


def is_substitute_by_data(lift: float | None, policy: FitPolicy) -> bool:
    """Seldom in one basket with its item relative to both products' popularity."""
    return (
        lift is not None and policy.substitute_lift is not None and lift < policy.substitute_lift
    )


def is_supported(lift: float | None, policy: FitPolicy) -> bool:
    """Bought with its item more often than chance (an unknown lift is not held against it)."""
    return lift is None or policy.min_lift is None or lift > policy.min_lift


def _substitute(
    target: ProductInfo,
    item: ProductInfo | None,
    cart: CartProfile,
    policy: FitPolicy,
    lift: float | None,
) -> Misfit | None:
    rule = policy.substitute_rule
    if rule is SubstituteRule.OFF:
        return None
    if "family" in policy.substitute_by and target.family and target.family in cart.families:
        return Misfit.SAME_FAMILY
    by_category = "category" in policy.substitute_by
    if rule is SubstituteRule.CATEGORY:
        if by_category and not cart.categories.isdisjoint(target.categories):
            return Misfit.SAME_CATEGORY
    elif rule is SubstituteRule.CATEGORY_AND_DATA:
        if (
            by_category
            and item is not None
            and not item.categories.isdisjoint(target.categories)
            and is_substitute_by_data(lift, policy)
        ):
            return Misfit.RARELY_TOGETHER
    elif rule is SubstituteRule.DATA and is_substitute_by_data(lift, policy):
        return Misfit.RARELY_TOGETHER
    return None


def misfit(
    target: ProductInfo,
    cart: CartProfile,
    policy: FitPolicy = DEFAULT_FIT,
    item: ProductInfo | None = None,
    lift: float | None = None,
) -> Misfit | None:
    """Why ``target``, shown with ``item`` in a cart like ``cart``, does not fit, or ``None``.

    ``lift`` is the pair's lift (item, target) in the shop's history.
    """
    if not is_supported(lift, policy):
        return Misfit.UNSUPPORTED
    reason = _substitute(target, item, cart, policy, lift)
    if reason is not None:
        return reason
    reference = price_reference(item, cart)
    if (
        policy.max_price_ratio is not None
        and reference is not None
        and reference > 0
        and target.price > reference * policy.max_price_ratio
    ):
        return Misfit.PRICE_BAND
    return None


def fitting(
    candidates: Iterable[Candidate], cart: CartProfile, policy: FitPolicy = DEFAULT_FIT
) -> list[Candidate]:
    """``candidates`` that fit, in order; of several in one family only the first stays.

    The caller passes more candidates than the pop-up shows and takes the first it needs, so the
    places of left-out ones are refilled by the next best.
    """
    if policy.is_off:
        return list(candidates)
    kept: list[Candidate] = []
    families: set[str] = set()
    by_family = (
        "family" in policy.substitute_by and policy.substitute_rule is not SubstituteRule.OFF
    )
    for candidate in candidates:
        target = candidate.product
        if misfit(target, cart, policy, candidate.item, candidate.lift) is not None:
            continue
        if by_family and target.family:
            if target.family in families:
                continue
            families.add(target.family)
        kept.append(candidate)
    return kept


def _ratio(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def policy_from(
    substitute_by: Sequence[str] | None,
    max_price_ratio: object,
    substitute_rule: str = SubstituteRule.CATEGORY_AND_DATA,
    substitute_lift: object = None,
    min_lift: object = None,
) -> FitPolicy:
    """The policy from ``UPSELL`` values (validated by the system checks)."""
    return FitPolicy(
        frozenset(substitute_by or ()),
        _ratio(max_price_ratio),
        SubstituteRule(substitute_rule),
        None if substitute_lift is None else float(substitute_lift),  # type: ignore[arg-type]
        None if min_lift is None else float(min_lift),  # type: ignore[arg-type]
    )
