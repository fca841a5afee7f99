"""The I/O around the pure decision, for one shop moment of one shopper.

Gathers the snapshots :func:`~upsell_app.selection.engine.select_offer` works on — the cart through
the shop's adapter (or its cached snapshot, see :mod:`.cart_snapshots`), restraint memory from the
cache, the cached offer index, learned partners when an offer wants them — and remembers the
pop-up when one is shown. This is the hot path of every cart page: a warm request makes one cache
read and runs at most the cart adapter's query.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone

from . import cart_snapshots, moments, offer_index, shopper_state, signals
from .adapters import get_cart_adapter
from .analytics.assignment import vary_decision
from .analytics.shoppers import shopper_id
from .conf import upsell_settings
from .presentation import QuoteBinding, is_multi_pick, present_decision
from .selection.engine import Learned, OfferIndex, is_held_back, select_offer
from .selection.fit import policy_from
from .selection.types import CartSnapshot, Context, Decision, FitPolicy, Limits, Trigger


def limits() -> Limits:
    """Restraint as configured in ``UPSELL``."""
    return Limits(
        max_choices=upsell_settings.MAX_CHOICES,
        max_popups=upsell_settings.MAX_POPUPS_PER_SESSION,
        cooldown_seconds=upsell_settings.POPUP_COOLDOWN_SECONDS,
        silence_after_decline_seconds=upsell_settings.SILENCE_AFTER_DECLINE_SECONDS,
        fit=fit_policy(),
        reserved_for_key_moments=upsell_settings.POPUPS_RESERVED_FOR_KEY_MOMENTS,
    )


def fit_policy() -> FitPolicy:
    """When a learned suggestion fits the cart, as configured in ``UPSELL``."""
    return policy_from(upsell_settings.LEARNED_SUBSTITUTES, upsell_settings.LEARNED_MAX_PRICE_RATIO)


def learned_targets(
    index: OfferIndex, trigger: Trigger, cart: CartSnapshot, product_id: int | None
) -> Sequence[Learned]:
    """Products often bought with the cart's, for offers whose targets are learned.

    Only asked for when an offer of this moment learns its targets, so a shop without such offers
    never touches the association tables.
    """
    if not index.uses_learned_targets(trigger):
        return ()
    from .associations import ranking, storage

    cart_ids = [line.product_id for line in cart.lines]
    if product_id is not None and product_id not in cart_ids:
        cart_ids.insert(0, product_id)
    if not cart_ids:
        return ()
    partners = storage.get_partners_for(cart_ids)
    # Room for a few sold-out partners: the engine drops those, and anything already in the cart.
    wanted = upsell_settings.MAX_CHOICES * 3
    recommendations = ranking.recommend(cart_ids, partners, exclude=cart.product_ids, k=wanted)
    return tuple((r.product_id, r.because_of) for r in recommendations)


class Outcome(NamedTuple):
    """What one offers request decided, and what its quotes are bound to when an offer shows."""

    decision: Decision | None
    index: OfferIndex | None
    binding: QuoteBinding | None = None


def decide(
    request: HttpRequest,
    trigger: Trigger,
    product_id: int | None = None,
    admit: Callable[[], None] | None = None,
) -> Outcome:
    """The offer for this moment, or ``None``; a returned offer counts as one pop-up shown.

    An event moment needs the shop's proof (see :mod:`.moments`): without it nothing happened,
    and nothing is shown or counted. ``admit`` runs once restraint has let the request through,
    before any real work; it may raise to refuse it (the API's throttle: a held-back request
    costs one cache read and needs no counting).
    """
    # One cache round trip: restraint memory, the moment's proof, the offer index's version,
    # the cached cart.
    session_key = shopper_state.shopper_key(request)
    key = shopper_state.state_key(request)
    wanted = [key]
    is_event = trigger in moments.EVENT_TRIGGERS
    token = moments.shopper_token(request) if is_event else None
    if token is not None:
        wanted.append(moments.record_key(token))
    if offer_index.version_check_due():
        wanted.append(offer_index.VERSION_KEY)
    if cart_snapshots.enabled():
        wanted += cart_snapshots.keys(session_key)
    cached = caches[upsell_settings.CACHE_ALIAS].get_many(wanted)
    proof = None
    if is_event:
        record = cached.get(moments.record_key(token)) if token is not None else None
        proof = moments.proof_stamp(
            record, trigger, product_id, moments.now_ms(), upsell_settings.MOMENT_MAX_AGE_SECONDS
        )
        if proof is None:
            return Outcome(None, None)  # the browser named a moment the shop never saw
    shopper = shopper_state.from_cached(request, cached.get(key))
    epoch = time.time()
    current_limits = limits()
    if is_held_back(shopper, epoch, current_limits, trigger):
        return Outcome(None, None)  # restraint first: no cart read, no index look-up
    if admit is not None:
        admit()
    index = offer_index.get_offer_index(cached.get(offer_index.VERSION_KEY))
    if not index.rules:
        return Outcome(None, index)
    cart = cart_snapshots.cached(cached, session_key) if cart_snapshots.enabled() else None
    if cart is None:
        cart = get_cart_adapter(request).snapshot()
        if cart_snapshots.enabled():
            revision = cached.get(cart_snapshots.revision_key(session_key), 0)
            cart_snapshots.remember(session_key, revision, cart)
    context = Context(
        trigger=trigger, cart=cart, now=timezone.now(), epoch=epoch, product_id=product_id
    )
    learned = learned_targets(index, trigger, cart, product_id)
    decision = select_offer(index, context, shopper, current_limits, learned)
    variant_id = None
    if decision is not None and decision.rule.variants:
        # An A/B test: this shopper's arm words, prices or targets the offer its own way (or,
        # in the control arm, shows nothing). The accept re-check applies the same arm.
        outcome = vary_decision(
            decision, context, shopper_id(request), index, current_limits, learned
        )
        if outcome.is_control:
            signals.offer_shown.send(
                sender=Decision,
                request=request,
                offer_id=decision.rule.id,
                variant_id=outcome.variant_id,
                trigger=trigger,
                is_control=True,
                cart_subtotal=cart.subtotal,  # analytics (issue 4): the event's cart subtotal
            )
        decision, variant_id = outcome.decision, outcome.variant_id
    if decision is None:
        return Outcome(None, index)
    shopper_state.record_popup(request, shopper, trigger, cart)
    impression = uuid.uuid4().hex
    signals.offer_shown.send(
        sender=Decision,
        request=request,
        offer_id=decision.rule.id,
        variant_id=variant_id,
        trigger=trigger,
        is_control=False,
        # analytics (issue 4): cart subtotal and value at stake of the impression event
        cart_subtotal=cart.subtotal,
        decision=decision,
        impression_id=impression,
    )
    token = moments.shopper_token(request, create=True)
    return Outcome(decision, index, QuoteBinding(token or "", impression, proof))


def offer_payload(
    request: HttpRequest,
    trigger: Trigger,
    product_id: int | None = None,
    admit: Callable[[], None] | None = None,
) -> dict[str, Any] | None:
    """The contract's ``offer`` object for this moment, or ``None``."""
    decision, index, binding = decide(request, trigger, product_id, admit)
    if decision is None:
        return None
    cart_total = None
    if is_multi_pick(decision):
        # Only a pop-up with several picks reads the cart's total (its discounts included), for
        # the live "new cart total"; every other moment keeps to the snapshot.
        cart_total = get_cart_adapter(request).get_summary().total
    return present_decision(
        decision,
        trigger,
        context_product_id=product_id,
        products=index.products if index is not None else None,
        binding=binding,
        cart_total=cart_total,
    )
