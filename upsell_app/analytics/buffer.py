"""A Redis list that holds events between the shopper's request and their bulk write.

Publishing one Celery message per impression costs the pop-up request about a millisecond (kombu
builds, serialises and routes each message). Appending to a Redis list costs one round trip. The
request pushes and, in the same round trip, sets a "flush scheduled" mark if there is none; the
push that set it schedules one ``flush_events`` task, which writes everything buffered in bulk and
clears the mark. The mark expires after ``SCHEDULED_SECONDS``, so a flush that never ran (its
message lost with a Redis restart, a worker that died) is scheduled again by the next push. Only
impressions travel this way (the shopper's answers are written in the request). Nothing is lost:

- the worker is down: events wait in Redis (as a queued task would) until a flush runs: the
  next worker start, the beat safety net, or ``manage.py upsell_flush_events``;
- Redis is down: the push fails at once and the request writes its events directly;
- Redis restarts: what it held survives only if it is durable (append-only file, checked by
  ``upsell_app.W031``); the first push after the restart schedules the flush;
- a worker dies mid-flush: a batch is removed from the list only after its rows are committed,
  and rows are unique by ``uid``, so the next flush re-reads it and adds nothing twice.

One flush runs at a time (a lock with expiry); a flush that finds the lock taken exits.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from ..conf import upsell_settings

logger = logging.getLogger("upsell_app.analytics")

BUFFER_KEY = "upsell:events:buffer"
LOCK_KEY = "upsell:events:flush-lock"
SCHEDULED_KEY = "upsell:events:flush-scheduled"
SCHEDULED_SECONDS = 30  # a scheduled flush that has not cleared its mark by then is lost
LOCK_SECONDS = 120  # a dead flusher's lock expires; one batch takes well under a second
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()

# Release the lock only if it is still ours (it may have expired and been taken meanwhile).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


def buffer_url() -> str | None:
    """The Redis URL of the buffer: ``EVENTS_BUFFER_URL``, else the Celery broker if it is Redis.

    ``None`` means no buffer: events go to Celery one task per batch, or are written directly.
    """
    if not upsell_settings.EVENTS_ASYNC:
        return None
    configured = upsell_settings.EVENTS_BUFFER_URL
    if configured is not None:
        return configured or None
    from celery import current_app

    conf = current_app._get_current_object().conf
    broker = conf.broker_url or ""
    if conf.task_always_eager or not broker.startswith(REDIS_SCHEMES):
        return None
    return broker


def client(url: str) -> Any:
    """One connection pool per URL and process; a dead Redis fails in a quarter of a second."""
    found = _clients.get(url)
    if found is None:
        import redis

        with _clients_lock:
            found = _clients.get(url)
            if found is None:
                found = redis.Redis.from_url(
                    url, socket_connect_timeout=0.25, socket_timeout=2, health_check_interval=30
                )
                _clients[url] = found
    return found


def forget_clients() -> None:
    """Drop pooled connections (tests that point the buffer somewhere else)."""
    with _clients_lock:
        for found in _clients.values():
            found.close()
        _clients.clear()


def push(url: str, payloads: Sequence[dict[str, Any]]) -> bool:
    """Append events; ``True`` when no flush is scheduled, so the caller must schedule one.

    Raises ``redis.RedisError`` when Redis cannot be reached: the caller writes directly.
    """
    pipe = client(url).pipeline(transaction=False)
    pipe.rpush(BUFFER_KEY, *(json.dumps(p) for p in payloads))
    pipe.set(SCHEDULED_KEY, 1, nx=True, ex=SCHEDULED_SECONDS)
    _length, scheduled_now = pipe.execute()
    return bool(scheduled_now)


def pending(url: str) -> int:
    return int(client(url).llen(BUFFER_KEY))


def flush(url: str, write: Callable[[list[dict[str, Any]]], Any], batch: int | None = None) -> int:
    """Write every buffered event in batches; returns how many were taken off the list.

    Returns 0 at once when another flush holds the lock. A push that lands while this flush
    finishes finds the list non-empty and schedules nothing, so the lock is released before the
    last look at the list, and a late arrival is flushed here rather than stranded.
    """
    redis_client = client(url)
    size = batch or upsell_settings.EVENTS_FLUSH_BATCH
    taken = 0
    while True:
        token = uuid.uuid4().hex
        if not redis_client.set(LOCK_KEY, token, nx=True, ex=LOCK_SECONDS):
            return taken
        try:
            while raw := redis_client.lrange(BUFFER_KEY, 0, size - 1):
                rows = []
                for item in raw:
                    try:
                        rows.append(json.loads(item))
                    except ValueError:
                        logger.error("upsell: dropped an unreadable buffered event: %r", item[:200])
                write(rows)  # committed before the batch leaves the list
                redis_client.ltrim(BUFFER_KEY, len(raw), -1)
                taken += len(raw)
        finally:
            redis_client.eval(_RELEASE, 1, LOCK_KEY, token)
        # Cleared before the last look: a push landing now schedules a flush of its own.
        redis_client.delete(SCHEDULED_KEY)
        if not redis_client.llen(BUFFER_KEY):
            return taken
