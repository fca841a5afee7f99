"""Refreshing associations: full rebuild, incremental update, sharded rebuild. Plain functions;
``tasks.py`` wraps them for Celery and the management command calls them directly.

Runs never overlap: a lock in the cache (Redis in production) with a short lease a heartbeat renews
while the run lives (see ``lock``); a second run records itself as skipped and returns. A run that
dies leaves the previous generation in service (the switch is one transaction) and its lease lapses
within ``ASSOCIATIONS_LOCK_TIMEOUT`` seconds. When the broker redelivers the dead run's task, the
new attempt waits for that lease and takes over; the dead run is recorded as "abandoned".

Incremental == full: new lines are those above the last watermark (plus ids that were missing then,
a transaction may commit a lower id late). Baskets that gained lines are counted before and after;
their difference is added to the stored pair counts and only the products of those baskets are
re-ranked (see ``mining`` for why that is exact).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import numpy as np
from django.utils import timezone

from ..models import AssociationRun, AssociationShardCounts, AssociationState
from . import lines as L
from . import mining, storage, topk, tuning
from . import state as state_store
from .lock import (  # noqa: F401 - the lock's names, as callers and tests know them here
    LOCK_KEY,
    LockHeld,
    acquire_lock,
    lease_seconds,
    refresh_lock,
    release_lock,
)
from .settings import mining_params, setting

GAP_LOOKBACK_IDS = 10_000  # a full rebuild re-checks missing ids this far below its watermark

#: progress(stage, done, total): stage is "reading", "ranking" or "writing".
Progress = Callable[[str, int, int], None]


@dataclass
class RefreshResult:
    status: str  # "succeeded" | "skipped" | "failed"
    mode: str
    orders_read: int = 0
    lines_read: int = 0
    pairs_kept: int = 0
    products_updated: int = 0
    seconds: float = 0.0
    generation_id: int | None = None
    message: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _noop(stage: str, done: int, total: int) -> None:
    pass


def refresh(
    mode: str = "incremental", progress: Progress | None = None, task_id: str = ""
) -> RefreshResult:
    """Run a refresh under the lock and record it. ``mode``: "incremental" or "full"."""
    # A run of this very task still "running" died with its worker and the broker handed the
    # task out again: wait for the dead run's lease to lapse and take over, rather than skip.
    redelivered = bool(task_id) and (
        AssociationRun.objects.filter(task_id=task_id, status=AssociationRun.Status.RUNNING)
        .exists()
    )
    run = AssociationRun.objects.create(
        mode=mode, status=AssociationRun.Status.RUNNING, task_id=task_id
    )
    started = time.perf_counter()
    try:
        with refresh_lock(wait_seconds=2 * lease_seconds() if redelivered else 0):
            abandon_dead_runs(keep=run.pk)
            if mode == "full":
                result = full_rebuild(progress or _noop)
            else:
                result = incremental_update(progress or _noop)
    except LockHeld:
        result = RefreshResult("skipped", mode, message="another refresh is running; skipped")
    except Exception as exc:
        _finish(run, RefreshResult("failed", mode, message=repr(exc)), started)
        raise
    _finish(run, result, started)
    return result


def _finish(run: AssociationRun, result: RefreshResult, started: float) -> None:
    result.seconds = time.perf_counter() - started
    run.status = result.status
    run.mode = result.mode
    run.finished_at = timezone.now()
    run.duration_seconds = result.seconds
    run.orders_read, run.lines_read = result.orders_read, result.lines_read
    run.rows, run.products_updated = result.pairs_kept, result.products_updated
    run.generation_id = result.generation_id
    run.message = result.message
    run.save()


def abandon_dead_runs(keep: int) -> None:
    """Whoever holds the lock is the only live run: any other still "running" died unfinished."""
    AssociationRun.objects.filter(status=AssociationRun.Status.RUNNING).exclude(pk=keep).update(
        status=AssociationRun.Status.ABANDONED,
        finished_at=timezone.now(),
        message="abandoned: its worker stopped before it finished; a later run took over",
    )


def _count_lines(
    where: str, params: list, p: dict, progress: Progress, total: int
) -> tuple[mining.CoCounts, int, int, tuple]:
    """Count the baskets of the lines matching ``where``, chunk by chunk; also return the lines of
    the ALPHA-tuning sample (see ``tuning``) as a chunk tuple."""
    chunk_orders = int(setting("ASSOCIATIONS_CHUNK_ORDERS"))
    # ~4.5 lines per order is typical; a rough part count is all the range split needs.
    n_parts = max(1, round(total / (chunk_orders * 4.5)))
    modulus = tuning.holdout_modulus(round(total / 4.5))
    stats = {"lines": 0, "orders": 0}
    sample: list[np.ndarray] = []

    def chunks() -> Iterator[tuple]:
        columns = L.needed_columns(p)
        for chunk in L.iter_chunks(p["basket"], where, params, n_parts, chunk_orders, columns):
            stats["lines"] += len(chunk)
            if p["basket"] == "order":  # sorted by order already: count the boundaries
                stats["orders"] += int(np.count_nonzero(np.diff(chunk["order"]))) + 1
            else:
                stats["orders"] += len(np.unique(chunk["order"]))
            sample.append(chunk[chunk["group"] % modulus == 0])
            progress("reading", stats["lines"], total)
            yield L.basket_arrays(chunk, p)

    cc = mining.count_chunks(chunks(), p["half_life_days"])
    lines = np.concatenate(sample) if sample else np.empty(0, dtype=L.LINE_DTYPE)
    return cc, stats["orders"], stats["lines"], L.basket_arrays(lines, p)


def _choose_alpha(cc: mining.CoCounts, holdout: tuple, p: dict) -> float | None:
    """The ranking's ALPHA for this generation, when the setting says "auto"."""
    if setting("ASSOCIATIONS_SCORE_ALPHA") != "auto":
        return None
    alpha, _ = tuning.choose_alpha(
        cc,
        holdout,
        p["top_k"],
        p["min_count"],
        p["half_life_days"],
        beta=float(setting("ASSOCIATIONS_SCORE_SHRINK")),
    )
    return alpha


