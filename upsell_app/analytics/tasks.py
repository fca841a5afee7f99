"""Celery tasks of analytics: thin wrappers over the writers in ``recording`` and ``attribution``.

Imported by ``upsell_app.analytics.receivers`` (thus at app start) so a worker knows them, and so
that ``recording`` finds them by name in the Celery app's registry: nothing imports this module
back, the tasks only dispatch to the services.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import attribution, buffer, recording

#: Writers: redelivered when a worker dies mid-task, retried with backoff; all are idempotent.
RELIABLE: dict[str, Any] = {
    "ignore_result": True,
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(
    name=recording.WRITE_EVENTS,
    **RELIABLE,
)
def write_events_task(payloads: list[dict[str, Any]]) -> int:
    return recording.write_events(payloads)


@shared_task(
    name=recording.FLUSH_EVENTS,
    **RELIABLE,
)
def flush_events_task() -> int:
    """Write the buffered events in bulk; also the beat safety net (e.g. every minute)."""
    url = buffer.buffer_url()
    return buffer.flush(url, recording.write_events) if url else 0


@shared_task(
    name=recording.ATTRIBUTE_ORDER,
    **RELIABLE,
)
def attribute_order_task(order: dict[str, Any]) -> int:
    return attribution.attribute_order(order)


@shared_task(name=recording.REBALANCE_VARIANTS, ignore_result=True)
def rebalance_variants_task() -> int:
    """Thompson sampling, when ``AB_AUTO_OPTIMISE`` is on: schedule it (e.g. hourly) with beat."""
    from . import optimise

    return optimise.rebalance_all()
