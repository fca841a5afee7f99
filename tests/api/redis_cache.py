"""The app's cache on a real Redis, as production runs it, for tests that count its round trips."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from tests.redis_keys import REDIS_URL, RUN_PREFIX, clear_own_keys, redis_is_up

#: ``REDIS_URL``'s database; keys under this run's prefix only (see :mod:`tests.redis_keys`).
REDIS_CACHE = REDIS_URL


def redis_cache_is_up() -> bool:
    return redis_is_up(REDIS_CACHE)


needs_redis = pytest.mark.skipif(not redis_cache_is_up(), reason="no Redis for the cache")


def use_redis_cache(settings) -> None:
    """django-redis on a real Redis, configured as the demo configures it; sessions cached there
    too (``cached_db``), so a session read is one Redis ``GET``."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_CACHE,
            "KEY_PREFIX": RUN_PREFIX,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    clear_own_keys(caches["default"])
