"""Recording offer events without slowing the shopper down.

``record_event`` turns an event into a JSON-safe payload and hands it over once the current
transaction commits. The shopper's answers (accept, decline, dismiss, click) are few and each one
matters: they are written to the database in the request itself, so no outage of Redis or the
worker can lose one. Impressions (and A/B control exposures) come with every pop-up: with a Redis
broker the request appends them to a Redis list (no SQL, one round trip) and a Celery task writes
the list in bulk (:mod:`.buffer`); with another broker each batch is published as a task. When
Redis or the broker cannot be reached they are written directly, so nothing is lost; an answer
whose direct write fails takes the same queued way instead. Without a broker (eager mode, tests, a
small shop, a shop without Celery) everything is written in-process.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..conf import upsell_settings

logger = logging.getLogger("upsell_app.analytics")

Payload = dict[str, Any]

#: Events that may wait in the buffer: one per pop-up shown, worth a bulk write.
BUFFERED_TYPES = frozenset({"impression", "control_exposure"})

#: The Celery tasks of :mod:`.tasks`, by name (queued tasks and beat schedules use these names).
#: Publishing looks them up in the Celery app's registry instead of importing the task module,
#: which imports this one: the tasks only dispatch to the services here and in ``attribution``.
#: ``apps.py`` imports the task module at start (through ``analytics.receivers``).
WRITE_EVENTS = "upsell_app.analytics.write_events"
FLUSH_EVENTS = "upsell_app.analytics.flush_events"
ATTRIBUTE_ORDER = "upsell_app.analytics.attribute_order"
REBALANCE_VARIANTS = "upsell_app.analytics.rebalance_variants"
#: kind -> the task :func:`dispatch` publishes to.
TASK_NAMES = {"events": WRITE_EVENTS, "order": ATTRIBUTE_ORDER}


def _money(value: Decimal | int | float | str | None) -> str | None:
    return None if value is None else str(value)


#: The trigger events of follow-up mail carry (sent, clicked, accepted): the mail channel.
MAIL_CHANNEL = "mail"


def event_payload(
    type: str,  # noqa: A002 - the event's name in the model
    offer_id: int,
    *,
    variant_id: int | None = None,
    trigger: str = "",
    shopper_key: str = "",
    customer_id: int | None = None,
    cart_subtotal: Decimal | None = None,
    value: Decimal | None = None,
    reason: str = "",
    is_simulated: bool = False,
    created_at: datetime | None = None,
    uid: str | None = None,
    audience: str = "",
) -> Payload:
    """One event as plain JSON types: it may travel through the broker."""
    return {
        "uid": uid or uuid.uuid4().hex,
        "type": str(type),
        "offer_id": int(offer_id),
        "variant_id": variant_id,
        "trigger": str(trigger or ""),
        "shopper_key": shopper_key or "",
        "customer_id": customer_id,
        "cart_subtotal": _money(cart_subtotal),
        "value": _money(value),
        "reason": reason[:300],
        "audience": (audience or "")[:32],
        "is_simulated": is_simulated,
        "created_at": (created_at or timezone.now()).isoformat(),
    }


def request_identity(request: Any) -> tuple[str, int | None]:
    """(session key, customer id) of a request, without creating a session."""
    session = getattr(request, "session", None)
    key = (session.session_key if session is not None else None) or ""
    user = getattr(request, "user", None)
    customer = user.pk if user is not None and user.is_authenticated else None
    return key, customer


def record_event(
    type: str,  # noqa: A002
    offer_id: int,
    *,
    request: Any = None,
    **fields: Any,
) -> None:
    """Record one event; never raises into the shopper's request (never break a sale)."""
    try:
        if request is not None:
            key, customer = request_identity(request)
            fields.setdefault("shopper_key", key)
            fields.setdefault("customer_id", customer)
        payload = event_payload(type, offer_id, **fields)
    except Exception:  # noqa: BLE001 - a malformed event is logged, never raised
        logger.exception("upsell: could not build %s event for offer %s", type, offer_id)
        return
    record_payloads([payload])


def record_payloads(payloads: list[Payload]) -> None:
    """Hand events over after the transaction commits (an accept that rolls back never happened)."""
    if payloads:
        transaction.on_commit(lambda: dispatch("events", payloads, write_events))


# -- dispatching: Celery when a broker is up, a direct write otherwise ---------------------------
_local = threading.local()


def _celery_app():  # noqa: ANN202 - celery.Celery
    from celery import current_app

    return current_app._get_current_object()


def _producer(app: Any) -> Any:
    """A per-thread producer whose connection fails at once when the broker is down.

    Kombu otherwise retries a dead broker for seconds while the shopper waits; an event that
    cannot be published in one try is written directly instead.
    """
    cached = getattr(_local, "producer", None)
    if cached is not None and cached[0] is app:
        return cached[1]
    options = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
    producer = app.amqp.Producer(app.connection_for_write(transport_options=options))
    _local.producer = (app, producer)
    return producer


def _forget_producer() -> None:
    cached = getattr(_local, "producer", None)
    _local.producer = None
    if cached is not None:
        try:
            cached[1].connection.release()
        except Exception:  # noqa: BLE001 - it is broken already
            pass