def _gaps_below(watermark: int, low: int, now: float) -> dict[str, float]:
    if watermark <= low:
        return {}
    present = L.present_ids(low, watermark)
    missing = np.setdiff1d(np.arange(low + 1, watermark + 1), present)
    return {str(int(i)): now for i in missing}


def full_rebuild(progress: Progress = _noop) -> RefreshResult:
    """Mine everything recorded so far and put the result in service."""
    p = mining_params()
    wm = L.max_line_id()
    cc, orders, n_lines, holdout = _count_lines("id <= %s", [wm], p, progress, wm)
    return _publish_full(cc, p, wm, orders, n_lines, progress, "full", holdout)


def _publish_full(
    cc: mining.CoCounts,
    p: dict,
    wm: int,
    orders: int,
    n_lines: int,
    progress: Progress,
    mode: str,
    holdout: tuple,
) -> RefreshResult:
    progress("ranking", 0, len(cc.item_ids))
    tk = topk.top_k(cc, p["top_k"], p["min_count"])
    alpha = _choose_alpha(cc, holdout, p)
    progress("ranking", len(cc.item_ids), len(cc.item_ids))
    progress("writing", 0, len(cc.item_ids))
    gaps = _gaps_below(wm, max(0, wm - GAP_LOOKBACK_IDS), time.time())
    gen = storage.write_generation(
        mode=mode,
        cc=cc,
        topk=tk,
        changed_ids=None,
        base_generation=None,
        watermark=wm,
        params=p,
        gaps=gaps,
        counts_blob=topk.to_bytes(cc),
        score_alpha=alpha,
    )
    progress("writing", len(cc.item_ids), len(cc.item_ids))
    return RefreshResult(
        "succeeded",
        mode,
        orders_read=orders,
        lines_read=n_lines,
        pairs_kept=gen.n_pairs,
        products_updated=gen.n_products,
        generation_id=gen.pk,
    )


def incremental_update(progress: Progress = _noop) -> RefreshResult:
    """Fold lines recorded since the last run into the result in service (or rebuild when there is
    no usable state: first run, or changed mining settings)."""
    p = mining_params()
    state = AssociationState.objects.defer("counts_blob").select_related("current").first()
    if state is None or state.current is None or state.params != p:
        return _full_instead(progress)
    with _small_pages():
        result = _fold_new_lines(state, p, progress)
    return result if result is not None else _full_instead(progress)


