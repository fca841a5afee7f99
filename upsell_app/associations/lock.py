"""The refresh lock: one association run at a time, and a lock that dies with its owner.

The lock is a lease in the cache (Redis in production) of ``ASSOCIATIONS_LOCK_TIMEOUT`` seconds
(30 by default), renewed every third of that by a heartbeat thread while the run lives. A run
killed outright (``kill -9``, a lost machine) stops renewing, so its lock lapses within one lease
and the next run proceeds: a crash no longer blocks every refresh for half an hour.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from django.core.cache import caches

from ..conf import upsell_settings
from .settings import setting

LOCK_KEY = "upsell:assoc:lock"

logger = logging.getLogger("upsell_app.associations")


class LockHeld(Exception):
    pass


def _cache():  # noqa: ANN202
    return caches[upsell_settings.CACHE_ALIAS]


def lease_seconds() -> int:
    return max(1, int(setting("ASSOCIATIONS_LOCK_TIMEOUT")))


def acquire_lock(token: str) -> bool:
    return bool(_cache().add(LOCK_KEY, token, lease_seconds()))


def release_lock(token: str) -> None:
    cache = _cache()
    if cache.get(LOCK_KEY) == token:  # never release a lock a later run took after ours expired
        cache.delete(LOCK_KEY)


def renew_lock(token: str) -> bool:
    """Extend the lease of the lock ``token`` holds; ``False`` when it holds it no longer."""
    cache = _cache()
    if cache.get(LOCK_KEY) != token:
        return False
    return bool(cache.touch(LOCK_KEY, lease_seconds()))


def holder() -> str | None:
    return _cache().get(LOCK_KEY)


class Heartbeat:
    """Renews the lease of ``token`` every third of a lease while the ``with`` block runs.

    A daemon thread: it dies with its process, which is the point.
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name="upsell-assoc-lock-heartbeat", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stop.wait(lease_seconds() / 3):
            try:
                if not renew_lock(self.token):
                    logger.warning(
                        "upsell: the association refresh lock %s lapsed before its run ended "
                        "(the cache was unreachable for longer than a lease?)",
                        self.token,
                    )
                    return
            except Exception:  # noqa: BLE001 - a cache hiccup: try again at the next beat
                logger.warning("upsell: could not renew the refresh lock", exc_info=True)


@contextmanager
def refresh_lock(token: str | None = None, wait_seconds: float = 0) -> Iterator[str]:
    """Hold the lock (renewed by a heartbeat) for the ``with`` block.

    Raises :class:`LockHeld` when another run holds it for longer than ``wait_seconds``: a run
    taking over from a dead one waits for that one's lease to lapse.
    """
    token = token or uuid.uuid4().hex
    deadline = time.monotonic() + wait_seconds
    while not acquire_lock(token):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LockHeld(str(holder()))
        time.sleep(min(0.5, remaining))
    try:
        with Heartbeat(token):
            yield token
    finally:
        release_lock(token)
