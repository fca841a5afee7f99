"""Restraint memory per shopper: pop-ups shown, last pop-up, declined offers.

Kept in the cache (Redis in production) under the session key, so the offers request never
writes SQL. A logged-in customer's declines are also stored in the database and survive sessions.
"""

from __future__ import annotations

import time
from dataclasses import replace

from django.core.cache import caches
from django.http import HttpRequest

from .conf import upsell_settings
from .selection.types import ShopperState


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


def user_declines(user_id: int) -> frozenset[int]:
    cache = _cache()
    declined = cache.get(_user_declines_key(user_id))
    if declined is None:
        from .models import OfferDecline

        declined = list(
            OfferDecline.objects.filter(user_id=user_id).values_list("offer_id", flat=True)
        )
        cache.set(_user_declines_key(user_id), declined, upsell_settings.SHOPPER_STATE_TTL_SECONDS)
    return frozenset(declined)


def state_key(request: HttpRequest) -> str:
    """The cache key of this shopper's restraint memory (for callers that batch cache reads)."""
    return _state_key(shopper_key(request))


def load(request: HttpRequest) -> ShopperState:
    return from_cached(request, _cache().get(state_key(request)))


def from_cached(request: HttpRequest, raw: dict | None) -> ShopperState:
    """The state from its cached value (``None`` when there is none yet)."""
    raw = raw or {}
    declined = frozenset(raw.get("declined", ()))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        declined |= user_declines(user.pk)
    return ShopperState(
        declined_offer_ids=declined,
        popups_shown=raw.get("shown", 0),
        last_popup_at=raw.get("last_at"),
        last_decline_at=raw.get("declined_at"),
    )


def _save(request: HttpRequest, state: ShopperState) -> None:
    raw = {
        "declined": sorted(state.declined_offer_ids),
        "shown": state.popups_shown,
        "last_at": state.last_popup_at,
        "declined_at": state.last_decline_at,
    }
    _cache().set(_state_key(shopper_key(request)), raw, upsell_settings.SHOPPER_STATE_TTL_SECONDS)


def record_popup(request: HttpRequest, state: ShopperState) -> ShopperState:
    new = replace(state, popups_shown=state.popups_shown + 1, last_popup_at=time.time())
    _save(request, new)
    return new


def record_decline(request: HttpRequest, offer_id: int) -> None:
    state = load(request)
    _save(
        request,
        replace(
            state,
            declined_offer_ids=state.declined_offer_ids | {offer_id},
            last_decline_at=time.time(),
        ),
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .models import OfferDecline

        OfferDecline.objects.get_or_create(user_id=user.pk, offer_id=offer_id)
        _cache().delete(_user_declines_key(user.pk))


def record_dismiss(request: HttpRequest, offer_id: int) -> None:
    """Closed without an answer: silence this offer for the session, nothing lasting."""
    state = load(request)
    _save(request, replace(state, declined_offer_ids=state.declined_offer_ids | {offer_id}))


def reset(request: HttpRequest) -> None:
    _cache().delete(_state_key(shopper_key(request)))
