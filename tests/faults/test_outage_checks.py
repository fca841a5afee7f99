"""System checks that the app survives outages: cache errors visible, impressions durable."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.analytics.brokers import celery_broker, closed_port
from upsell_app.serving.outage_checks import (
    check_cache_reports_errors,
    check_event_buffer_is_durable,
)

from .services import Redis

pytestmark = pytest.mark.faults


def redis_cache(**options) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
            "OPTIONS": options,
        }
    }


def ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_a_cache_that_swallows_errors_is_reported():
    with override_settings(CACHES=redis_cache(IGNORE_EXCEPTIONS=True)):
        assert ids(check_cache_reports_errors()) == ["upsell_app.W030"]


def test_the_global_django_redis_switch_is_reported_too():
    with override_settings(CACHES=redis_cache(), DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        assert ids(check_cache_reports_errors()) == ["upsell_app.W030"]


def test_a_fail_soft_default_cache_is_fine_when_the_app_has_its_own_alias(settings):
    caches = redis_cache(IGNORE_EXCEPTIONS=True)
    caches["upsell"] = {**caches["default"], "OPTIONS": {}}
    with override_settings(CACHES=caches, UPSELL={**settings.UPSELL, "CACHE_ALIAS": "upsell"}):
        assert check_cache_reports_errors() == []


def test_a_cache_that_raises_is_fine():
    with override_settings(CACHES=redis_cache(SOCKET_TIMEOUT=0.5)):
        assert check_cache_reports_errors() == []


@pytest.fixture
def own_redis(tmp_path):
    started: list[Redis] = []

    def start(durable: bool) -> Redis:
        redis = Redis(tmp_path / ("durable" if durable else "volatile"), durable=durable)
        redis.directory.mkdir()
        started.append(redis.start())
        return redis

    yield start
    for redis in started:
        redis.stop()


def test_a_buffer_without_an_append_only_file_is_reported(own_redis):
    with celery_broker(own_redis(durable=False).url(2), "unused"):
        messages = check_event_buffer_is_durable()
    assert ids(messages) == ["upsell_app.W031"]
    assert "appendonly yes" in messages[0].hint


def test_a_durable_buffer_passes(own_redis):
    with celery_broker(own_redis(durable=True).url(2), "unused"):
        assert check_event_buffer_is_durable() == []


def test_a_buffer_that_cannot_be_asked_is_reported():
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/2", "unused"):
        assert ids(check_event_buffer_is_durable()) == ["upsell_app.W032"]


def test_no_buffer_nothing_to_check():
    with celery_broker(None, "unused"):
        assert check_event_buffer_is_durable() == []