def dispatch(kind: str, payloads: Any, write: Callable[[Any], Any]) -> None:
    """Publish ``payloads`` to the task for ``kind``; ``write`` them here when that is impossible.

    ``write`` is the task's own body (:func:`write_events`, ``attribution.attribute_order``).
    Events go to the Redis buffer when there is one (:mod:`.buffer`): one round trip per request
    instead of one Celery message per event.
    """
    if kind == "events":
        payloads = _write_answers(payloads, write)
        if not payloads or _buffered(payloads, write):
            return
    app = _celery_app()
    # No broker configured (a shop without Celery) or eager mode: write here, nothing to publish.
    if upsell_settings.EVENTS_ASYNC and app.conf.broker_url and not app.conf.task_always_eager:
        try:
            task = app.tasks[TASK_NAMES[kind]]
            task.apply_async(args=[payloads], retry=False, producer=_producer(app))
            return
        except Exception as exc:  # noqa: BLE001 - kombu/redis raise several connection errors
            _forget_producer()
            logger.warning("upsell: broker unreachable (%s); writing %s directly", exc, kind)
    _write_safely(write, payloads)


def _write_answers(payloads: list[Payload], write: Callable[[Any], Any]) -> list[Payload]:
    """Write the shopper's answers now; return what is left to queue (impressions, and the
    answers themselves if the database refused them)."""
    answers = [p for p in payloads if p["type"] not in BUFFERED_TYPES]
    if not answers:
        return payloads
    shown = [p for p in payloads if p["type"] in BUFFERED_TYPES]
    try:
        write(answers)
    except Exception:  # noqa: BLE001 - the queued way retries them; the shopper's request goes on
        logger.exception("upsell: could not write %d answer events; queueing them", len(answers))
        return payloads
    return shown


def _buffered(payloads: list[Payload], write: Callable[[Any], Any]) -> bool:
    """Push events to the buffer; ``False`` when there is none or it is down (write directly)."""
    from . import buffer

    url = buffer.buffer_url()
    if url is None:
        return False
    try:
        was_empty = buffer.push(url, payloads)
    except Exception as exc:  # noqa: BLE001 - redis raises several connection errors
        logger.warning("upsell: event buffer unreachable (%s); writing events directly", exc)
        return False
    if was_empty:
        schedule_flush(url, write)
    return True


def schedule_flush(url: str, write: Callable[[Any], Any] | None = None) -> None:
    """The first event pushed since the last flush schedules the next one; a burst rides along.

    Called by whoever pushed it: :func:`dispatch`, or the offers decision that pushed its
    impression together with the shopper's restraint memory.
    """
    from . import buffer

    if write is None:
        write = write_events
    app = _celery_app()
    countdown = upsell_settings.EVENTS_FLUSH_SECONDS or None
    try:
        app.tasks[FLUSH_EVENTS].apply_async(
            countdown=countdown, retry=False, producer=_producer(app)
        )
    except Exception as exc:  # noqa: BLE001 - the broker is down: flush here, lose nothing
        _forget_producer()
        logger.warning("upsell: broker unreachable (%s); flushing buffered events here", exc)
        _write_safely(lambda _: buffer.flush(url, write), None)


def _write_safely(write: Callable[[Any], Any], payloads: Any) -> None:
    try:
        write(payloads)
    except Exception:  # noqa: BLE001 - a failed analytics write must not fail the shop's request
        logger.exception("upsell: direct analytics write failed")


# -- writing (the task's body, and the fallback) -------------------------------------------------
def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _datetime(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    parsed = parse_datetime(value)
    return parsed if parsed is not None else timezone.now()


def write_events(payloads: Iterable[Mapping[str, Any]]) -> int:
    """Insert events in one bulk statement; idempotent on ``uid`` (a redelivered task adds nothing).

    Events of offers or variants deleted meanwhile are dropped or detached rather than failing the
    whole batch. Then the pushiness guard looks at offers that were just declined.
    """
    from ..models import OfferEvent, OfferVariant
    from ..models.offers import Offer
    from . import guard

    rows = list(payloads)
    if not rows:
        return 0
    wanted_offers = {r["offer_id"] for r in rows}
    offer_ids = set(Offer.objects.filter(pk__in=wanted_offers).values_list("pk", flat=True))
    wanted_variants = {r["variant_id"] for r in rows if r.get("variant_id")}
    variant_ids = (
        set(OfferVariant.objects.filter(pk__in=wanted_variants).values_list("pk", flat=True))
        if wanted_variants
        else set()
    )
    events = [
        OfferEvent(
            uid=r["uid"],
            type=r["type"],
            offer_id=r["offer_id"],
            variant_id=r.get("variant_id") if r.get("variant_id") in variant_ids else None,
            trigger=r.get("trigger", ""),
            shopper_key=r.get("shopper_key", ""),
            customer_id=r.get("customer_id"),
            cart_subtotal=_decimal(r.get("cart_subtotal")),
            value=_decimal(r.get("value")),
            reason=r.get("reason", ""),
            audience=r.get("audience", ""),
            is_simulated=r.get("is_simulated", False),
            created_at=_datetime(r["created_at"]),
        )
        for r in rows
        if r["offer_id"] in offer_ids
    ]
    OfferEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=1000)
    declined = {e.offer_id for e in events if e.type == "decline" and not e.is_simulated}
    for offer_id in sorted(declined):
        guard.check_offer(offer_id)
    return len(events)
