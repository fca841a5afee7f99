"""A lock on one cart that needs no database row: a cache key with an expiry.

It serialises accepted offers on carts kept in the session (or anywhere without a row to lock).
With django-redis it is redis-py's lock (a token only its owner can release, so a run that
outlived the expiry cannot free the next owner's lock); with another shared cache, an atomic
``cache.add``. The expiry frees the cart within ``CART_LOCK_SECONDS`` when the owner dies.
A per-process cache (LocMemCache) only serialises one process: use Redis or Memcached.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
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
