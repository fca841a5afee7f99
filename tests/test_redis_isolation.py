"""Two test runs can share one Redis: a run deletes only keys under its own prefix.

The cleanup here is the one every test gets (``_clear_caches`` in tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches

from tests.api.redis_cache import needs_redis, use_redis_cache
from tests.redis_keys import (
    RUN_ID,
    RUN_PREFIX,
    clear_own_keys,
    delete_prefixed,
    neighbour_database,
    redis_client,
)


@pytest.fixture
def cache(settings):
    use_redis_cache(settings)
    return caches["default"]


@pytest.fixture
def foreign_key(cache) -> Iterator[bytes]:
    """A key another run wrote into the same database; its prefix even starts like ours."""
    key = f"{RUN_PREFIX}x-another-run:1:offer-index".encode()
    client = redis_client(cache)
    client.set(key, b"theirs")
    yield key
    client.delete(key)


@needs_redis
def test_the_cleanup_between_tests_leaves_another_runs_keys(cache, foreign_key):
    cache.set("offer-index", "ours")

    clear_own_keys(cache)

    assert redis_client(cache).get(foreign_key) == b"theirs"


@needs_redis
def test_the_cleanup_between_tests_deletes_this_runs_keys(cache):
    cache.set("offer-index", "ours")
    cache.set("shopper:1", "ours", version=3)

    clear_own_keys(cache)

    assert cache.get("offer-index") is None and cache.get("shopper:1", version=3) is None


@needs_redis
def test_a_redis_cache_without_a_prefix_is_refused_rather_than_wiped(settings, foreign_key):
    settings.CACHES = {**settings.CACHES, "bare": {**settings.CACHES["default"], "KEY_PREFIX": ""}}

    with pytest.raises(RuntimeError, match="KEY_PREFIX"):
        clear_own_keys(caches["bare"])
    assert redis_client(caches["bare"]).get(foreign_key) == b"theirs"


@needs_redis
def test_glob_characters_in_a_prefix_match_only_themselves(cache):
    client = redis_client(cache)
    ours, theirs = f"{RUN_PREFIX}[ab]:1:k", f"{RUN_PREFIX}a:1:k"
    client.set(ours, 1)
    client.set(theirs, 1)
    try:
        assert delete_prefixed(client, f"{RUN_PREFIX}[ab]:") == 1
        assert client.exists(theirs)
    finally:
        client.delete(ours, theirs)


def test_the_suites_redis_caches_write_under_this_runs_prefix():
    redis_caches = [c for c in caches.all() if redis_client(c) is not None]
    if not redis_caches:
        pytest.skip("no Redis cache in these settings (REDIS_URL unset)")

    assert all(c.key_prefix.endswith(f"-run-{RUN_ID}") for c in redis_caches)


@pytest.mark.parametrize(
    "url, broker",
    [
        ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/2"),
        ("redis://:secret@cache.local:6400/15", "redis://:secret@cache.local:6400/0"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
    ],
)
def test_the_broker_of_the_worker_tests_is_the_database_after_redis_urls(url, broker):
    assert neighbour_database(url) == broker