@contextmanager
def _small_pages() -> Iterator[None]:
    """Ask numpy not to back its arrays with transparent huge pages meanwhile.

    An incremental run allocates a few hundred MB of short-lived arrays (the state, its sum with
    the delta, the ranking's scratch). Faulting those in as 2 MB pages costs more than it saves:
    measured on a 2-core VM, a cold run took ~0.15 s longer with them (a full rebuild, which keeps
    its arrays longer, is faster with them, so it keeps numpy's default). Process-wide while it
    lasts, which is fine in a worker that runs one task at a time; restored afterwards.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy < 2
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            yield
            return
    previous = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(previous)


def _fold_new_lines(state: AssociationState, p: dict, progress: Progress) -> RefreshResult | None:
    """The incremental run proper; ``None`` when there is no stored state to fold into."""
    wm0, now = state.current.watermark, time.time()
    keep_for = float(setting("ASSOCIATIONS_GAP_SECONDS"))
    gaps0 = {k: v for k, v in state.pending_gaps.items() if now - v < keep_for}
    gap_ids = np.array(sorted(int(k) for k in gaps0), dtype=np.int64)
    wm1 = L.max_line_id()
    if wm1 <= wm0 and not gaps0:
        return RefreshResult(
            "succeeded", "incremental", message="no new orders", generation_id=state.current_id
        )
    loading = state_store.prefetch_state(state.current)  # read meanwhile, when it can be
    gap_sql, gap_params = L.in_clause("id", gap_ids.tolist())
    # Every line of the groups that gained lines, the new ones included, in one query.
    touched = L.read_touched_groups(
        p["basket"],
        f"(id > %s AND id <= %s) OR {gap_sql}",
        [wm0, wm1, *gap_params],
        wm1,
        L.needed_columns(p),
    )
    is_new = (touched["id"] > wm0) | np.isin(touched["id"], gap_ids)
    if not is_new.any():
        return RefreshResult(
            "succeeded", "incremental", message="no new orders", generation_id=state.current_id
        )
    new = touched[is_new]
    progress("reading", len(new), len(new))
    # Baskets that gained lines: counted before (without the new lines) and after.
    keys = L.basket_arrays(touched, p)[0]
    in_touched = np.isin(keys, np.unique(keys[is_new]))
    after = touched[in_touched]
    before = after[~is_new[in_touched]]
    delta = mining.delta_counts(
        L.basket_arrays(before, p), L.basket_arrays(after, p), p["half_life_days"]
    )
    base, stored_deltas, base_bytes, delta_bytes = loading.result()
    if base is None:
        return None
    # The small deltas first, then one pass over the large base.
    cc = mining.merge(
        [base, delta if stored_deltas is None else mining.merge([stored_deltas, delta])]
    )
    changed = np.unique(after["product"])
    progress("ranking", 0, len(changed))
    tk = topk.top_k(cc, p["top_k"], p["min_count"], only_ids=changed)
    progress("ranking", len(changed), len(changed))
    seen = set(new["id"].tolist())
    gaps = {k: v for k, v in gaps0.items() if int(k) not in seen}
    gaps.update(_missing(wm0, wm1, new["id"], now))
    progress("writing", 0, len(changed))
    delta_blob = topk.to_bytes(delta)
    compact = delta_bytes + len(delta_blob) > state_store.COMPACT_RATIO * base_bytes
    gen = storage.write_generation(
        mode="incremental",
        cc=cc,
        topk=tk,
        changed_ids=changed,
        base_generation=state.current_id,
        watermark=wm1,
        params=p,
        gaps=gaps,
        counts_blob=topk.to_bytes(cc) if compact else None,
        delta_blob=None if compact else delta_blob,
        state_bytes=(base_bytes, delta_bytes),
        score_alpha=state.current.params.get("score_alpha"),  # tuned by the last full rebuild
    )
    progress("writing", len(changed), len(changed))
    return RefreshResult(
        "succeeded",
        "incremental",
        orders_read=len(np.unique(new["order"])),
        lines_read=len(new),
        pairs_kept=gen.n_pairs,
        products_updated=len(changed),
        generation_id=gen.pk,
    )


def _full_instead(progress: Progress) -> RefreshResult:
    result = full_rebuild(progress)
    result.message = "no incremental state for these settings: full rebuild"
    return result


def _missing(low: int, high: int, ids: np.ndarray, now: float) -> dict[str, float]:
    if high <= low:
        return {}
    missing = np.setdiff1d(np.arange(low + 1, high + 1), ids)
    return {str(int(i)): now for i in missing}


# -- sharded full rebuild (the chord's pieces)
# --------------------------------------------------------


def count_shard(job: str, shard: int, n_shards: int, watermark: int) -> int:
    """Partial counts of one order shard, stored for :func:`merge_shards`. Idempotent per (job,
    shard): a retried shard overwrites its own row."""
    p = mining_params()
    g = L.group_expr(p["basket"])
    # A group (order or customer) lies in exactly one shard, so no basket is split.
    cc, orders, n_lines, _ = _count_lines(
        f"id <= %s AND ({g}) %% %s = %s", [watermark, n_shards, shard], p, _noop, watermark
    )
    AssociationShardCounts.objects.update_or_create(
        job=job,
        shard=shard,
        defaults={"blob": topk.to_bytes(cc), "lines_read": n_lines, "orders_read": orders},
    )
    return n_lines


def merge_shards(job: str, n_shards: int, watermark: int) -> RefreshResult:
    """Sum the shards' counts and publish, exactly as a single-process full rebuild would."""
    parts = list(AssociationShardCounts.objects.filter(job=job).order_by("shard"))
    if len(parts) != n_shards:
        raise RuntimeError(f"job {job}: {len(parts)} of {n_shards} shards present")
    cc = mining.merge(topk.from_bytes(bytes(s.blob)) for s in parts)
    orders = sum(s.orders_read for s in parts)
    n_lines = sum(s.lines_read for s in parts)
    p = mining_params()
    # The same tuning sample as a single-process rebuild (chosen by group key), read in one query.
    g, modulus = L.group_expr(p["basket"]), tuning.holdout_modulus(round(watermark / 4.5))
    sample = L.read_lines(p["basket"], f"id <= %s AND ({g}) %% %s = 0", [watermark, modulus])
    holdout = L.basket_arrays(sample, p)
    result = _publish_full(cc, p, watermark, orders, n_lines, _noop, "sharded", holdout)
    AssociationShardCounts.objects.filter(job=job).delete()
    return result
