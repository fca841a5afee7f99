"""Recording events: impressions cost the pop-up request no SQL when a broker is up; the shopper's
answers are written in their own request; nothing is lost when a service is down."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.factories import OfferFactory
from upsell_app.analytics.recording import event_payload, record_event, write_events
from upsell_app.models import EventType, OfferEvent

from .brokers import (
    REDIS_BROKER,
    buffered,
    celery_broker,
    closed_port,
    drain,
    queued,
    redis_is_up,
)

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1")


def answer_events(offer_id: int) -> list[str]:
    return sorted(
        OfferEvent.objects.filter(offer_id=offer_id)
        .exclude(type=EventType.IMPRESSION)
        .values_list("type", flat=True)
    )


def event_inserts(queries) -> list[str]:
    return [
        q["sql"] for q in queries
        if q["sql"].lstrip().upper().startswith("INSERT") and "upsell_app_offerevent" in q["sql"]
    ]


def shop_moment(shopper: Shopper) -> int:
    """The widget's round trip: an offer shown, then declined and closed. Returns the offer id."""
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    assert offer is not None
    assert shopper.decline(offer["id"]).status_code == 200
    assert shopper.dismiss(offer["id"]).status_code == 200
    return offer["id"]


def test_event_is_written_in_process_when_celery_has_no_broker(django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        record_event(EventType.CLICK, offer.pk, trigger="cart_view", value=Decimal("1500"))
    event = OfferEvent.objects.get()
    assert (event.type, event.trigger, event.value) == ("click", "cart_view", Decimal("1500"))


def test_shop_without_a_celery_broker_writes_events_in_process(django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with celery_broker(None, "unused"), django_capture_on_commit_callbacks(execute=True):
        record_event(EventType.CLICK, offer.pk)
    assert OfferEvent.objects.count() == 1


def test_event_of_a_rolled_back_transaction_is_not_recorded(django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            record_event(EventType.ACCEPT, offer.pk)
            raise RuntimeError("the accept failed")
    assert not OfferEvent.objects.exists()


def test_redelivered_batch_adds_no_duplicate():
    offer = OfferFactory()
    batch = [event_payload(EventType.IMPRESSION, offer.pk) for _ in range(3)]
    write_events(batch)
    write_events(batch)  # a worker crashed before acking: the broker delivers it again
    assert OfferEvent.objects.count() == 3


def test_event_of_an_offer_deleted_meanwhile_does_not_sink_the_batch():
    kept, gone = OfferFactory(), OfferFactory()
    batch = [event_payload(EventType.IMPRESSION, offer.pk) for offer in (kept, gone)]
    gone.delete()
    assert write_events(batch) == 1
    assert OfferEvent.objects.get().offer == kept


def test_broker_down_events_are_written_directly_and_none_is_lost(
    client, django_capture_on_commit_callbacks
):
    shopper = Shopper(client)
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0", "upsell-down"):
        with django_capture_on_commit_callbacks(execute=True):
            offer_id = shop_moment(shopper)
            extra = OfferFactory()
            for _ in range(50):
                record_event(EventType.CLICK, extra.pk)
    types = sorted(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))
    assert types == ["decline", "dismiss", "impression"]
    assert OfferEvent.objects.filter(offer=extra, type="click").count() == 50


@needs_redis
def test_broker_up_impressions_wait_in_the_buffer_and_answers_are_written_at_once(
    client, django_capture_on_commit_callbacks
):
    shopper = Shopper(client)
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        with django_capture_on_commit_callbacks(execute=True):
            offer_id = shop_moment(shopper)
        # Decline and dismiss are in the database before their requests answered.
        assert answer_events(offer_id) == ["decline", "dismiss"]
        assert buffered() == 1  # the impression: waiting in Redis for a flush
        assert queued(queue) == 1  # one flush task
        assert drain(app, queue) == 1
        assert buffered() == 0
    types = sorted(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))
    assert types == ["decline", "dismiss", "impression"]


@needs_redis
def test_broker_up_the_offers_request_writes_no_event_row(
    client, django_capture_on_commit_callbacks
):
    s = scenarios.cross_sell()
    shopper = Shopper(client)
    shopper.add(s.source)
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue):
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                assert shopper.offer("add_to_cart", s.source.pk) is not None
        assert event_inserts(queries.captured_queries) == []
        assert buffered() == 1


@needs_redis
def test_broker_up_the_accept_is_written_in_its_own_request(
    client, django_capture_on_commit_callbacks
):
    shopper = Shopper(client)
    s = scenarios.cross_sell()
    shopper.add(s.source)
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                offer = shopper.offer("add_to_cart", s.source.pk)
                assert shopper.accept(offer).status_code == 200
        assert len(event_inserts(queries.captured_queries)) == 1  # the accept, not the impression
        assert (buffered(), queued(queue)) == (1, 1)  # the impression; one flush task
        event = OfferEvent.objects.get(type="accept")
        drain(app, queue)
    assert (event.offer_id, event.value) == (s.offer.pk, Decimal("3000"))
    assert event.cart_subtotal == Decimal("53000")  # the cart after the card was added


@pytest.mark.urls("tests.analytics.urls")
def test_click_endpoint_records_a_click_of_a_live_offer(client, django_capture_on_commit_callbacks):
    offer = OfferFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/upsell/api/events/", {"type": "click", "offer_id": offer.pk, "trigger": "cart_view"},
            content_type="application/json",
        )
    assert response.status_code == 202
    assert OfferEvent.objects.get().type == "click"


@pytest.mark.urls("tests.analytics.urls")
def test_click_endpoint_refuses_events_only_the_server_may_record(client):
    offer = OfferFactory()
    response = client.post(
        "/upsell/api/events/", {"type": "decline", "offer_id": offer.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not OfferEvent.objects.exists()
