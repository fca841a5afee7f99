"""The incremental state: pair counts of everything mined so far, kept with the generation.

A base blob (``AssociationState.counts_blob``, rewritten by full rebuilds and compactions) plus
small deltas appended by incremental runs (``AssociationShardCounts`` rows with job ``"delta"``).
A worker also remembers the state it last wrote, so consecutive refreshes skip reloading it.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from ..models import AssociationGeneration, AssociationShardCounts, AssociationState
from . import mining

DELTA_JOB = "delta"  # AssociationShardCounts rows holding incremental deltas of the state
COMPACT_RATIO = 0.25  # fold deltas into the base once they weigh a quarter of it


def _save_base(state: AssociationState, blob: bytes) -> None:
    if connection.vendor == "postgresql":
        # A bytea parameter in binary format: no escaping of tens of megabytes.
        from .lines import binary_query

        table = connection.ops.quote_name(AssociationState._meta.db_table)
        binary_query(f"UPDATE {table} SET counts_blob = %b WHERE id = %s", [blob, state.pk]).close()  # noqa: S608
    else:
        AssociationState.objects.filter(pk=state.pk).update(counts_blob=blob)
    AssociationShardCounts.objects.filter(job=DELTA_JOB).delete()


#: The state this process last wrote or read, by generation: a worker doing consecutive refreshes
#: skips reloading tens of megabytes. Checked against the generation in service on every use.
_memo: dict[str, Any] = {}


def _memo_key(gen: AssociationGeneration) -> tuple[int, str]:
    # The creation time too: ids can come back after a rollback (SQLite), a timestamp does not.
    return gen.pk, gen.created_at.isoformat()


def load_state(
    generation: AssociationGeneration | None = None,
) -> tuple[mining.CoCounts | None, int, int]:
    """Pair counts of everything ``generation`` (the one in service) has mined: ``(counts, base
    bytes, delta bytes)``; ``None`` when there is no state. The base is rewritten by full rebuilds
    and compactions; incremental runs only append a small delta."""
    base, deltas, base_bytes, delta_bytes = load_parts(generation)
    if base is None or deltas is None:
        return base, base_bytes, delta_bytes
    cc = mining.merge([base, deltas])
    if generation is not None:
        _memo["state"] = (_memo_key(generation), cc, base_bytes, delta_bytes)
    return cc, base_bytes, delta_bytes


def load_parts(
    generation: AssociationGeneration | None = None,
) -> tuple[mining.CoCounts | None, mining.CoCounts | None, int, int]:
    """The state as ``(base, deltas, base bytes, delta bytes)``, the deltas summed but not yet
    added to the base (``None`` when there are none, or when this process remembers the whole
    state): a caller with counts of its own adds them to the small deltas first, and pays for one
    pass over the large base instead of two."""
    from . import topk

    memo = _memo.get("state")
    if generation is not None and memo is not None and memo[0] == _memo_key(generation):
        return memo[1], None, memo[2], memo[3]
    state = AssociationState.objects.only("pk").first()
    if state is None:
        return None, None, 0, 0
    if connection.vendor == "postgresql":
        from .lines import binary_query

        table = connection.ops.quote_name(AssociationState._meta.db_table)
        cur = binary_query(f"SELECT counts_blob FROM {table} WHERE id = %s", [state.pk])  # noqa: S608
        blob = cur.fetchone()[0]
        cur.close()
    else:
        blob = AssociationState.objects.values_list("counts_blob", flat=True).get(pk=state.pk)
    if not blob:
        return None, None, 0, 0
    deltas = [
        bytes(b)
        for b in AssociationShardCounts.objects.filter(job=DELTA_JOB)
        .order_by("shard")
        .values_list("blob", flat=True)
    ]
    base_bytes, delta_bytes = len(blob), sum(len(d) for d in deltas)
    base = topk.from_bytes(blob)
    del blob
    summed = mining.merge([topk.from_bytes(d) for d in deltas]) if deltas else None
    if summed is None and generation is not None:
        _memo["state"] = (_memo_key(generation), base, base_bytes, delta_bytes)
    return base, summed, base_bytes, delta_bytes


class _Later:
    """A load run when its result is asked for (the interface of a future)."""

    def __init__(self, generation: AssociationGeneration) -> None:
        self.generation = generation

    def result(self) -> tuple[mining.CoCounts | None, mining.CoCounts | None, int, int]:
        return load_parts(self.generation)


def prefetch_state(generation: AssociationGeneration) -> Any:  # noqa: ANN401 - a future
    """Start loading ``generation``'s state while the caller reads the new orders: a cold worker
    then waits for the slower of the two reads, not for both. ``.result()`` gives what
    :func:`load_parts` gives.

    The load runs in a thread on its own database connection, so only where that connection sees
    what the caller sees: on PostgreSQL, outside a transaction (a Celery task; not a test wrapped in
    one), and only when this process does not remember the state already. It reads what is
    committed; the run holds the refresh lock, and :func:`storage.write_generation` refuses to
    publish if the generation in service changed meanwhile.
    """
    memo = _memo.get("state")
    if (
        (memo is not None and memo[0] == _memo_key(generation))
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        return _Later(generation)
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upsell-state")
    future = pool.submit(_load_in_thread, generation)
    pool.shutdown(wait=False)
    return future


def _load_in_thread(
    generation: AssociationGeneration,
) -> tuple[mining.CoCounts | None, mining.CoCounts | None, int, int]:
    try:
        return load_parts(generation)
    finally:
        connection.close()  # this thread's own connection
