"""Restraint memory per shopper: pop-ups shown, last pop-up, declined offers.

Kept in the cache (Redis in production) under the session key, so the offers request never
writes SQL. A logged-in customer's declines are also stored in the database and survive sessions.
"No thanks" and closing a pop-up are also kept in the session's own data (a decline is rare, the
session is read on every request anyway): they hold when the cache is flushed or unreachable.
When the cache cannot be reached, accepting and declining still work (see :mod:`.outages`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest

from ..conf import upsell_settings
from ..selection import timing
from ..selection.types import CartSnapshot, ShopperState, Trigger
from .outages import CACHE_ERRORS, report

#: Offers this session said "No thanks" to or closed, in the session's data.
SESSION_DECLINED = "_upsell_declined"


def _cache():
    return caches[upsell_settings.CACHE_ALIAS]


def shopper_key(request: HttpRequest) -> str:
    """A stable id for this shopper's session, creating the session when there is none yet."""
    session = request.session
    if session.session_key is None:
        session.save()
    return session.session_key  # type: ignore[return-value]


def _state_key(key: str) -> str:
    return f"upsell:shopper:{key}"


def _user_declines_key(user_id: int) -> str:
    return f"upsell:user-declines:{user_id}"


def declines_key(request: HttpRequest) -> str | None:
    """The cache key of a logged-in customer's lasting declines (for batched reads), or ``None``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return _user_declines_key(user.pk)


def user_declines(user_id: int, cached: Mapping[str, Any] | None = None) -> frozenset[int]:
    """A customer's lasting declines; ``cached``: a batched read that already asked for them."""
    from ..models import OfferDecline

    cache = _cache()
    key = _user_declines_key(user_id)
    if cached is not None:
        declined = cached.get(key)
    else:
        try:
            declined = cache.get(key)
        except CACHE_ERRORS as exc:
            report("restraint memory", exc, "a customer's declines are read from the database")
            return frozenset(
                OfferDecline.objects.filter(user_id=user_id).values_list("offer_id", flat=True)
            )
    if declined is None:
        declined = list(
            OfferDecline.objects.filter(user_id=user_id).values_list("offer_id", flat=True)
        )
        cache.set(_user_declines_key(user_id), declined, upsell_settings.SHOPPER_STATE_TTL_SECONDS)
    return frozenset(declined)


def state_key(request: HttpRequest) -> str:
    """The cache key of this shopper's restraint memory (for callers that batch cache reads)."""
    return _state_key(shopper_key(request))


def load(request: HttpRequest) -> ShopperState:
    """The state for accepting and declining: without the cache, what the database knows."""
    try:
        raw = _cache().get(state_key(request))
    except CACHE_ERRORS as exc:
        report("restraint memory", exc, "only declines kept in the session and database count")
        raw = None
    return from_cached(request, raw)


def from_cached(
    request: HttpRequest, raw: dict | None, cached: Mapping[str, Any] | None = None
) -> ShopperState:
    """The state from its cached value (``None`` when there is none yet).

    ``cached``: the batched read that also asked for :func:`declines_key`, so a logged-in
    customer's declines cost no read of their own.
    """
    raw = raw or {}
    declined = frozenset(raw.get("declined", ()))
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_DECLINED):
        declined |= frozenset(session[SESSION_DECLINED])
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        declined |= user_declines(user.pk, cached)
    return ShopperState(
        declined_offer_ids=declined,
        popups_shown=raw.get("shown", 0),
        last_popup_at=raw.get("last_at"),
        last_decline_at=raw.get("declined_at"),
        browsing_popups_shown=raw.get("browsing", 0),
        last_key_popup_at=raw.get("key_at"),
        seen_carts=tuple(raw.get("carts", ())),
    )


def to_cached(state: ShopperState) -> dict[str, Any]:
    """The state as the cache keeps it (what :func:`from_cached` reads back)."""
    return {
        "declined": sorted(state.declined_offer_ids),
        "shown": state.popups_shown,
        "last_at": state.last_popup_at,
        "declined_at": state.last_decline_at,
        "browsing": state.browsing_popups_shown,
        "key_at": state.last_key_popup_at,
        "carts": list(state.seen_carts),
    }


def _save(request: HttpRequest, state: ShopperState) -> None:
    key = _state_key(shopper_key(request))
    _cache().set(key, to_cached(state), upsell_settings.SHOPPER_STATE_TTL_SECONDS)


def after_popup(
    state: ShopperState, trigger: Trigger | None = None, cart: CartSnapshot | None = None
) -> ShopperState:
    """The state once a pop-up opened at ``trigger`` for ``cart`` (nothing written)."""
    if trigger is None:
        return replace(state, popups_shown=state.popups_shown + 1, last_popup_at=time.time())
    return timing.after_popup(state, time.time(), trigger, cart or CartSnapshot())


def record_popup(
    request: HttpRequest,
    state: ShopperState,
    trigger: Trigger | None = None,
    cart: CartSnapshot | None = None,
) -> ShopperState:
    """A pop-up opened at ``trigger`` for ``cart``: counted against the moment's budget."""
    new = after_popup(state, trigger, cart)
    _save(request, new)
    return new


def _remember_in_session(request: HttpRequest, offer_id: int) -> None:
    session = request.session
    declined = list(session.get(SESSION_DECLINED, ()))
    if offer_id not in declined:
        session[SESSION_DECLINED] = [*declined, offer_id]


def _save_softly(request: HttpRequest, state: ShopperState, what: str) -> None:
    try:
        _save(request, state)
    except CACHE_ERRORS as exc:
        report("restraint memory", exc, f"the {what} is kept in the session and database only")


def record_decline(request: HttpRequest, offer_id: int) -> None:
    _remember_in_session(request, offer_id)
    state = load(request)
    _save_softly(
        request,
        replace(
            state,
            declined_offer_ids=state.declined_offer_ids | {offer_id},
            last_decline_at=time.time(),
        ),
        "decline",
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from ..models import OfferDecline

        OfferDecline.objects.get_or_create(user_id=user.pk, offer_id=offer_id)
        try:
            _cache().delete(_user_declines_key(user.pk))
        except CACHE_ERRORS as exc:
            report("restraint memory", exc, "the customer's cached declines are refreshed later")


def record_dismiss(request: HttpRequest, offer_id: int) -> None:
    """Closed without an answer: silence this offer for the session, nothing lasting."""
    _remember_in_session(request, offer_id)
    state = load(request)
    dismissed = replace(state, declined_offer_ids=state.declined_offer_ids | {offer_id})
    _save_softly(request, dismissed, "dismissal")


def reset(request: HttpRequest) -> None:
    _cache().delete(_state_key(shopper_key(request)))
