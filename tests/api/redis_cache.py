"""The app's cache on a real Redis, as production runs it, for tests that count its round trips."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches

#: Overridable so that parallel runs on one machine do not share a database.
REDIS_CACHE = os.environ.get("UPSELL_TEST_REDIS", "redis://127.0.0.1:6379/15")


def redis_cache_is_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_CACHE, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_cache_is_up(), reason="no Redis for the cache")


def use_redis_cache(settings) -> None:
    """django-redis on a real Redis, configured as the demo configures it; sessions cached there
    too (``cached_db``), so a session read is one Redis ``GET``."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_CACHE,
            "KEY_PREFIX": "upsell-tests",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    caches["default"].clear()
