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
    from . import topk

    memo = _memo.get("state")
    if generation is not None and memo is not None and memo[0] == _memo_key(generation):
        return memo[1], memo[2], memo[3]
    state = AssociationState.objects.only("pk").first()
    if state is None:
        return None, 0, 0
    if connection.vendor == "postgresql":
        from .lines import binary_query

        table = connection.ops.quote_name(AssociationState._meta.db_table)
        cur = binary_query(f"SELECT counts_blob FROM {table} WHERE id = %s", [state.pk])  # noqa: S608
        base = cur.fetchone()[0]
        cur.close()
    else:
        base = AssociationState.objects.values_list("counts_blob", flat=True).get(pk=state.pk)
    if not base:
        return None, 0, 0
    deltas = [
        bytes(b)
        for b in AssociationShardCounts.objects.filter(job=DELTA_JOB)
        .order_by("shard")
        .values_list("blob", flat=True)
    ]
    parts = [topk.from_bytes(bytes(base))] + [topk.from_bytes(d) for d in deltas]
    cc = (
        parts[0]
        if len(parts) == 1
        else mining.merge([parts[0], mining.merge(parts[1:])] if len(parts) > 2 else parts)
    )
    base_bytes, delta_bytes = len(base), sum(len(d) for d in deltas)
    if generation is not None:
        _memo["state"] = (_memo_key(generation), cc, base_bytes, delta_bytes)
    return cc, base_bytes, delta_bytes


def _memo_sizes(gen: AssociationGeneration) -> tuple[int, int]:
    memo = _memo.get("state")
    return (memo[2], memo[3]) if memo else (0, 0)
