"""Cart snapshots kept in the cache between cart changes (``CART_SNAPSHOT_SECONDS`` > 0).

The offers request runs on every cart page, but the cart changes far less often than it is
shown. With this on, the snapshot the shop's adapter returned is cached per session and the
warm offers request reads it with the shopper's other cache keys in one round trip: no SQL.

A snapshot is trusted only while the session's *cart revision* is the one it was read at. The
revision moves whenever the cart changes: the shop's signals (``cart_line_added``,
``cart_line_removed``, ``cart_changed``, ``order_completed``) and every accepted offer bump it.
The revision is read *before* the adapter, so a change racing a read leaves a snapshot tagged
with an old revision, which the next request ignores. The accept endpoint never uses a cached
snapshot: it re-reads the cart through the adapter before it changes anything.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db import transaction

from ..conf import upsell_settings
from ..selection.types import CartSnapshot
from .outages import CACHE_ERRORS, report


def enabled() -> bool:
    return bool(upsell_settings.CART_SNAPSHOT_SECONDS)


def snapshot_key(session_key: str) -> str:
    return f"upsell:cart:{session_key}"


def revision_key(session_key: str) -> str:
    return f"upsell:cart-rev:{session_key}"


def keys(session_key: str) -> list[str]:
    """The cache keys :func:`cached` needs, for the caller's batched read."""
    return [snapshot_key(session_key), revision_key(session_key)]


def cached(found: dict[str, Any], session_key: str) -> CartSnapshot | None:
    """The snapshot among batched cache values, if it was read at the current revision."""
    entry = found.get(snapshot_key(session_key))
    if entry is None:
        return None
    revision, snapshot = entry
    return snapshot if revision == found.get(revision_key(session_key), 0) else None


def entry(session_key: str, revision: int, snapshot: CartSnapshot) -> tuple[str, Any, int]:
    """(key, value, seconds) of a snapshot read at ``revision``: for a caller's batched write."""
    return snapshot_key(session_key), (revision, snapshot), upsell_settings.CART_SNAPSHOT_SECONDS


def remember(session_key: str, revision: int, snapshot: CartSnapshot) -> None:
    caches[upsell_settings.CACHE_ALIAS].set(*entry(session_key, revision, snapshot))


def forget(request: Any) -> None:
    """The cart of this request's session changed: no cached snapshot of it may be used.

    Takes effect at once, and again when the current transaction commits: a request that read
    the uncommitted (old) cart in between must not find a revision that vouches for it.
    """
    if not enabled() or request is None:
        return
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if session_key:
        _bump(session_key)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(session_key))


def _bump(session_key: str) -> None:
    try:
        _bump_revision(session_key)
    except CACHE_ERRORS as exc:
        # The snapshot expires by itself (CART_SNAPSHOT_SECONDS); accepting re-reads the cart.
        report("cart snapshot", exc, "a cached cart snapshot may be used until it expires")


def _bump_revision(session_key: str) -> None:
    cache = caches[upsell_settings.CACHE_ALIAS]
    cache.delete(snapshot_key(session_key))  # the revision alone could have been evicted
    key = revision_key(session_key)
    # Outlives any snapshot, so a revision never falls back to one a snapshot was tagged with.
    timeout = upsell_settings.CART_SNAPSHOT_SECONDS + upsell_settings.SHOPPER_STATE_TTL_SECONDS
    cache.add(key, 0, timeout)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout)
