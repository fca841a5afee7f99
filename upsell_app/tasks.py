"""Celery tasks: thin wrappers over ``upsell_app.associations.refresh``.

All are idempotent and ``acks_late``: a worker killed mid-run leaves the message unacknowledged (it
is redelivered) and the previous generation in service (the switch is one transaction). The
refresh lock's lease lapses within ``ASSOCIATIONS_LOCK_TIMEOUT`` once its heartbeat stops, and the
redelivered task takes the dead run over. Beat schedule example: README, "Associations".
"""

from __future__ import annotations

import uuid
from typing import Any

from celery import chord, shared_task

from .associations import lines, refresh
from .associations.lock import Heartbeat
from .associations.settings import setting

QUEUE = "upsell"
TIME_LIMIT = 60 * 60


def _progress(task: Any) -> refresh.Progress:
    def report(stage: str, done: int, total: int) -> None:
        if task.request.id and not task.request.called_directly:
            task.update_state(state="PROGRESS", meta={"stage": stage, "done": done, "total": total})

    return report


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, time_limit=TIME_LIMIT)
def refresh_associations_incremental(self: Any) -> dict[str, Any]:
    """Fold orders recorded since the last run into the associations in service."""
    return refresh.refresh("incremental", _progress(self), task_id=self.request.id or "").as_dict()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, time_limit=TIME_LIMIT)
def rebuild_associations_full(self: Any) -> dict[str, Any]:
    """Mine the whole purchase history again in this worker."""
    return refresh.refresh("full", _progress(self), task_id=self.request.id or "").as_dict()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, time_limit=TIME_LIMIT)
def count_association_shard(self: Any, job: str, shard: int, n_shards: int, watermark: int) -> int:
    """Partial counts of one order shard (a chord header task); keeps the job's lock alive."""
    with Heartbeat(job):
        return refresh.count_shard(job, shard, n_shards, watermark)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, time_limit=TIME_LIMIT)
def merge_association_shards(
    self: Any, shard_lines: list[int], job: str, n_shards: int, watermark: int, token: str
) -> dict[str, Any]:
    """Chord body: merge the shards, publish, release the lock taken by the launcher."""
    from django.utils import timezone

    from .models import AssociationRun

    run = AssociationRun.objects.filter(task_id=job).first()
    try:
        with Heartbeat(job):
            result = refresh.merge_shards(job, n_shards, watermark)
    except Exception as exc:
        if run:
            AssociationRun.objects.filter(pk=run.pk).update(
                status="failed", message=repr(exc), finished_at=timezone.now()
            )
        refresh.release_lock(token)
        raise
    if run:
        result.seconds = (timezone.now() - run.started_at).total_seconds()
        refresh._finish(run, result, 0.0)
        AssociationRun.objects.filter(pk=run.pk).update(duration_seconds=result.seconds)
    refresh.release_lock(token)
    return result.as_dict()


@shared_task(bind=True, acks_late=True, time_limit=TIME_LIMIT)
def rebuild_associations_sharded(self: Any, n_shards: int | None = None) -> dict[str, Any]:
    """Full rebuild split across workers: a chord of shard counts, merged by one task.

    The lock is taken here, kept alive by the shard and merge tasks while they run, and released
    by the merge (or lapses within a lease if they die).
    """
    from .models import AssociationRun

    n = int(n_shards or setting("ASSOCIATIONS_SHARDS"))
    if n < 1:
        raise ValueError(f"A sharded rebuild needs at least one shard, not {n}.")
    job = uuid.uuid4().hex
    if not refresh.acquire_lock(job):
        AssociationRun.objects.create(
            mode="sharded",
            status="skipped",
            task_id=job,
            message="another refresh is running; skipped",
        )
        return {"status": "skipped", "message": "another refresh is running; skipped"}
    run = AssociationRun.objects.create(mode="sharded", status="running", task_id=job)
    refresh.abandon_dead_runs(keep=run.pk)
    wm = lines.max_line_id()
    # Shards and merge stay on the queue this task came from (the workers meant for this work).
    queue = (self.request.delivery_info or {}).get("routing_key")
    options = {"queue": queue} if queue else {}
    header = [count_association_shard.s(job, i, n, wm).set(**options) for i in range(n)]
    chord(header)(merge_association_shards.s(job, n, wm, job).set(**options))
    return {"status": "started", "job": job, "shards": n}
