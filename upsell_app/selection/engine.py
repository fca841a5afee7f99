"""The decision: which offer, if any, and which choices it shows.

``select_offer`` is the hot path of every cart page. It works on an :class:`OfferIndex` built once
per offer-set version and on snapshots gathered by the caller, so it runs no query and is cheap
enough to call on every request (see ``make bench``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from . import timing
from .audiences import matches
from .fit import Candidate, CartProfile, cart_profile, fitting
from .pricing import discount_amount, discount_meets_floor, round_money
from .types import (
    CartLine,
    CartSnapshot,
    Choice,
    Context,
    Decision,
    FitPolicy,
    Kind,
    Limits,
    OfferRule,
    ProductInfo,
    ShopperState,
    TargetSource,
    Trigger,
)

# Specificity of the match between an offer and the cart: a rule about this very product beats a
# rule about its category, which beats a rule about any cart.
_PRODUCT, _CATEGORY, _CART = 0, 1, 2

DEFAULT_LIMITS = Limits()


class Learned(NamedTuple):
    """A learned recommendation as the caller passes it (a plain ``(product id, item)`` pair
    works too: the lift is then unknown)."""

    product_id: int
    because_of: int  # the cart product it goes with (its item)
    lift: float | None = None  # the pair's lift in the shop's history


def _lift(entry: Sequence) -> float | None:
    return entry[2] if len(entry) > 2 else None


class OfferIndex:
    """Active offers keyed for lookup by (trigger, product) and (trigger, category)."""

    __slots__ = (
        "version",
        "rules",
        "products",
        "_by_product",
        "_by_category",
        "_cart_wide",
        "_learned_triggers",
    )

    def __init__(
        self,
        rules: Iterable[OfferRule],
        products: Mapping[int, ProductInfo],
        version: object = None,
    ) -> None:
        self.version = version
        self.rules: dict[int, OfferRule] = {}
        self.products: Mapping[int, ProductInfo] = products
        self._by_product: dict[tuple[Trigger, int], list[OfferRule]] = {}
        self._by_category: dict[tuple[Trigger, str], list[OfferRule]] = {}
        self._cart_wide: dict[Trigger, list[OfferRule]] = {}
        # Moments with an offer that learns its targets: only those read the association cache.
        self._learned_triggers: frozenset[Trigger] = frozenset()
        for rule in rules:
            self.rules[rule.id] = rule
            for trigger in rule.triggers:
                if rule.is_cart_wide:
                    self._cart_wide.setdefault(trigger, []).append(rule)
                for product_id in rule.source_product_ids:
                    self._by_product.setdefault((trigger, product_id), []).append(rule)
                for category in rule.source_categories:
                    self._by_category.setdefault((trigger, category), []).append(rule)
        self._learned_triggers = frozenset(
            trigger
            for rule in self.rules.values()
            if rule.target_source is not TargetSource.MANUAL
            for trigger in rule.triggers
        )

    def __len__(self) -> int:
        return len(self.rules)

    def uses_learned_targets(self, trigger: Trigger) -> bool:
        return trigger in self._learned_triggers

    def candidates(self, trigger: Trigger, anchors: Sequence[int]) -> list[tuple[OfferRule, int]]:
        """Rules that may apply, best first, each with the anchor product it matched (or -1)."""
        found: dict[int, tuple[tuple[int, int, int, int], OfferRule, int]] = {}

        def consider(rule: OfferRule, specificity: int, position: int, anchor: int) -> None:
            key = (-rule.priority, specificity, position, rule.id)
            if rule.id not in found or key < found[rule.id][0]:
                found[rule.id] = (key, rule, anchor)

        for position, product_id in enumerate(anchors):
            for rule in self._by_product.get((trigger, product_id), ()):
                consider(rule, _PRODUCT, position, product_id)
            product = self.products.get(product_id)
            if product is not None:
                for category in product.categories:
                    for rule in self._by_category.get((trigger, category), ()):
                        consider(rule, _CATEGORY, position, product_id)
        for rule in self._cart_wide.get(trigger, ()):
            consider(rule, _CART, len(anchors), -1)
        return [(rule, anchor) for _, rule, anchor in sorted(found.values(), key=lambda f: f[0])]


def is_held_back(
    shopper: ShopperState, epoch: float, limits: Limits, trigger: Trigger | None = None
) -> bool:
    """Restraint before relevance: caps, cool-down and silence after a "No thanks"."""
    return timing.is_held_back(shopper, epoch, limits, trigger)


def anchor_products(context: Context) -> list[int]:
    """Products the moment is about, most relevant first."""
    anchors: list[int] = []
    if context.product_id is not None:
        anchors.append(context.product_id)
    if context.trigger is not Trigger.ITEM_REMOVED or not anchors:
        anchors.extend(
            line.product_id for line in context.cart.lines if line.product_id not in anchors
        )
    return anchors


def select_offer(
    index: OfferIndex,
    context: Context,
    shopper: ShopperState,
    limits: Limits = DEFAULT_LIMITS,
    learned: Sequence[Learned] = (),
) -> Decision | None:
    """The one offer to show for this moment, or ``None`` when silence serves the shopper better."""
    if is_held_back(shopper, context.epoch, limits, context.trigger):
        return None
    cart = context.cart
    if timing.cart_already_seen(shopper, context.trigger, cart):
        return None
    for rule, anchor in index.candidates(context.trigger, anchor_products(context)):
        if rule.id in shopper.declined_offer_ids or not rule.is_live(context.now):
            continue
        if context.placement is not None and rule.placement is not context.placement:
            continue
        if not _subtotal_fits(rule, cart) or not matches(rule.audience, context.facts):
            continue
        choices = _choices_for(rule, anchor, context, index.products, limits, learned)
        if choices:
            return Decision(rule=rule, choices=choices)
    return None


def _subtotal_fits(rule: OfferRule, cart: CartSnapshot) -> bool:
    if rule.min_subtotal is not None and cart.subtotal < rule.min_subtotal:
        return False
    return rule.max_subtotal is None or cart.subtotal <= rule.max_subtotal


def _matches_source(rule: OfferRule, product: ProductInfo | None, product_id: int) -> bool:
    if product_id in rule.source_product_ids:
        return True
    return product is not None and not rule.source_categories.isdisjoint(product.categories)


def is_offerable(product: ProductInfo | None, in_cart: frozenset[int]) -> bool:
    """In stock, not in the cart already, and with a real price."""
    return _offerable(product, in_cart)


def _offerable(product: ProductInfo | None, in_cart: frozenset[int]) -> bool:
    # A price of zero or below is a catalogue mistake, never something to offer.
    return (
        product is not None
        and product.in_stock
        and product.id not in in_cart
        and product.price > 0
    )


def _leaves_a_price(rule: OfferRule, product: ProductInfo, limits: Limits) -> bool:
    """The offer's discount leaves ``product`` at least the price floor once rounded (learned
    targets are not known when the admin saves the offer, and prices change after it)."""
    return discount_meets_floor(
        product.price, rule.discount, limits.price_floor, limits.decimal_places
    )


def _bundle_leaves_a_price(
    rule: OfferRule, source: ProductInfo | None, items: Sequence[ProductInfo], limits: Limits
) -> bool:
    """The set's discount (capped at what the set adds) must leave its items at least the price
    floor each, once rounded."""
    places = limits.decimal_places
    added = sum((round_money(p.price, places) for p in items), Decimal("0"))
    anchor = round_money(source.price, places) if source is not None else Decimal("0")
    off = min(discount_amount(added + anchor, rule.discount, places), added)
    return added - off >= limits.price_floor * max(len(items), 1)


def _choices_for(
    rule: OfferRule,
    anchor: int,
    context: Context,
    products: Mapping[int, ProductInfo],
    limits: Limits,
    learned: Sequence[Learned],
) -> tuple[Choice, ...]:
    in_cart = context.cart.product_ids
    if rule.kind in (Kind.UPSELL, Kind.SUBSCRIPTION) or (
        rule.kind is Kind.DOWNSELL and context.trigger is not Trigger.ITEM_REMOVED
    ):
        return _line_choices(rule, anchor, context.cart.lines, products, in_cart, limits)
    if rule.kind is Kind.DOWNSELL:
        removed = products.get(anchor)
        if removed is None or not _matches_source(rule, removed, anchor):
            return ()
        return tuple(
            Choice(product=p, source_product=removed)
            for p in _targets(rule, products, in_cart | {anchor}, learned, limits=limits)
            if p.price < removed.price
        )[: limits.max_choices]
    source = products.get(anchor)
    profile = None
    if learned and rule.target_source is not TargetSource.MANUAL:
        profile = cart_profile(products.get(product_id) for product_id in in_cart)
    targets = list(_targets(rule, products, in_cart, learned, profile, limits.fit, limits))
    if rule.kind is Kind.BUNDLE and rule.target_source is TargetSource.MANUAL:
        # A bundle is a package: it is offered whole or not at all, whatever MAX_CHOICES says
        # (its items are not alternatives to pick from, and the package price covers them all).
        if len(targets) != len(rule.target_product_ids):
            return ()
        if not _bundle_leaves_a_price(rule, source, targets, limits):
            return ()
        return tuple(Choice(product=p, source_product=source) for p in targets)
    if rule.kind is Kind.BUNDLE and not _bundle_leaves_a_price(
        rule, source, targets[: limits.max_choices], limits
    ):
        return ()
    learned_reason = {entry[0]: entry[1] for entry in learned}
    return tuple(
        Choice(product=p, source_product=source, because_of=learned_reason.get(p.id))
        for p in targets[: limits.max_choices]
    )


def _line_choices(
    rule: OfferRule,
    anchor: int,
    lines: Sequence[CartLine],
    products: Mapping[int, ProductInfo],
    in_cart: frozenset[int],
    limits: Limits,
) -> tuple[Choice, ...]:
    """Upsell, downsell and subscription act on a cart line that matches the offer's sources."""
    max_choices = limits.max_choices
    choices: list[Choice] = []
    # The line of the product the moment is about (just added) comes first.
    for line in sorted(lines, key=lambda line: line.product_id != anchor):
        source = products.get(line.product_id)
        if not _matches_source(rule, source, line.product_id) or source is None:
            continue
        if rule.kind is Kind.SUBSCRIPTION:
            if not line.is_subscription and _leaves_a_price(rule, source, limits):
                choices.append(Choice(product=source, source_line=line, source_product=source))
        else:
            for target_id in rule.target_product_ids:
                target = products.get(target_id)
                if not _offerable(target, in_cart) or not _leaves_a_price(rule, target, limits):
                    continue
                # Strictly dearer for an upsell, strictly cheaper for a downsell: the same
                # price is neither (and validation refuses it in the admin).
                if (rule.kind is Kind.UPSELL and target.price > source.price) or (
                    rule.kind is Kind.DOWNSELL and target.price < source.price
                ):
                    choices.append(Choice(product=target, source_line=line, source_product=source))
        if len(choices) >= max_choices:
            break
    return tuple(choices[:max_choices])


