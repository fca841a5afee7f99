"""The I/O around the pure decision, for one shop moment of one shopper.

Gathers the snapshots :func:`~upsell_app.selection.engine.select_offer` works on — the cart through
the shop's adapter (or its cached snapshot, see :mod:`.cart_snapshots`), restraint memory from the
cache, the cached offer index, learned partners when an offer wants them — and remembers the
pop-up when one is shown. This is the hot path of every cart page: a warm request makes one cache
read, at most one cache write (restraint memory, throttle count and impression together,
atomically: :mod:`.decision_store`) and at most the cart adapter's query.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone

from .. import signals
from ..adapters import SimpleCartAdapter, get_cart_adapter, get_catalog_adapter
from ..analytics import buffer, recording, visits
from ..analytics.impressions import shown_payload
from ..conf import price_floor, upsell_settings
from ..selection.audiences import segment
from ..selection.engine import Learned, OfferIndex, is_held_back, is_offerable, select_offer
from ..selection.fit import CANDIDATES_PER_CHOICE, policy_from
from ..selection.holdout import is_held_out
from ..selection.types import (
    CartSnapshot,
    Choice,
    Context,
    Decision,
    FitPolicy,
    Kind,
    Limits,
    Placement,
    Trigger,
)
from ..shop import catalogue
from . import (
    cart_snapshots,
    decision_store,
    moments,
    offer_index,
    post_purchase,
    shopper_facts,
    shopper_state,
)
from .assignment import vary_decision
from .decision_store import Quota
from .presentation import QuoteBinding, is_multi_pick, present_decision
from .shoppers import shopper_id


def limits() -> Limits:
    """Restraint as configured in ``UPSELL``."""
    return Limits(
        max_choices=upsell_settings.MAX_CHOICES,
        max_popups=upsell_settings.MAX_POPUPS_PER_SESSION,
        cooldown_seconds=upsell_settings.POPUP_COOLDOWN_SECONDS,
        silence_after_decline_seconds=upsell_settings.SILENCE_AFTER_DECLINE_SECONDS,
        fit=fit_policy(),
        reserved_for_key_moments=upsell_settings.POPUPS_RESERVED_FOR_KEY_MOMENTS,
        price_floor=price_floor(),
        decimal_places=upsell_settings.PRICE_DECIMAL_PLACES,
    )


def fit_policy() -> FitPolicy:
    """When a learned suggestion fits the cart, as configured in ``UPSELL``."""
    return policy_from(
        upsell_settings.LEARNED_SUBSTITUTES,
        upsell_settings.LEARNED_MAX_PRICE_RATIO,
        upsell_settings.LEARNED_SUBSTITUTE_RULE,
        upsell_settings.LEARNED_SUBSTITUTE_LIFT,
        upsell_settings.LEARNED_MIN_LIFT,
    )


def learned_targets(
    index: OfferIndex, trigger: Trigger, cart: CartSnapshot, product_id: int | None
) -> Sequence[Learned]:
    """Products often bought with the cart's, for offers whose targets are learned.

    Only asked for when an offer of this moment learns its targets, so a shop without such offers
    never touches the association tables.
    """
    if not index.uses_learned_targets(trigger):
        return ()
    from ..associations import ranking, storage

    cart_ids = [line.product_id for line in cart.lines]
    if product_id is not None and product_id not in cart_ids:
        cart_ids.insert(0, product_id)
    if not cart_ids:
        return ()
    partners = storage.get_partners_for(cart_ids)
    # Room for partners the engine leaves out (sold out, not fitting their item): the next ones
    # refill their places.
    wanted = upsell_settings.MAX_CHOICES * CANDIDATES_PER_CHOICE
    recommendations = ranking.recommend(
        cart_ids,
        partners,
        exclude=cart.product_ids,
        k=wanted,
        min_lift=upsell_settings.LEARNED_MIN_LIFT,
    )
    return tuple(Learned(r.product_id, r.because_of, r.lift) for r in recommendations)


class Outcome(NamedTuple):
    """What one offers request decided, what its quotes are bound to when an offer shows, and
    the cart it decided on."""

    decision: Decision | None
    index: OfferIndex | None
    binding: QuoteBinding | None = None
    cart: CartSnapshot | None = None


def decide(
    request: HttpRequest,
    trigger: Trigger,
    product_id: int | None = None,
    admit: Callable[[], None] | None = None,
    *,
    quota: Quota | None = None,
    placement: Placement = Placement.POPUP,
) -> Outcome:
    """The offer for this moment, or ``None``; a returned offer counts as one pop-up shown.

    An event moment needs the shop's proof (see :mod:`.moments`): without it nothing happened,
    and nothing is shown or counted. One cache read, then at most one write
    (:mod:`.decision_store`): a request that restraint holds back reads and stops.

    ``quota`` (the API's throttle) is read with the other keys and counted in the one write, once
    restraint has let the request through; its ``refuse`` raises when the shopper is over it.
    ``admit`` runs at the same point, before any real work, and may raise to refuse the request;
    it costs whatever it does itself.

    ``placement`` says where the offer would show: only offers placed there compete, and an
    offer shown in a page slot counts against restraint exactly as a pop-up does.
    """
    store = decision_store.store_for(caches[upsell_settings.CACHE_ALIAS])
    # One cache round trip: restraint memory, the moment's proof, the customer's declines, the
    # throttle's count, the offer index's version, the cached cart.
    session_key = shopper_state.shopper_key(request)
    share = visits.holdout_share()
    if share > 0:
        # The shop-wide holdout: these shoppers never see an offer (no pop-up, no inline offer,
        # nothing counted against restraint), so what they spend measures the app's effect.
        visitor = shopper_id(request)
        held_out = is_held_out(visitor, share)
        visits.note_visit(visitor, held_out)
        if held_out:
            return Outcome(None, None)
    key = shopper_state.state_key(request)
    wanted = [key]
    is_event = trigger in moments.EVENT_TRIGGERS
    token = moments.shopper_token(request) if is_event else None
    if token is not None:
        wanted.append(moments.record_key(token))
    declines_key = shopper_state.declines_key(request)
    if declines_key is not None:
        wanted.append(declines_key)
    if quota is not None:
        wanted.append(quota.key)
    if offer_index.version_check_due():
        wanted.append(offer_index.VERSION_KEY)
    if cart_snapshots.enabled():
        wanted += cart_snapshots.keys(session_key)
    facts_key = shopper_facts.key_to_read(request)
    if facts_key is not None:
        wanted.append(facts_key)
    read = store.read(wanted, key)
    cached = read.values
    proof = None
    if is_event:
        record = cached.get(moments.record_key(token)) if token is not None else None
        proof = moments.proof_stamp(
            record, trigger, product_id, moments.now_ms(), upsell_settings.MOMENT_MAX_AGE_SECONDS
        )
        if proof is None:
            return Outcome(None, None)  # the browser named a moment the shop never saw
    shopper = shopper_state.from_cached(request, cached.get(key), cached)
    epoch = time.time()
    current_limits = limits()
    if is_held_back(shopper, epoch, current_limits, trigger):
        return Outcome(None, None)  # restraint first: no cart read, no index look-up, no write
    if quota is not None and (cached.get(quota.key) or 0) >= quota.limit:
        quota.refuse()  # over the limit already: refused before any work, nothing written
    if admit is not None:
        admit()
    write = decision_store.Write(quota=quota)
    if is_event and token is not None:
        answered = moments.answered(record, token, trigger, product_id)
        if answered is not None:
            write.sets.append(answered)
    index = offer_index.get_offer_index(cached.get(offer_index.VERSION_KEY))
    if not index.rules:
        _commit(request, store, read, write, [])
        return Outcome(None, index)
    cart = cart_snapshots.cached(cached, session_key) if cart_snapshots.enabled() else None
    if cart is None:
        cart = get_cart_adapter(request).snapshot()
        if cart_snapshots.enabled():
            revision = cached.get(cart_snapshots.revision_key(session_key), 0)
            write.sets.append(cart_snapshots.entry(session_key, revision, cart))
    # Who the shopper is, for offers aimed at an audience and for the events' breakdown: the
    # history part from the same cache read, queried (and cached in the one write) only cold.
    facts, facts_entry = shopper_facts.gather(request, cached)
    if facts_entry is not None:
        write.sets.append(facts_entry)
    context = Context(
        trigger=trigger,
        cart=cart,
        now=timezone.now(),
        epoch=epoch,
        product_id=product_id,
        facts=facts,
        placement=placement,
    )
    learned = learned_targets(index, trigger, cart, product_id)
    decision = select_offer(index, context, shopper, current_limits, learned)
    variant_id = None
    shown: list[dict[str, Any]] = []  # what the offer_shown signal announces once written
    if decision is not None and decision.rule.variants:
        # An A/B test: this shopper's arm words, prices or targets the offer its own way (or,
        # in the control arm, shows nothing). The accept re-check applies the same arm.
        outcome = vary_decision(
            decision, context, shopper_id(request), index, current_limits, learned
        )
        if outcome.is_control:
            shown.append(
                {
                    "offer_id": decision.rule.id,
                    "variant_id": outcome.variant_id,
                    "trigger": trigger,
                    "is_control": True,
                    "cart_subtotal": cart.subtotal,  # the event's cart subtotal
                    "audience": segment(facts),
                }
            )
        decision, variant_id = outcome.decision, outcome.variant_id
    impression = None
    if decision is not None:
        # The pop-up counts against restraint in the same write that records its impression.
        write.memory = shopper_state.to_cached(shopper_state.after_popup(shopper, trigger, cart))
        write.memory_seconds = upsell_settings.SHOPPER_STATE_TTL_SECONDS
        impression = uuid.uuid4().hex
        shown.append(
            {
                "offer_id": decision.rule.id,
                "variant_id": variant_id,
                "trigger": trigger,
                "is_control": False,
                # the impression event's cart subtotal and value at stake
                "cart_subtotal": cart.subtotal,
                "decision": decision,
                "impression_id": impression,
                "audience": segment(facts),
            }
        )
    if not _commit(request, store, read, write, shown):
        # Another request of this shopper wrote its pop-up first: show nothing rather than
        # decide again (the cool-down would hold this one back anyway).
        return Outcome(None, index)
    if decision is None:
        return Outcome(None, index)
    token = moments.shopper_token(request, create=True)
    return Outcome(decision, index, QuoteBinding(token or "", impression or "", proof), cart)


def _commit(
    request: HttpRequest,
    store: decision_store.RedisStore | decision_store.LockedStore,
    read: decision_store.Read,
    write: decision_store.Write,
    shown: list[dict[str, Any]],
) -> bool:
    """Write what the decision remembers in one go, then announce what it showed.

    ``False`` when another request of this shopper changed its restraint memory since the read
    (nothing was written or announced). Raises through the quota when the shopper is over it.
    """
    url = buffer.buffer_url() if shown else None
    if store.carries_events(url):
        for kwargs in shown:
            payload = shown_payload(request, **kwargs)
            if payload is not None:
                write.events.append(payload)
    result = (
        store.commit(read, write, url)
        if not write.is_empty()
        else decision_store.Result(decision_store.Status.WRITTEN)
    )
    if result.status is decision_store.Status.OVER_LIMIT and write.quota is not None:
        write.quota.refuse()
    if result.status is decision_store.Status.CONFLICT:
        return False
    if result.flush_due and url is not None:
        recording.schedule_flush(url)
    for kwargs in shown:
        # A shop's receivers hear of every pop-up; the app's own analytics receiver records the
        # event unless it went with the write (``recorded``).
        signals.offer_shown.send(
            sender=Decision, request=request, recorded=result.events_recorded, **kwargs
        )
    return True


def offer_payload(
    request: HttpRequest,
    trigger: Trigger,
    product_id: int | None = None,
    admit: Callable[[], None] | None = None,
    *,
    quota: Quota | None = None,
    placement: Placement = Placement.POPUP,
) -> dict[str, Any] | None:
    """The contract's ``offer`` object for this moment, or ``None`` (see :func:`decide`)."""
    outcome = decide(request, trigger, product_id, admit, quota=quota, placement=placement)
    decision, index = outcome.decision, outcome.index
    if decision is None:
        return None
    anchor = together_anchor(decision, trigger, product_id, index, outcome.cart)
    # Only a pop-up with several picks shows the cart's total, for the live "new cart total";
    # every other moment keeps to the snapshot.
    multi = is_multi_pick(decision) or anchor is not None
    cart_total = live_cart_total(request, outcome.cart) if multi else None
    binding, order = outcome.binding, None
    if trigger is Trigger.ORDER_COMPLETED and post_purchase.joinable(decision):
        # The quote names the order it joins: the accept adds to that order, or to none.
        order = post_purchase.open_order(request)
        if order is not None and binding is not None:
            binding = replace(binding, order=order.number)
    offer = present_decision(
        decision,
        trigger,
        context_product_id=product_id,
        products=index.products if index is not None else None,
        binding=binding,
        cart_total=cart_total,
        anchor=anchor,
    )
    if trigger is Trigger.ORDER_COMPLETED:
        offer["order"] = post_purchase.present(order, offer)
    return offer


def together_anchor(
    decision: Decision,
    trigger: Trigger,
    product_id: int | None,
    index: OfferIndex | None,
    cart: CartSnapshot | None,
) -> Choice | None:
    """The product page's own product, offered with its partners ("often bought together").

    Only for a cross-sell placed in a product page's slot, while the product is not yet in the
    cart and can be sold: the shopper buys the set, not only the partners.
    """
    rule = decision.rule
    if (
        rule.placement is not Placement.PAGE
        or rule.kind is not Kind.CROSS_SELL
        or trigger is not Trigger.PRODUCT_VIEW
        or product_id is None
        or index is None
    ):
        return None
    product = index.products.get(product_id)
    if product is None:  # an offer for any cart: the index need not hold the page's product
        product = catalogue.sellable(catalogue.get_products([product_id])).get(product_id)
    if product is None or not is_offerable(product, cart.product_ids if cart else frozenset()):
        return None
    return Choice(product=product)


def live_cart_total(request: HttpRequest, cart: CartSnapshot | None) -> Decimal:
    """The cart's total, its discounts included, for a pop-up with several picks.

    The shop's cart summary, read through its adapter. When the shop keeps the app's own summary
    and nothing was agreed for this cart (no agreed price, no set discount), that total is the
    decision's cart snapshot's subtotal: no second read of the cart.
    """
    adapter = get_cart_adapter(request)
    if (
        cart is not None
        and isinstance(adapter, SimpleCartAdapter)
        and type(adapter).get_summary is SimpleCartAdapter.get_summary
        and adapter.existing_cart_key() is None
        and not get_catalog_adapter().knows_tax()
    ):
        return max(cart.subtotal, Decimal("0"))
    return adapter.get_summary().total
