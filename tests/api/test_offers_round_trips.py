"""One read, one write: what an offers request costs in Redis round trips, counted on the client.

A warm decision that shows a pop-up makes the session's read, one batched read (restraint memory,
the moment's proof, the throttle's count, the index version, the cached cart) and one write that
holds the new restraint memory, the throttle's count and the impression together. A request that
restraint holds back reads and writes nothing. Like the 0-SQL tests in ``test_offers_queries.py``.
"""

from __future__ import annotations

import pytest

from tests.analytics.brokers import REDIS_BROKER, buffered, celery_broker, redis_is_up
from tests.factories import UserFactory
from tests.redis_keys import run_name
from upsell_app.analytics import buffer

from . import scenarios
from .redis_cache import needs_redis

pytestmark = [
    pytest.mark.django_db,
    needs_redis,
    pytest.mark.skipif(not redis_is_up(), reason="no Redis for the event buffer"),
]

SESSION_READ = ["GET"]
ONE_READ = ["MGET"]
ONE_WRITE = ["EVALSHA"]


@pytest.fixture
def event_buffer(redis_cache):
    """A shop with a Redis broker: impressions go to the event buffer, as in production."""
    with celery_broker(REDIS_BROKER, run_name("upsell-round-trips")):
        yield


def warm_shopper(shopper, counted):
    """A shopper whose pop-up was shown once: session, index and cart snapshot are cached."""
    s = scenarios.cross_sell()
    shopper.add(s.source)
    with counted():
        assert shopper.offer("add_to_cart", s.source.pk) is not None
    shopper.prove("add_to_cart", s.source.pk)  # the shop's own request, not the offers one
    return s


def test_warm_decision_reads_once_and_writes_once(shopper, no_cooldown, event_buffer, counted):
    s = warm_shopper(shopper, counted)

    with counted() as io:
        offer = shopper.offer("add_to_cart", s.source.pk, proven=False)

    assert offer is not None
    assert io.commands == [SESSION_READ, ONE_READ, ONE_WRITE], io.summary()
    assert io.sql == 0, io.queries


def test_the_impression_goes_with_the_one_write(shopper, no_cooldown, event_buffer, counted):
    s = warm_shopper(shopper, counted)
    before = buffered()

    with counted() as io:
        assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None

    assert io.redis == 3, io.summary()
    assert buffered() == before + 1


def test_request_held_back_by_restraint_reads_once_and_writes_nothing(
    shopper, event_buffer, counted
):
    s = warm_shopper(shopper, counted)  # the default cool-down holds the next pop-up back

    with counted() as io:
        assert shopper.offer("add_to_cart", s.source.pk, proven=False) is None

    assert io.commands == [SESSION_READ, ONE_READ], io.summary()
    assert io.sql == 0, io.queries


def test_decision_with_nothing_to_show_writes_only_its_throttle_count(
    shopper, event_buffer, counted
):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    with counted():
        assert shopper.offer("cart_view") is None  # no cart_view offer: nothing shown

    with counted() as io:
        assert shopper.offer("cart_view") is None

    assert io.commands == [SESSION_READ, ONE_READ, ONE_WRITE], io.summary()
    assert buffered() == 0


def test_a_customers_declines_are_read_in_the_same_read(
    shopper, no_cooldown, event_buffer, counted
):
    shopper.client.force_login(UserFactory())
    s = warm_shopper(shopper, counted)

    with counted() as io:
        assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None

    assert io.commands == [SESSION_READ, ONE_READ, ONE_WRITE], io.summary()
    assert len(io.queries) == 1 and "auth_user" in io.queries[0]  # the shop's login, not ours


def test_event_buffer_on_another_redis_costs_one_more_round_trip(
    shopper, no_cooldown, event_buffer, counted, settings, tmp_path
):
    from tests.faults.services import Redis

    other = Redis(tmp_path).start()
    try:
        settings.UPSELL = {**settings.UPSELL, "EVENTS_BUFFER_URL": other.url(0)}
        s = warm_shopper(shopper, counted)

        with counted() as io:
            assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None

        assert io.commands == [SESSION_READ, ONE_READ, ONE_WRITE, ["RPUSH", "SET"]], io.summary()
        assert buffer.pending(other.url(0)) == 2  # the warm-up's impression and this one
    finally:
        buffer.forget_clients()
        other.stop()


def test_a_shops_receivers_still_hear_of_the_popup_recorded_once(
    shopper, no_cooldown, event_buffer, counted
):
    from upsell_app import signals

    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    signals.offer_shown.connect(receiver, weak=False)
    try:
        s = warm_shopper(shopper, counted)
        before = buffered()
        with counted():
            offer = shopper.offer("add_to_cart", s.source.pk, proven=False)
    finally:
        signals.offer_shown.disconnect(receiver)

    assert [(h["offer_id"], h["recorded"]) for h in heard] == [(offer["id"], True)] * 2
    assert buffered() == before + 1  # recorded with the write, not again by the app's receiver
