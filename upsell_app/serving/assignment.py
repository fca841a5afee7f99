"""Sticky A/B assignment: which arm of an offer a shopper sees. Pure: no ORM, no request.

A shopper's arm is a deterministic hash of a stable id (the customer when logged in, else the
session) and the offer id, mapped onto the arms' cumulative traffic weights. The same shopper thus
keeps the same arm on every request and in every process, with nothing stored; two offers are
assigned independently because the offer id is part of the hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..offers.texts import overlay, without
from ..selection.engine import Learned, OfferIndex, select_offer
from ..selection.holdout import visitor_id
from ..selection.types import (
    Context,
    Decision,
    Limits,
    OfferRule,
    ShopperState,
    Trigger,
    VariantRule,
)

_SCALE = float(2**64)


def stable_shopper_id(user_id: int | None, session_key: str | None) -> str:
    """The id assignment hashes: a customer keeps their arm across sessions and devices."""
    return visitor_id(user_id, session_key)  # the holdout and the orders' records use it too


def bucket(offer_id: int, shopper_id: str) -> float:
    """A uniform number in [0, 1) fixed for this (offer, shopper) pair."""
    digest = hashlib.sha256(f"upsell-ab:{offer_id}:{shopper_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def assign_variant(
    offer_id: int, variants: Sequence[VariantRule], shopper_id: str
) -> VariantRule | None:
    """The shopper's arm among ``variants`` by weight, or ``None`` when no arm takes traffic."""
    arms = [v for v in variants if v.weight > 0]
    total = sum(v.weight for v in arms)
    if not total:
        return None
    point = bucket(offer_id, shopper_id) * total
    running = 0
    for variant in sorted(arms, key=lambda v: v.id):  # fixed order: stable across processes
        running += variant.weight
        if point < running:
            return variant
    return arms[-1]


def apply_variant(
    rule: OfferRule, shopper_id: str, trigger: Trigger | None = None
) -> tuple[OfferRule | None, int | None]:
    """The offer as this shopper's arm shows it, and the arm's id.

    * no variants: ``(rule, None)``, the offer unchanged;
    * the control arm: ``(None, variant_id)``: show nothing and record a control exposure;
    * an arm whose timing override excludes ``trigger``: ``(None, None)``: nothing now, nothing to
      record (the arm waits for its own moment);
    * otherwise the rule with the arm's overrides applied.
    """
    variant = assign_variant(rule.id, rule.variants, shopper_id)
    if variant is None:
        return rule, None
    if variant.is_control:
        return None, variant.id
    if trigger is not None and variant.triggers and trigger not in variant.triggers:
        return None, None
    changes: dict[str, object] = {}
    if variant.headline:
        changes["headline"] = variant.headline
    if variant.value_message:
        changes["value_message"] = variant.value_message
    if variant.discount is not None:
        changes["discount"] = variant.discount
    if variant.target_product_ids:
        changes["target_product_ids"] = variant.target_product_ids
    if variant.translations:
        # The arm's texts per language come first in each language, the offer's fill the rest.
        changes["translations"] = overlay(rule.translations, variant.translations)
    else:
        # An arm given one text and no languages: that text, for every language.
        overridden = [name for name in ("headline", "value_message") if name in changes]
        if overridden:
            changes["translations"] = without(rule.translations, overridden)
    return (replace(rule, **changes) if changes else rule), variant.id


@dataclass(frozen=True, slots=True)
class VariantOutcome:
    """What the shopper gets after assignment: a decision (or none) and the arm to record."""

    decision: Decision | None
    variant_id: int | None
    is_control: bool = False


def vary_decision(
    decision: Decision,
    context: Context,
    shopper_id: str,
    index: OfferIndex,
    limits: Limits | None = None,
    learned: Sequence[Learned] = (),
) -> VariantOutcome:
    """Apply the shopper's arm to a decision ``select_offer`` made.

    An arm with its own targets needs its own choices: the decision is re-run on that one rule
    (restraint already passed, so with a fresh shopper state). Still pure and query-free.
    """
    rule, variant_id = apply_variant(decision.rule, shopper_id, context.trigger)
    if rule is None:
        return VariantOutcome(None, variant_id, is_control=variant_id is not None)
    if rule.target_product_ids == decision.rule.target_product_ids:
        return VariantOutcome(Decision(rule=rule, choices=decision.choices), variant_id)
    single = OfferIndex([rule], index.products)
    varied = select_offer(single, context, ShopperState(), limits or Limits(), learned)
    return VariantOutcome(varied, variant_id)
