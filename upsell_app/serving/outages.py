"""What the app does when a shared service is down: keep the shop selling, say so in the log.

The app keeps restraint memory, the offer index's version and the event buffer in Redis. When
Redis cannot be reached the shopper's request must still succeed: the offers request answers
"no offer" (restraint cannot be honoured without its memory, so nothing is shown), the throttle
lets requests through, accept and decline work on the database alone. Each of those places
catches :data:`CACHE_ERRORS` and calls :func:`report`, which logs a warning at most once per
``REPORT_EVERY_SECONDS`` per place (with how many it held back), so an outage under load is a few
clear lines instead of thousands.

The app's cache alias must raise on errors for this to work: a cache configured to swallow them
(django-redis ``IGNORE_EXCEPTIONS``) makes an outage look like a shopper never seen before, and the
check ``upsell_app.W030`` says so.
"""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("upsell_app.outages")

REPORT_EVERY_SECONDS = 10.0


def _cache_errors() -> tuple[type[BaseException], ...]:
    """Errors of a cache whose server cannot be reached, for the backends a shop may use."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]  # builtins: OSError kin
    try:
        import redis

        errors.append(redis.RedisError)  # Django's own RedisCache raises redis-py's errors
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)
    except ImportError:  # a shop without django-redis
        pass
    return tuple(errors)


#: Catch these around the app's cache calls in a shopper's request.
CACHE_ERRORS: tuple[type[BaseException], ...] = _cache_errors()

_lock = threading.Lock()
_last: dict[str, float] = {}
_held: dict[str, int] = {}


def report(place: str, exc: BaseException, consequence: str) -> None:
    """Log that ``place`` met an unreachable service and what the shopper gets instead."""
    now = time.monotonic()
    with _lock:
        last = _last.get(place)
        if last is not None and now - last < REPORT_EVERY_SECONDS:
            _held[place] = _held.get(place, 0) + 1
            return
        _last[place] = now
        held = _held.pop(place, 0)
    more = f" ({held} more since the last report)" if held else ""
    logger.warning(
        "upsell: %s: cache unreachable (%s: %s); %s%s",
        place,
        type(exc).__name__,
        exc,
        consequence,
        more,
    )


def forget_reports() -> None:
    """Start counting afresh (tests)."""
    with _lock:
        _last.clear()
        _held.clear()
