"""The Redis event buffer: one push per request, bulk writes, nothing lost, nothing doubled."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.factories import OfferFactory
from upsell_app.analytics import buffer
from upsell_app.analytics.recording import event_payload, record_event, write_events
from upsell_app.models import EventType, OfferEvent

from .brokers import REDIS_BROKER, buffered, celery_broker, closed_port, drain, queued, redis_is_up

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1"),
]


def payloads(offer, n: int) -> list[dict]:
    return [event_payload(EventType.IMPRESSION, offer.pk) for _ in range(n)]


@pytest.fixture
def broker_queue():
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue):
        yield queue


def test_buffer_defaults_to_the_redis_broker(broker_queue):
    assert buffer.buffer_url() == REDIS_BROKER


def test_no_buffer_without_a_broker():
    with celery_broker(None, "unused"):
        assert buffer.buffer_url() is None


def test_empty_setting_turns_the_buffer_off(settings, broker_queue):
    settings.UPSELL = {**settings.UPSELL, "EVENTS_BUFFER_URL": ""}
    assert buffer.buffer_url() is None


def test_a_burst_of_events_schedules_one_flush(broker_queue, django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(25):
            record_event(EventType.IMPRESSION, offer.pk)
    assert (buffered(), queued(broker_queue)) == (25, 1)
    assert not OfferEvent.objects.exists()


def test_flush_writes_every_buffered_event_in_batches(broker_queue):
    offer = OfferFactory()
    buffer.push(REDIS_BROKER, payloads(offer, 25))
    batches: list[int] = []

    def write(rows):
        batches.append(len(rows))
        return write_events(rows)

    assert buffer.flush(REDIS_BROKER, write, batch=10) == 25
    assert batches == [10, 10, 5]
    assert OfferEvent.objects.count() == 25
    assert buffered() == 0


def test_a_flush_that_dies_mid_batch_leaves_the_batch_for_the_next(broker_queue):
    offer = OfferFactory()
    buffer.push(REDIS_BROKER, payloads(offer, 4))

    def crash(rows):
        write_events(rows[:2])  # part of the batch reached the database, then the worker died
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        buffer.flush(REDIS_BROKER, crash)
    assert buffered() == 4
    assert buffer.flush(REDIS_BROKER, write_events) == 4
    assert OfferEvent.objects.count() == 4  # the two written twice are not doubled


def test_a_second_flush_exits_while_one_runs(broker_queue):
    offer = OfferFactory()
    buffer.push(REDIS_BROKER, payloads(offer, 3))
    redis.Redis.from_url(REDIS_BROKER).set(buffer.LOCK_KEY, "another worker", ex=30)
    assert buffer.flush(REDIS_BROKER, write_events) == 0
    assert buffered() == 3


def test_broker_down_but_buffer_up_flushes_in_the_request(
    settings, django_capture_on_commit_callbacks
):
    settings.UPSELL = {**settings.UPSELL, "EVENTS_BUFFER_URL": REDIS_BROKER}
    offer = OfferFactory()
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0", "upsell-down"):
        with django_capture_on_commit_callbacks(execute=True):
            record_event(EventType.IMPRESSION, offer.pk)
        # Inside the broker's block: its buffer is this run's (outside, the keys are the shop's
        # own names, which another run on the same Redis may be using).
        assert buffered() == 0
    assert OfferEvent.objects.filter(offer=offer, type="impression").count() == 1


def test_buffer_down_falls_back_to_one_task_per_batch(
    settings, django_capture_on_commit_callbacks
):
    settings.UPSELL = {
        **settings.UPSELL,
        "EVENTS_BUFFER_URL": f"redis://127.0.0.1:{closed_port()}/0",
    }
    offer = OfferFactory()
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        with django_capture_on_commit_callbacks(execute=True):
            record_event(EventType.IMPRESSION, offer.pk)
        assert queued(queue) == 1
        drain(app, queue)
    assert OfferEvent.objects.filter(offer=offer, type="impression").count() == 1


def test_flush_command_writes_the_waiting_events(broker_queue):
    from io import StringIO

    from django.core.management import call_command

    offer = OfferFactory()
    buffer.push(REDIS_BROKER, payloads(offer, 3))
    out = StringIO()

    call_command("upsell_flush_events", stdout=out)

    assert OfferEvent.objects.count() == 3
    assert "3 buffered events written" in out.getvalue()


def test_answers_are_written_in_the_request_while_impressions_wait(
    broker_queue, django_capture_on_commit_callbacks
):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for answer in (EventType.CLICK, EventType.ACCEPT, EventType.DECLINE, EventType.DISMISS):
            record_event(answer, offer.pk)
        record_event(EventType.IMPRESSION, offer.pk)
    assert sorted(OfferEvent.objects.values_list("type", flat=True)) == [
        "accept", "click", "decline", "dismiss",
    ]
    assert (buffered(), queued(broker_queue)) == (1, 1)


def test_a_scheduled_flush_marks_the_buffer_for_a_limited_time(broker_queue):
    offer = OfferFactory()
    assert buffer.push(REDIS_BROKER, payloads(offer, 1)) is True  # schedule a flush
    assert buffer.push(REDIS_BROKER, payloads(offer, 1)) is False  # one is on its way
    ttl = redis.Redis.from_url(REDIS_BROKER).ttl(buffer.SCHEDULED_KEY)
    assert 0 < ttl <= buffer.SCHEDULED_SECONDS


def test_a_lost_flush_is_scheduled_again_by_the_next_push(broker_queue):
    offer = OfferFactory()
    assert buffer.push(REDIS_BROKER, payloads(offer, 2)) is True
    # Its task never runs (a Redis restart lost the message): the mark expires ...
    redis.Redis.from_url(REDIS_BROKER).delete(buffer.SCHEDULED_KEY)
    # ... and the next push, onto a list that is not empty, schedules another.
    assert buffer.push(REDIS_BROKER, payloads(offer, 1)) is True


def test_a_flush_clears_the_mark_so_the_next_burst_schedules_its_own(broker_queue):
    offer = OfferFactory()
    buffer.push(REDIS_BROKER, payloads(offer, 3))
    assert buffer.flush(REDIS_BROKER, write_events) == 3
    assert buffer.push(REDIS_BROKER, payloads(offer, 1)) is True
