"""A lock on one cart that needs no database row: a cache key with an expiry.

It serialises accepted offers on carts kept in the session (or anywhere without a row to lock).
With django-redis it is redis-py's lock (a token only its owner can release, so a run that
outlived the expiry cannot free the next owner's lock); with another shared cache, an atomic
``cache.add``. The expiry frees the cart within ``CART_LOCK_SECONDS`` when the owner dies.
A per-process cache (LocMemCache) only serialises one process: use Redis or Memcached.

A cart the app cannot lock or write in place (a signed cookie, a cart behind the shop's API) is
guarded optimistically instead: every writer, the app's accept and the shop's own views alike,
compares the cart version it read with the last one written (:func:`check_version`,
:func:`save_checked`), so a writer that read a stale cart is refused rather than overwriting.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.cache import caches

from .conf import upsell_settings


class CartBusy(Exception):
    """Another change to this cart held the lock for longer than we may wait."""


@contextmanager
def cache_lock(name: str) -> Iterator[None]:
    cache = caches[upsell_settings.CACHE_ALIAS]
    timeout = float(upsell_settings.CART_LOCK_SECONDS)
    wait = float(upsell_settings.CART_LOCK_WAIT_SECONDS)
    if hasattr(cache, "lock"):  # django-redis
        lock = cache.lock(name, timeout=timeout, sleep=0.02, blocking_timeout=wait)
        if not lock.acquire():
            raise CartBusy(name)
        try:
            yield
        finally:
            try:
                lock.release()
            except Exception:  # noqa: BLE001 - expired and maybe taken over: not ours to free
                pass
        return
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    while not cache.add(name, token, timeout):
        if time.monotonic() >= deadline:
            raise CartBusy(name)
        time.sleep(0.02)
    try:
        yield
    finally:
        if cache.get(name) == token:
            cache.delete(name)


# -- carts the app cannot lock: an optimistic check on their version ----------------------------
class CartChanged(Exception):
    """The cart was changed by another request since this one read it: writing now would lose
    that change (or apply an offer twice)."""


def lock_name(cart_key: str) -> str:
    """The cache lock every change to one cart takes: the app's accepts and the shop's own writes
    (:func:`save_checked`) queue behind the same name."""
    return f"upsell:cart-lock:{cart_key}"


def _version_key(cart_key: str) -> str:
    return f"upsell:cart-version:{cart_key}"


def _version_seconds() -> int:
    from django.conf import settings

    seconds = upsell_settings.ADJUSTMENTS_MAX_AGE_SECONDS
    return int(settings.SESSION_COOKIE_AGE if seconds is None else seconds)


def check_version(cart_key: str, read: str) -> None:
    """Refuse (:class:`CartChanged`) when the last version written for this cart is not the one
    this request read. Call it holding the cart's lock. A cart never written through the app's
    record (a new cart, or one whose record expired with the cart) passes."""
    written = caches[upsell_settings.CACHE_ALIAS].get(_version_key(cart_key))
    if written is not None and written != read:
        raise CartChanged(cart_key)


def record_version(cart_key: str, version: str) -> None:
    """The cart now is ``version``: the next writer must have read this one."""
    caches[upsell_settings.CACHE_ALIAS].set(_version_key(cart_key), version, _version_seconds())


def save_checked(cart_key: str, read: str, written: str, save: Callable[[], None]) -> None:
    """The shop's own write to a cart the app cannot lock (a cookie, a cart behind an API):
    under the cart's lock, refuse with :class:`CartChanged` when someone wrote since ``read``,
    else ``save()`` and record ``written``. Use it for every change the shop makes (add to cart,
    quantity, checkout), so neither the shop nor an accept ever overwrites the other."""
    with cache_lock(lock_name(cart_key)):
        check_version(cart_key, read)
        save()
        record_version(cart_key, written)
