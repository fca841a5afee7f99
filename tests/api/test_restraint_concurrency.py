"""Restraint holds under concurrency: simultaneous offers requests of one shopper cannot show more
pop-ups than the caps allow, because the pop-up's restraint memory is written only if nobody
changed it since the decision read it (compare-and-set, one Redis script with the throttle count
and the impression)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.analytics.brokers import REDIS_BROKER, celery_broker, redis_is_up
from tests.redis_keys import RUN_PREFIX, clear_own_keys, run_name
from upsell_app.analytics import buffer
from upsell_app.analytics.recording import write_events
from upsell_app.models import OfferEvent
from upsell_app.serving import decision_store

from . import scenarios
from .conftest import Shopper
from .redis_cache import REDIS_CACHE, needs_redis, redis_cache_is_up

SIMULTANEOUS = 20


@pytest.fixture
def one_popup(settings):
    """A cap of one pop-up a session, and nothing else holding a pop-up back."""
    settings.UPSELL = {
        **settings.UPSELL,
        "MAX_POPUPS_PER_SESSION": 1,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
    }


def use_local_memory(settings) -> None:
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "restraint-concurrency",
        }
    }
    caches["default"].clear()


def all_at_once(session_key: str, trigger: str) -> list[Any]:
    """``SIMULTANEOUS`` offers requests of one shopper (one session), released together."""
    start = threading.Barrier(SIMULTANEOUS)
    offers: list[Any] = [None] * SIMULTANEOUS
    errors: list[BaseException] = []

    def ask(i: int) -> None:
        try:
            client = Client()
            client.cookies["sessionid"] = session_key
            start.wait(timeout=10)
            response = client.get(reverse("upsell:offer-list"), {"trigger": trigger})
            assert response.status_code == 200, response.content
            offers[i] = response.json()["offer"]
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return offers


def cart_view_shopper(client: Client) -> Shopper:
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper = Shopper(client)
    shopper.add(s.source)
    return shopper


@needs_redis
@pytest.mark.skipif(not redis_is_up(), reason="no Redis for the event buffer")
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_with_a_cap_of_one_show_one_popup_on_redis(
    client, redis_cache, one_popup, settings
):
    # The event buffer named in settings: the request threads do not share this thread's
    # current Celery app.
    settings.UPSELL = {**settings.UPSELL, "EVENTS_BUFFER_URL": REDIS_BROKER}
    shopper = cart_view_shopper(client)
    with celery_broker(REDIS_BROKER, run_name("upsell-concurrency")):
        offers = all_at_once(shopper.session_key, "cart_view")
        assert sum(offer is not None for offer in offers) == 1
        buffer.flush(REDIS_BROKER, write_events)  # what is still waiting for the worker
    assert OfferEvent.objects.filter(type="impression").count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_with_a_cap_of_one_show_one_popup_in_local_memory(
    client, one_popup, settings
):
    """The SQLite demo's local-memory cache: the steps run under this process's lock."""
    use_local_memory(settings)
    shopper = cart_view_shopper(client)
    offers = all_at_once(shopper.session_key, "cart_view")
    assert sum(offer is not None for offer in offers) == 1
    assert OfferEvent.objects.filter(type="impression").count() == 1


# -- the store itself: compare-and-set and the throttle's count, on Redis and elsewhere ---------
@pytest.fixture(params=["django-redis", "Django's RedisCache", "local memory"])
def store(request, settings):
    from django.core.cache import caches

    if request.param == "local memory":
        use_local_memory(settings)
    else:
        if not redis_cache_is_up():
            pytest.skip("no Redis")
        request.getfixturevalue("redis_cache")
        if request.param == "Django's RedisCache":
            settings.CACHES = {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": REDIS_CACHE,
                    "KEY_PREFIX": RUN_PREFIX,
                }
            }
            clear_own_keys(caches["default"])
    found = decision_store.store_for(caches["default"])
    assert isinstance(found, decision_store.LockedStore) == (request.param == "local memory")
    return found


def refuse() -> None:
    raise AssertionError("refused")


def test_the_second_of_two_decisions_on_the_same_memory_writes_nothing(store):
    first = store.read(["memory"], "memory")
    second = store.read(["memory"], "memory")

    written = store.commit(first, decision_store.Write(memory={"shown": 1}, memory_seconds=60))
    refused = store.commit(second, decision_store.Write(memory={"shown": 1}, memory_seconds=60))

    assert (written.status, refused.status) == (
        decision_store.Status.WRITTEN,
        decision_store.Status.CONFLICT,
    )
    assert store.read(["memory"], "memory").values == {"memory": {"shown": 1}}


def test_a_decision_on_the_current_memory_writes_it(store):
    store.commit(store.read(["memory"], "memory"), decision_store.Write(memory={"shown": 1}))
    current = store.read(["memory"], "memory")

    result = store.commit(current, decision_store.Write(memory={"shown": 2}))

    assert result.status is decision_store.Status.WRITTEN
    assert store.read(["memory"], "memory").values == {"memory": {"shown": 2}}


def test_a_count_over_the_quota_writes_no_memory(store):
    quota = decision_store.Quota("count", limit=1, seconds=60, refuse=refuse)
    store.commit(store.read(["memory"], "memory"), decision_store.Write(quota=quota))

    result = store.commit(
        store.read(["memory"], "memory"), decision_store.Write(memory={"shown": 1}, quota=quota)
    )

    assert result.status is decision_store.Status.OVER_LIMIT
    assert store.read(["memory", "count"], "memory").values == {"count": 2}
