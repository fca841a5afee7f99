"""Redis for the tests: the server ``REDIS_URL`` names, and only keys of this run.

Two ``make test`` runs (two engineers, two CI jobs) may share one Redis. So the tests never wipe
a database (``FLUSHDB``, what ``cache.clear()`` does on Redis): every cache key of a run starts
with ``CACHE_KEY_PREFIX`` plus a run id, and cleaning up deletes that prefix alone
(``SCAN`` + ``DEL``). The Celery broker of the worker tests is the database after ``REDIS_URL``'s
(``/1`` -> ``/2``) on the same server, with queue names and event-buffer keys of this run.

One variable: ``REDIS_URL`` (default ``redis://127.0.0.1:6379/1``); tests that need Redis skip
when it does not answer.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: This test process's id in every key and queue it creates.
RUN_ID = uuid.uuid4().hex[:10]
#: The Redis database of the cache tests.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
#: The cache key prefix of this run: the shop's prefix, then the run id.
RUN_PREFIX = f"{os.environ.get('CACHE_KEY_PREFIX') or 'upsell-tests'}-run-{RUN_ID}"

REDIS_BACKENDS = ("django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache")


def neighbour_database(url: str) -> str:
    """The same server's next database (``/1`` -> ``/2``, ``/15`` -> ``/0``): the broker's."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


#: The Celery broker (and event buffer) of the worker and recording tests.
BROKER_URL = neighbour_database(REDIS_URL)


def run_name(name: str) -> str:
    """A queue or key name of this run alone."""
    return f"{name}-{RUN_ID}"


def run_caches(caches_setting: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``CACHES`` with every Redis cache's key prefix narrowed to this run."""
    return {
        alias: {**conf, "KEY_PREFIX": f"{conf.get('KEY_PREFIX', '')}-run-{RUN_ID}"}
        if conf.get("BACKEND") in REDIS_BACKENDS
        else conf
        for alias, conf in caches_setting.items()
    }


def redis_client(cache: Any) -> Any | None:
    """The redis-py client under a Django cache, or ``None`` for a cache of this process."""
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        return cache._cache.get_client(write=True)
    try:
        from django_redis.cache import RedisCache as DjangoRedisCache
    except ImportError:  # pragma: no cover - django-redis is a dependency of the app
        return None
    if isinstance(cache, DjangoRedisCache):
        return cache.client.get_client(write=True)
    return None


def delete_prefixed(client: Any, prefix: str) -> int:
    """Delete every key that starts with ``prefix`` (``SCAN`` + ``DEL``); how many went."""
    if not prefix:
        raise ValueError("an empty prefix would delete every key of the database")
    pattern = re.sub(r"([\\*?\[\]])", r"\\\1", prefix) + "*"
    deleted = 0
    batch: list[bytes] = []
    for key in client.scan_iter(match=pattern, count=1000):
        batch.append(key)
        if len(batch) == 1000:
            deleted += client.delete(*batch)
            batch.clear()
    if batch:
        deleted += client.delete(*batch)
    return deleted


def clear_own_keys(cache: Any) -> None:
    """Empty a cache of this run's keys: on Redis only its prefix, anything else entirely."""
    client = redis_client(cache)
    if client is None:
        cache.clear()  # local memory, a file or the database: this run's own
        return
    if not cache.key_prefix:
        raise RuntimeError(
            "A Redis cache without KEY_PREFIX in the tests: its keys cannot be told from another "
            "run's. Name a prefix (see tests/redis_keys.py)."
        )
    delete_prefixed(client, f"{cache.key_prefix}:")


def redis_is_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


#: The event buffer's fixed key names (``upsell_app.analytics.buffer``), per run in the tests.
BUFFER_KEY_NAMES = ("BUFFER_KEY", "LOCK_KEY", "SCHEDULED_KEY")
#: A worker process started by a test names its buffer keys after the run in this variable.
BUFFER_RUN_VARIABLE = "UPSELL_TEST_BUFFER_RUN"


def name_event_buffer_after_run(run_id: str) -> dict[str, str]:
    """Give the event buffer keys of one run; returns the names it had, to put back."""
    from upsell_app.analytics import buffer

    shop_names = {name: getattr(buffer, name) for name in BUFFER_KEY_NAMES}
    for name, key in shop_names.items():
        setattr(buffer, name, f"{key}:{run_id}")
    return shop_names


@contextmanager
def event_buffer_of_run(run_id: str = RUN_ID) -> Iterator[None]:
    """The event buffer under keys of this run: another run's buffer on the broker stays apart."""
    from upsell_app.analytics import buffer

    shop_names = name_event_buffer_after_run(run_id)
    try:
        yield
    finally:
        for name, key in shop_names.items():
            setattr(buffer, name, key)
