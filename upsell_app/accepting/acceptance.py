"""Accept, decline and dismiss: the shopper's answers to a pop-up, applied as transactions.

Accepting never trusts the browser. The signed quote says what was offered at which price; inside
one transaction the service claims the idempotency key, locks the cart, re-runs the decision for
that one offer on the current cart and a fresh catalogue read, prices the choice again on the server
and only then changes the cart through the shop's adapter. Any failure rolls everything back: the
cart is unchanged and the same key may be tried again.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import signals
from ..adapters import (
    CartAdapter,
    OrderChangeRefused,
    SimpleCartAdapter,
    changed_cart,
    get_cart_adapter,
    get_order_adapter,
    plan_for,
)
from ..adjustments.granting import grant
from ..analytics import attribution, incremental
from ..analytics.recording import MAIL_CHANNEL
from ..cart_lock import CartBusy, CartChanged, check_version, record_version
from ..conf import price_floor, upsell_settings
from ..models import Offer, OfferAcceptance
from ..models.acceptance import AcceptanceStatus
from ..models.followup import FollowUpMail
from ..selection.engine import OfferIndex, is_offerable, select_offer
from ..selection.pricing import Quote, meets_floor, round_money, same_price
from ..selection.types import (
    CartSnapshot,
    Choice,
    Context,
    Decision,
    Kind,
    Limits,
    OfferRule,
    Placement,
    ShopperState,
    TargetSource,
    Trigger,
)
from ..serving import cart_snapshots, moments, nudges, post_purchase, shopper_state
from ..serving.assignment import apply_variant
from ..serving.decision_service import fit_policy
from ..serving.offer_index import get_offer_index, rule_from_offer
from ..serving.presentation import (
    amount_to_pay,
    anchor_quote,
    money,
    money_display,
    present_cart,
    quote_for,
    read_quote,
)
from ..serving.shoppers import shopper_id
from ..shop import catalogue
from . import undo
from .consent import consent_to_terms
from .errors import AcceptanceError

#: The re-check asks "is this choice still offered?", not "would it fit in the pop-up?".
RECHECK_LIMITS = Limits(
    max_choices=10_000, max_popups=1, cooldown_seconds=0, silence_after_decline_seconds=0
)


@dataclass(frozen=True, slots=True)
class Pick:
    """One ticked choice of a cross-sell with several choices: its product and signed quote."""

    product_id: int
    quote: str


@dataclass(frozen=True, slots=True)
class AcceptRequest:
    offer_id: int
    quote: str
    idempotency_key: str
    product_id: int | None = None
    line_id: str | None = None
    terms_digest: str = ""  # subscription: the fingerprint of the terms the shopper read
    picks: tuple[Pick, ...] = ()  # several ticked choices, accepted together (cross-sell)


@dataclass(frozen=True, slots=True)
class _Checked:
    """The re-run decision and the chosen choices, each priced on the server."""

    rule: OfferRule
    decision: Decision
    choice: Choice  # the first (or only) choice
    quote: Quote
    amount: Decimal  # what accepting costs: all picks together
    cart: CartSnapshot  # the locked cart the decision was re-run on, before the change
    picks: tuple[tuple[Choice, Quote], ...] = ()

    @property
    def value(self) -> Decimal:
        if not self.picks:
            return self.quote.value
        return sum((q.value for _, q in self.picks), Decimal("0"))


# -- accept -------------------------------------------------------------------------------------
def accept_offer(request: HttpRequest, data: AcceptRequest) -> dict[str, Any]:
    """Apply the chosen option to the cart once per idempotency key; return the contract body."""
    offer = _load_offer(data.offer_id)
    claims = _verify_picks(data) if data.picks else _verify_quote(data)
    _check_bound(request, claims)
    rule = rule_from_offer(offer)
    # A spend threshold's offer: its items come from the cart page's nudge, not a pop-up.
    nudge = nudges.is_nudge_offer(offer)
    key = shopper_state.shopper_key(request)
    adapter = get_cart_adapter(request)
    if claims.get("n") is not None and not data.picks:
        # Shown on the thank-you page as "added to order #N": it joins that order or nothing.
        return _accept_into_order(request, data, offer, claims, rule, key, adapter)
    # A cart with only lines is locked around the whole transaction (its lock may guard a
    # session, written when the lock is left); the full contract locks inside it (a row lock).
    simple = isinstance(adapter, SimpleCartAdapter)
    try:
        with _outer_lock(adapter, simple), transaction.atomic():
            acceptance = _claim(request, key, data, offer, claims)
            if acceptance.response:  # a duplicate: the first request's answer, unchanged cart
                return acceptance.response
            _check_offer_live(offer, rule)
            # A cart without a lock of its own: the version this request read must still be the
            # last one written, or another accept (or the shop) changed the cart meanwhile.
            read_version = adapter.cart_version() if simple else None
            if read_version is not None:
                check_version(adapter.cart_key(), read_version)
            with nullcontext() if simple else adapter.lock():
                if data.picks:
                    checked = _recheck_picks(request, adapter, rule, claims, data)
                elif nudge:
                    checked = _recheck_nudge(adapter, rule, claims, data)
                elif claims.get("f") is not None:
                    checked = _recheck_mail(request, adapter, rule, claims, data)
                else:
                    checked = _recheck(request, adapter, rule, claims, data)
                consent = consent_to_terms(checked.rule, checked.choice, checked.quote, data)
                line_ids, bundle_key = _apply(adapter, checked, acceptance)
                if not simple:
                    _revoke_swapped_away(request, checked)
                response = {
                    "accepted": True,
                    "offer_id": rule.id,
                    "cart": present_cart(adapter.get_summary()),
                }
            # The cart as re-checked, just before the change: what Undo puts back.
            acceptance.undo_plan = undo.plan(
                checked.rule.kind, checked.cart, checked, line_ids, bundle_key
            )
            response["confirmation"] = undo.confirmation(acceptance, checked, response["cart"])
            _record(acceptance, checked, line_ids, bundle_key, response)
            if consent is not None:
                consent.acceptance = acceptance
                consent.save()
            cart_snapshots.forget(request)
            if read_version is not None:
                _record_written(adapter)
            # An offer a mail's link presented is counted in the mail channel.
            channel = MAIL_CHANNEL if claims.get("f") is not None else ""
            transaction.on_commit(
                lambda: signals.offer_accepted.send(
                    sender=OfferAcceptance, request=request, acceptance=acceptance, trigger=channel
                )
            )
    except CartBusy as exc:
        raise AcceptanceError(
            409, "cart_busy", _("Your cart is being updated. Please try again in a moment.")
        ) from exc
    except CartChanged as exc:
        raise _cart_changed() from exc
    changed_cart(request, adapter)
    return response


def _accept_into_order(
    request: HttpRequest,
    data: AcceptRequest,
    offer: Offer,
    claims: dict[str, Any],
    rule: OfferRule,
    key: str,
    cart_adapter: CartAdapter | SimpleCartAdapter,
) -> dict[str, Any]:
    """Add the thank-you offer's product to the placed order its quote names, once.

    The order's lock makes concurrent accepts (another tab, a double click with a fresh key) wait
    for each other: the first adds the line, the others find it there and add nothing.
    """
    order_id = str(claims["n"])
    orders = get_order_adapter(request)
    if orders is None:
        raise _order_closed(order_id)
    with transaction.atomic():
        acceptance = _claim(request, key, data, offer, claims)
        if acceptance.response:  # a duplicate: the first request's answer, order unchanged
            return acceptance.response
        _check_offer_live(offer, rule)
        with orders.lock(order_id):
            placed = orders.get_order(order_id)
            if placed is None or not post_purchase.is_open(placed):
                raise _order_closed(order_id)
            joined = OfferAcceptance.objects.filter(
                offer_id=rule.id,
                order_id=order_id,
                post_purchase=True,
                status=AcceptanceStatus.APPLIED,
            )
            if joined.exists():
                raise AcceptanceError(
                    409,
                    "already_in_order",
                    _("This item was already added to order #%(number)s.") % {"number": order_id},
                )
            checked = _recheck(request, cart_adapter, rule, claims, data)
            unit = checked.quote.unit_price
            try:
                line_id = orders.add_line(
                    order_id, checked.choice.product.id, 1, unit, offer_id=rule.id
                )
            except OrderChangeRefused as exc:
                raise AcceptanceError(409, "order_refused", str(exc)) from exc
            total = (orders.get_order(order_id) or placed).total
        values = {"number": order_id, "item": checked.choice.product.title}
        response = {
            "accepted": True,
            "offer_id": rule.id,
            "order": {
                "number": order_id,
                "line_id": str(line_id),
                "total": money(total),
                "total_display": money_display(total),
            },
            "cart": present_cart(cart_adapter.get_summary()),
            "confirmation": {
                "message": _("Added to order #%(number)s: %(item)s.") % values,
                "total_label": _("New order total"),
                "total_display": money_display(total),
                "undo": None,  # charged with the order: the shop's own cancellation applies
            },
        }
        acceptance.order_id = order_id
        acceptance.post_purchase = True
        _record(acceptance, checked, [str(line_id)], "", response)
        acceptance.save(update_fields=["order_id", "post_purchase"])
        acceptance_id = acceptance.pk
        transaction.on_commit(
            lambda: signals.offer_accepted.send(
                sender=OfferAcceptance, request=request, acceptance=acceptance
            )
        )
        # The order's revenue grows now: counted as post-purchase revenue (never fails the accept).
        transaction.on_commit(
            lambda: attribution.attribute_post_purchase(acceptance_id), robust=True
        )
    return response


def _order_closed(order_id: str) -> AcceptanceError:
    return AcceptanceError(
        409,
        "order_closed",
        _(
            "Order #%(number)s can no longer be changed. Please reload the page: the offer now "
            "starts a new order."
        )
        % {"number": order_id},
    )


def _cart_changed() -> AcceptanceError:
    return AcceptanceError(
        409,
        "cart_changed",
        _("Your cart was changed elsewhere in the meantime. Please reload the page and try again."),
    )


def _record_written(adapter: SimpleCartAdapter) -> None:
    """Once committed (the cart's lock still held), the version the response will carry is the
    one the next writer must have read."""
    key, written = adapter.cart_key(), adapter.cart_version()
    if written is not None:
        transaction.on_commit(lambda: record_version(key, written))


def _outer_lock(adapter: CartAdapter | SimpleCartAdapter, simple: bool) -> AbstractContextManager:
    return adapter.lock() if simple else nullcontext()


def _load_offer(offer_id: int) -> Offer:
    offer = (
        Offer.objects.filter(pk=offer_id)
        .prefetch_related(
            Prefetch("source_products", to_attr="source_list"),
            Prefetch("target_products", to_attr="target_list"),
        )
        .first()
    )
    if offer is None:
        raise AcceptanceError(404, "not_found", _("This offer does not exist."))
    return offer


def _verify_quote(data: AcceptRequest) -> dict[str, Any]:
    try:
        claims = read_quote(data.quote)
    except signing.SignatureExpired as exc:
        raise AcceptanceError(
            409, "quote_expired", _("This offer was shown too long ago. Please reload the page.")
        ) from exc
    except signing.BadSignature as exc:
        raise AcceptanceError(
            400, "invalid_quote", _("The offer could not be verified. Please reload the page.")
        ) from exc
    if not isinstance(claims, dict) or claims.get("t") not in Trigger._value2member_map_:
        raise AcceptanceError(400, "invalid_quote", _("The offer could not be verified."))
    if (claims.get("o"), claims.get("p"), claims.get("l")) != (
        data.offer_id,
        data.product_id,
        data.line_id,
    ):
        raise AcceptanceError(
            400,
            "quote_mismatch",
            _("The chosen product is not the one this offer was shown with."),
        )
    return claims


def _check_bound(request: HttpRequest, claims: dict[str, Any]) -> None:
    """A quote is for the shopper it was shown to, at a moment the shop's signal proved.

    Without this a quote would be a bearer token: any session holding it could accept it,
    skipping its own pop-up limits and A/B arm, and a page could name a moment (an order just
    completed) that never happened to claim that moment's price.
    """
    token = moments.shopper_token(request)
    if token is None or claims.get("s") != token:
        raise AcceptanceError(
            403,
            "quote_not_yours",
            _("This offer was shown in another session. Please reload the page."),
        )
    if not moments.is_proven_now(request, Trigger(claims["t"]), claims.get("c"), claims.get("m")):
        raise AcceptanceError(
            409,
            "moment_not_proven",
            _("This offer is not available for this visit. Please reload the page."),
        )


def _check_line_unchanged(cart: CartSnapshot, claims: dict[str, Any]) -> None:
    """The line the quote changes still holds the product the shopper saw on it."""
    line_id = claims.get("l")
    if line_id is None:
        return
    current = next((line for line in cart.lines if line.line_id == line_id), None)
    if current is not None and current.product_id != claims.get("b"):
        raise AcceptanceError(
            409,
            "line_changed",
            _("This item in your cart has changed since the offer was shown. Please reload."),
        )


def _verify_picks(data: AcceptRequest) -> dict[str, Any]:
    """Every ticked choice's quote, all from one pop-up: the claims the re-check runs on."""
    products = [pick.product_id for pick in data.picks]
    if len(set(products)) != len(products):
        raise AcceptanceError(400, "duplicate_pick", _("Each product can be picked only once."))
    first: dict[str, Any] | None = None
    prices: dict[int, str] = {}
    for pick in data.picks:
        claims = _verify_quote(
            AcceptRequest(
                offer_id=data.offer_id,
                quote=pick.quote,
                idempotency_key=data.idempotency_key,
                product_id=pick.product_id,
            )
        )
        if first is None:
            first = claims
        elif (claims["t"], claims.get("c"), claims.get("s"), claims.get("m")) != (
            first["t"],
            first.get("c"),
            first.get("s"),
            first.get("m"),
        ):
            raise AcceptanceError(
                400, "quote_mismatch", _("These choices were not shown together.")
            )
        prices[pick.product_id] = claims.get("u")
    assert first is not None
    return {**first, "p": None, "picks": prices}


def _check_offer_live(offer: Offer, rule: OfferRule) -> None:
    if not offer.is_active or not rule.is_live(timezone.now()):
        raise AcceptanceError(409, "offer_inactive", _("This offer is no longer available."))


def _claim(
    request: HttpRequest, key: str, data: AcceptRequest, offer: Offer, claims: dict[str, Any]
) -> OfferAcceptance:
    """Insert the acceptance row first: the unique key makes a concurrent duplicate wait here.

    When the first request commits, the duplicate's insert fails and it reads the first answer;
    when the first rolls back, the duplicate's insert succeeds and it does the work itself.
    """
    user = getattr(request, "user", None)
    try:
        with transaction.atomic():
            return OfferAcceptance.objects.create(
                offer=offer,
                kind=offer.kind,
                shopper_key=key,
                user=user if user is not None and user.is_authenticated else None,
                idempotency_key=data.idempotency_key,
                product_id=data.product_id
                or (data.picks[0].product_id if data.picks else (claims.get("i") or [0])[0]),
                unit_price=Decimal("0"),
                value=Decimal("0"),
            )
    except IntegrityError:
        first = OfferAcceptance.objects.get(shopper_key=key, idempotency_key=data.idempotency_key)
        if first.offer_id != data.offer_id:
            raise AcceptanceError(
                409,
                "idempotency_key_reused",
                _("This Idempotency-Key was already used for another offer."),
            ) from None
        return first


def _recheck(
    request: HttpRequest,
    adapter: CartAdapter,
    rule: OfferRule,
    claims: dict[str, Any],
    data: AcceptRequest,
) -> _Checked:
    """Re-run the decision for this one offer on the locked cart and freshly read products."""
    items: list[int] = list(claims.get("i") or [])
    chosen = items or ([data.product_id] if data.product_id is not None else [])
    rule, decision, cart = _redecide(request, adapter, rule, claims, chosen, items)
    choice = _chosen(decision, data, items)
    quote = quote_for(rule, choice, decision)
    _check_floor(rule, quote, len(decision.choices) if rule.kind is Kind.BUNDLE else 1)
    amount = amount_to_pay(rule, quote)
    if not same_price(amount, claims.get("u"), upsell_settings.PRICE_DECIMAL_PLACES):
        raise _price_changed(amount)
    return _Checked(rule, decision, choice, quote, amount, cart)


def _recheck_mail(
    request: HttpRequest,
    adapter: CartAdapter | SimpleCartAdapter,
    rule: OfferRule,
    claims: dict[str, Any],
    data: AcceptRequest,
) -> _Checked:
    """An offer a follow-up mail's link presented: not decided for a moment of this visit, so
    not re-decided on the cart. It holds while the mail's link belongs to this shopper, the
    product is for sale and not in the cart, and the mail's price still holds above the floor."""
    if not FollowUpMail.objects.filter(pk=claims["f"], link_session=claims.get("s")).exists():
        raise AcceptanceError(
            403,
            "quote_not_yours",
            _("This offer was shown in another session. Please reload the page."),
        )
    if rule.id in shopper_state.load(request).declined_offer_ids:
        raise AcceptanceError(409, "offer_declined", _("You declined this offer."))
    cart = adapter.snapshot()
    product_id = data.product_id
    product = catalogue.sellable(catalogue.get_products([product_id])).get(product_id)
    if product is None or not is_offerable(product, cart.product_ids):
        raise AcceptanceError(
            409,
            "not_eligible",
            _("This option is no longer available: it may be sold out or already in your cart."),
            product_id=product_id,
        )
    choice = Choice(product=product)
    decision = Decision(rule=rule, choices=(choice,))
    quote = quote_for(rule, choice, decision)
    _check_floor(rule, quote, 1)
    amount = amount_to_pay(rule, quote)
    if not same_price(amount, claims.get("u"), upsell_settings.PRICE_DECIMAL_PLACES):
        raise _price_changed(amount)
    return _Checked(rule, decision, choice, quote, amount, cart)


def _recheck_picks(
    request: HttpRequest,
    adapter: CartAdapter,
    rule: OfferRule,
    claims: dict[str, Any],
    data: AcceptRequest,
) -> _Checked:
    """Several ticked choices of one cross-sell: each must still be offered at its quoted price."""
    if rule.kind is not Kind.CROSS_SELL:
        raise AcceptanceError(
            400, "picks_not_allowed", _("Only a cross-sell lets you pick several products.")
        )
    wanted = [pick.product_id for pick in data.picks]
    rule, decision, cart = _redecide(request, adapter, rule, claims, wanted, [])
    offered = {c.product.id: c for c in decision.choices if c.source_line is None}
    anchor = _together_anchor(rule, claims, wanted, cart)
    picks: list[tuple[Choice, Quote]] = []
    for product_id in wanted:
        if anchor is not None and product_id == anchor.product.id:
            picks.append((anchor, _checked_anchor_quote(rule, anchor, claims)))
            continue
        choice = offered.get(product_id)
        if choice is None:
            raise AcceptanceError(
                409,
                "not_eligible",
                _(
                    "This option is no longer available: it may be sold out or already in "
                    "your cart."
                ),
                product_id=product_id,
            )
        quote = quote_for(rule, choice, decision)
        _check_floor(rule, quote, 1)
        places = upsell_settings.PRICE_DECIMAL_PLACES
        if not same_price(quote.unit_price, claims["picks"][product_id], places):
            raise _price_changed(quote.unit_price, product_id=product_id)
        picks.append((choice, quote))
    amount = sum((q.unit_price for _, q in picks), Decimal("0"))
    first_choice, first_quote = picks[0]
    return _Checked(rule, decision, first_choice, first_quote, amount, cart, tuple(picks))


def _recheck_nudge(
    adapter: CartAdapter | SimpleCartAdapter,
    rule: OfferRule,
    claims: dict[str, Any],
    data: AcceptRequest,
) -> _Checked:
    """An item of the spend-threshold nudge: the nudge decided again on the locked cart (the
    cart still short of the threshold, the item still in stock, not in the cart, closing the
    gap), at the price quoted."""
    decision, cart = nudges.redecide(adapter, rule.id)
    if decision is None:
        raise AcceptanceError(409, "not_eligible", _("This offer no longer applies to your cart."))
    decision = Decision(rule=rule, choices=decision.choices)
    choice = _chosen(decision, data, [])
    quote = quote_for(rule, choice, decision)
    _check_floor(rule, quote, 1)
    if not same_price(quote.unit_price, claims.get("u"), upsell_settings.PRICE_DECIMAL_PLACES):
        raise _price_changed(quote.unit_price)
    return _Checked(rule, decision, choice, quote, quote.unit_price, cart)


def _together_anchor(
    rule: OfferRule, claims: dict[str, Any], wanted: list[int], cart: CartSnapshot
) -> Choice | None:
    """The product page's own product, when the shopper ticked it in an in-page "often bought
    together" slot: it is the moment's product (sealed in the quote), not yet in the cart, and
    still for sale."""
    context_product = claims.get("c")
    if (
        rule.placement is not Placement.PAGE
        or claims.get("t") != Trigger.PRODUCT_VIEW.value
        or context_product is None
        or context_product not in wanted
    ):
        return None
    product = catalogue.sellable(catalogue.get_products([context_product])).get(context_product)
    if product is None or not is_offerable(product, cart.product_ids):
        raise AcceptanceError(
            409,
            "not_eligible",
            _("This option is no longer available: it may be sold out or already in your cart."),
            product_id=context_product,
        )
    return Choice(product=product)


def _checked_anchor_quote(rule: OfferRule, anchor: Choice, claims: dict[str, Any]) -> Quote:
    quote = anchor_quote(rule, anchor)
    places = upsell_settings.PRICE_DECIMAL_PLACES
    if not same_price(quote.unit_price, claims["picks"][anchor.product.id], places):
        raise _price_changed(quote.unit_price, product_id=anchor.product.id)
    return quote


def _check_floor(rule: OfferRule, quote: Quote, units: int) -> None:
    """The second defence behind the admin's: nothing sells below the shop's minimum per unit
    (``UPSELL["MIN_UNIT_PRICE"]``), whatever prices or settings changed since the offer was
    saved. A set's price is what it adds after its discount, for all its items."""
    floor = price_floor()
    places = upsell_settings.PRICE_DECIMAL_PLACES
    price = quote.difference if rule.kind is Kind.BUNDLE else quote.unit_price
    if not meets_floor(price, floor * units, places):
        raise AcceptanceError(
            409,
            "below_price_floor",
            _("This offer would sell below the shop's minimum price, so it cannot be accepted."),
            minimum=money(floor),
            minimum_display=money_display(floor),
        )


def _price_changed(amount: Decimal, **extra: Any) -> AcceptanceError:
    return AcceptanceError(
        409,
        "price_changed",
        _("The price has changed since the offer was shown. Please check the new price."),
        price=money(amount),
        price_display=money_display(amount),
        **extra,
    )


def _redecide(
    request: HttpRequest,
    adapter: CartAdapter,
    rule: OfferRule,
    claims: dict[str, Any],
    chosen: list[int],
    items: list[int],
) -> tuple[OfferRule, Decision, CartSnapshot]:
    """The offer's decision re-run on the locked cart (the shopper's A/B arm applied)."""
    if rule.id in shopper_state.load(request).declined_offer_ids:
        raise AcceptanceError(409, "offer_declined", _("You declined this offer."))
    trigger = Trigger(claims["t"])
    if rule.variants:
        # The shopper's A/B arm, as the offers request applied it (a stable hash, no storage).
        varied = apply_variant(rule, shopper_id(request), trigger)[0]
        if varied is None:
            raise AcceptanceError(
                409, "not_eligible", _("This offer no longer applies to your cart.")
            )
        rule = varied
    if trigger not in rule.triggers:
        raise AcceptanceError(409, "not_eligible", _("This offer no longer applies to your cart."))
    cart = adapter.snapshot()
    _check_line_unchanged(cart, claims)
    context_product = claims.get("c")
    learned: list[tuple[int, int]] = []
    if rule.target_source is not TargetSource.MANUAL:
        # The signature proves these were offered; stock, cart and schedule are checked again.
        # Each measured against the item it was shown with, named in the quote; a set's items
        # name none and are measured against the cart's dearest product (never stricter).
        item = claims["w"] if claims.get("w") is not None else -1
        learned = [(product_id, item) for product_id in chosen]
    wanted = set(rule.source_product_ids) | set(rule.target_product_ids) | cart.product_ids
    wanted |= {p for p, _ in learned} | {i for _, i in learned} | set(items) | set(chosen)
    if context_product is not None:
        wanted.add(context_product)
    products = catalogue.get_products(wanted)  # fresh: prices and stock as of now, sellable
    limits = replace(RECHECK_LIMITS, fit=fit_policy())
    if rule.kind is Kind.BUNDLE:
        limits = Limits(max_choices=upsell_settings.MAX_CHOICES, max_popups=1)
    # The price floor is checked on the priced choice (_check_floor), to say so clearly.
    limits = replace(limits, price_floor=Decimal(0))
    context = Context(
        trigger=trigger,
        cart=cart,
        now=timezone.now(),
        epoch=time.time(),
        product_id=context_product,
    )
    decision = select_offer(OfferIndex([rule], products), context, ShopperState(), limits, learned)
    if decision is None:
        raise AcceptanceError(409, "not_eligible", _("This offer no longer applies to your cart."))
    return rule, decision, cart


def _chosen(decision: Decision, data: AcceptRequest, items: list[int]) -> Choice:
    if decision.rule.kind is Kind.BUNDLE:
        if sorted(c.product.id for c in decision.choices) != sorted(items):
            raise AcceptanceError(
                409, "offer_changed", _("This set has changed. Please reload the page.")
            )
        return decision.choices[0]
    for choice in decision.choices:
        line_id = choice.source_line.line_id if choice.source_line else None
        if choice.product.id == data.product_id and line_id == data.line_id:
            return choice
    raise AcceptanceError(
        409,
        "not_eligible",
        _("This option is no longer available: it may be sold out or already in your cart."),
    )


def _apply(
    adapter: CartAdapter | SimpleCartAdapter, checked: _Checked, acceptance: OfferAcceptance
) -> tuple[list[str], str]:
    """Change the cart through the shop's adapter, at the prices the server computed."""
    rule, choice, unit = checked.rule, checked.choice, checked.quote.unit_price
    places = upsell_settings.PRICE_DECIMAL_PLACES
    if isinstance(adapter, SimpleCartAdapter):
        return grant(
            adapter,
            acceptance,
            decision=checked.decision,
            choice=choice,
            unit_price=unit,
            item_prices={
                c.product.id: round_money(c.product.price, places)
                for c in checked.decision.choices
            },
            bundle_discount=checked.quote.bundle_discount,
            bundle_label=_bundle_label(checked) if rule.kind is Kind.BUNDLE else "",
            cart=checked.cart,
            picks=tuple((c, q.unit_price) for c, q in checked.picks),
        )
    line = choice.source_line
    if rule.kind is Kind.SUBSCRIPTION and line is not None and rule.subscription is not None:
        plan = plan_for(
            rule, unit, choice.product.title, line.quantity, choice.product.tax_rate
        )
        return [adapter.convert_to_subscription(line.line_id, plan)], ""
    if rule.kind in (Kind.UPSELL, Kind.DOWNSELL) and line is not None:
        return [adapter.replace_line(line.line_id, choice.product.id, unit, offer_id=rule.id)], ""
    if rule.kind is Kind.BUNDLE:
        line_ids = [
            adapter.add_line(
                c.product.id, 1, round_money(c.product.price, places), offer_id=rule.id
            )
            for c in checked.decision.choices
        ]
        bundle_key = f"upsell-bundle-{rule.id}-{acceptance.pk}"
        if checked.quote.bundle_discount > 0:
            adapter.apply_bundle_discount(
                bundle_key, checked.quote.bundle_discount, _bundle_label(checked), offer_id=rule.id
            )
        # The set discount is earned by the line it goes with too: removing it revokes the set.
        source = checked.decision.choices[0].source_product
        source_line = next(
            (x for x in checked.cart.lines if source is not None and x.product_id == source.id),
            None,
        )
        if source_line is not None:
            line_ids.append(source_line.line_id)
        return line_ids, bundle_key
    if checked.picks:  # several ticked cross-sell choices: one line each, in this transaction
        added = [
            adapter.add_line(c.product.id, 1, q.unit_price, offer_id=rule.id)
            for c, q in checked.picks
        ]
        return added, ""
    return [adapter.add_line(choice.product.id, 1, unit, offer_id=rule.id)], ""


def _bundle_label(checked: _Checked) -> str:
    first = checked.decision.choices[0]
    titles = [first.source_product.title] if first.source_product else []
    titles += [c.product.title for c in checked.decision.choices]
    return (_("Set discount: %(items)s") % {"items": " + ".join(titles)})[:200]


def _record(
    acceptance: OfferAcceptance,
    checked: _Checked,
    line_ids: list[str],
    bundle_key: str,
    response: dict[str, Any],
) -> None:
    source = checked.choice.source_product
    acceptance.product_id = checked.choice.product.id
    acceptance.source_product_id = source.id if source else None
    acceptance.line_ids = line_ids
    acceptance.bundle_key = bundle_key
    acceptance.unit_price = checked.amount
    acceptance.value = checked.value
    change = change_of(checked)
    acceptance.incremental = change.incremental
    acceptance.kept = change.kept
    acceptance.response = response
    acceptance.save(
        update_fields=[
            "product_id",
            "source_product_id",
            "line_ids",
            "bundle_key",
            "unit_price",
            "value",
            "incremental",
            "kept",
            "response",
            "cart_key",
            "undo_plan",
        ]
    )


def change_of(checked: _Checked) -> incremental.Change:
    """What this accept changes in the order's revenue, priced on the server (not line totals)."""
    rule, choice, quote = checked.rule, checked.choice, checked.quote
    line = choice.source_line
    units = line.quantity if line is not None else 1
    if rule.kind is Kind.UPSELL and line is not None:
        # The replaced line at the shop's price: a discount the shopper had is not the offer's gain.
        before = line.unit_price
        if choice.source_product is not None:
            places = upsell_settings.PRICE_DECIMAL_PLACES
            before = round_money(choice.source_product.price, places)
        return incremental.upsell_change(quote.unit_price, before, units)
    if rule.kind is Kind.SUBSCRIPTION and line is not None:
        minimum = rule.subscription.minimum_deliveries if rule.subscription is not None else 0
        return incremental.subscription_change(
            quote.unit_price, units, minimum, line.unit_price * units
        )
    if rule.kind is Kind.DOWNSELL:
        return incremental.downsell_change(quote.unit_price, units)
    if rule.kind is Kind.BUNDLE:
        places = upsell_settings.PRICE_DECIMAL_PLACES
        items = [round_money(c.product.price, places) for c in checked.decision.choices]
        return incremental.added_change(items, quote.bundle_discount)
    if checked.picks:
        return incremental.added_change(q.unit_price for _, q in checked.picks)
    return incremental.added_change([quote.unit_price])


def _revoke_swapped_away(request: HttpRequest, checked: _Checked) -> None:
    """An upgrade or downgrade swapped a line's product: what earlier acceptances agreed for the
    product it held (an earlier swap, a plan, a set it completed) no longer holds. A cart with
    only lines needs none of this: the app's terms name the product their line must hold."""
    line = checked.choice.source_line
    if checked.rule.kind in (Kind.UPSELL, Kind.DOWNSELL) and line is not None:
        revoke_for_removed_line(request, line.line_id)


# -- a line an acceptance created was removed ---------------------------------------------------
def revoke_for_removed_line(request: HttpRequest, line_id: str) -> None:
    """The shopper removed a line an offer added: the acceptance no longer holds.

    A bundle's discount was granted for the whole set, so it goes with any of its lines.
    """
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    user = getattr(request, "user", None)
    whose = Q(shopper_key=session_key) if session_key else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        whose |= Q(user_id=user.pk)
    applied = OfferAcceptance.objects.filter(whose, status=AcceptanceStatus.APPLIED).only(
        "pk", "line_ids", "bundle_key"
    )
    # JSON "contains" is not portable (SQLite): a shopper has few acceptances, filter here.
    hits = [a for a in applied if str(line_id) in a.line_ids]
    if not hits:
        return
    adapter = get_cart_adapter(request)
    with transaction.atomic():
        for acceptance in hits:
            acceptance.status = AcceptanceStatus.REVOKED
            acceptance.save(update_fields=["status"])
            # A cart with only lines needs no revoking: the app's terms follow its lines.
            if acceptance.bundle_key and isinstance(adapter, CartAdapter):
                adapter.revoke_bundle_discount(acceptance.bundle_key)
                cart_snapshots.forget(request)


# -- decline and dismiss ------------------------------------------------------------------------
def _ensure_offer_exists(offer_id: int) -> None:
    if offer_id in get_offer_index().rules:
        return  # the cached index knows it: no query
    if not Offer.objects.filter(pk=offer_id).exists():
        raise AcceptanceError(404, "not_found", _("This offer does not exist."))


def decline_offer(request: HttpRequest, offer_id: int) -> None:
    """ "No thanks": never this offer again for the session (for a customer, for good), and a
    quiet while without any pop-up."""
    _ensure_offer_exists(offer_id)
    shopper_state.record_decline(request, offer_id)
    signals.offer_declined.send(sender=Offer, request=request, offer_id=offer_id)


def dismiss_offer(request: HttpRequest, offer_id: int) -> None:
    """Closed with Esc or ×: not this offer again in this session, no lasting refusal."""
    _ensure_offer_exists(offer_id)
    shopper_state.record_dismiss(request, offer_id)
    signals.offer_dismissed.send(sender=Offer, request=request, offer_id=offer_id)