def _targets(
    rule: OfferRule,
    products: Mapping[int, ProductInfo],
    excluded: frozenset[int],
    learned: Sequence[Learned],
    fit_to: CartProfile | None = None,
    fit: FitPolicy | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterable[ProductInfo]:
    """Hand-picked targets, learned ones, or both (hand-picked first), available and not in cart.

    With ``fit_to``, learned targets must also fit the item each is shown with, in that cart
    (:mod:`.fit`); hand-picked ones are the admin's choice and stay.
    """
    ids: list[int] = []
    if rule.target_source is not TargetSource.LEARNED:
        ids.extend(rule.target_product_ids)
    manual = len(ids)
    pairs: dict[int, Sequence] = {}
    if rule.target_source is not TargetSource.MANUAL:
        for entry in learned:
            if entry[0] not in ids:
                ids.append(entry[0])
                pairs[entry[0]] = entry
    chosen = [products.get(product_id) for product_id in ids]

    def keep(product: ProductInfo | None) -> bool:
        # A set's discount comes off the whole package (see _bundle_leaves_a_price).
        return _offerable(product, excluded) and (
            rule.kind is Kind.BUNDLE
            or _leaves_a_price(rule, product, limits)  # type: ignore[arg-type]
        )

    picked = [p for p in chosen[:manual] if keep(p)]
    found = [p for p in chosen[manual:] if keep(p)]
    if fit_to is not None and fit is not None and found:
        # Each judged against the item it is shown with; the caller takes the first it needs,
        # so a left-out target's place goes to the next candidate.
        candidates = (
            Candidate(p, products.get(pairs[p.id][1]), _lift(pairs[p.id]))  # type: ignore[union-attr]
            for p in found
        )
        found = [c.product for c in fitting(candidates, fit_to, fit)]
    return picked + found  # type: ignore[operator]
