"""Storing generations of partner lists and reading them through the cache.

Writers: :func:`write_generation` writes a row for every product (full rebuild) or only for the
products in new baskets (incremental; the others' rows stay in service, nothing is updated: see
:func:`valid_at`), with one binary COPY, then moves the pointer, all in one transaction: a reader
sees the old set or the new set, never a mix, and a crash mid-write leaves the old set in service.

Readers: :func:`get_partners_for` does one ``get_many`` on a warm cache. Cached values carry their
generation id and the same ``get_many`` fetches the current generation id, so entries of another
generation are treated as misses: a switch is atomic for readers too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from ..conf import upsell_settings
from ..models import (
    AssociationGeneration,
    AssociationShardCounts,
    AssociationState,
    ProductPartners,
)
from . import keymap, mining, ranking
from .ranking import Partner
from .settings import setting
from .state import DELTA_JOB, _memo, _memo_key, _save_base

CURRENT_KEY = "upsell:assoc:current"
KEEP_GENERATIONS = 2  # the current one and its predecessor (readers may still hold its id)


def _cache():  # noqa: ANN202 - Django's BaseCache
    return caches[upsell_settings.CACHE_ALIAS]


def _key(product_id: int) -> str:
    return f"upsell:assoc:p:{product_id}"


# -- reading
# ----------------------------------------------------------------------------------------


def get_state() -> AssociationState:
    state = AssociationState.objects.defer("counts_blob").first()
    return state if state is not None else AssociationState.objects.create()


def current_generation_id() -> int | None:
    state = AssociationState.objects.only("current_id").first()
    return state.current_id if state else None


def get_partners_for(product_ids: Iterable[Any]) -> dict[Any, tuple[Partner, ...]]:
    """Partners of each product (empty tuple when it has none), from the generation in service."""
    return read_partners(product_ids)[1]


def read_partners(product_ids: Iterable[Any]) -> tuple[int | None, dict[Any, tuple[Partner, ...]]]:
    """``(generation id, partners by product key)``; every list comes from that one generation.

    The matrices count products by index (:mod:`.keymap`); keys go in and come out here.
    """
    keys = list(dict.fromkeys(product_ids))
    if keymap.is_identity():
        gen, by_index = _read_partners_by_index(int(key) for key in keys)
        return gen, {key: by_index.get(int(key), ()) for key in keys}
    indices = keymap.indices_of(keys)
    gen, by_index = _read_partners_by_index(indices.values())
    named = keymap.keys_of({p.product_id for ps in by_index.values() for p in ps})
    return gen, {
        key: tuple(
            replace(p, product_id=named[p.product_id])
            for p in by_index.get(indices[key], ())
            if named.get(p.product_id) is not None
        )
        if key in indices
        else ()
        for key in keys
    }


def _read_partners_by_index(
    product_ids: Iterable[int],
) -> tuple[int | None, dict[int, tuple[Partner, ...]]]:
    ids = list(dict.fromkeys(int(p) for p in product_ids))
    cache = _cache()
    keys = [_key(p) for p in ids]
    got = cache.get_many([CURRENT_KEY, *keys])
    gen = got.get(CURRENT_KEY)
    if gen is None:
        gen = current_generation_id()
        if gen is None:
            return None, {p: () for p in ids}
        cache.add(CURRENT_KEY, gen, setting("ASSOCIATIONS_CACHE_TIMEOUT"))
    result: dict[int, tuple[Partner, ...]] = {}
    misses: list[int] = []
    for pid, key in zip(ids, keys, strict=True):
        entry = got.get(key)
        if entry is not None and entry[0] == gen:
            result[pid] = entry[1]
        else:
            misses.append(pid)
    if misses:
        loaded = load_partners(gen, misses)
        if loaded is None:  # the cached id named a generation already collected: start over
            cache.delete(CURRENT_KEY)
            gen = current_generation_id()
            if gen is None:
                return None, {p: () for p in ids}
            misses, result = ids, {}
            loaded = load_partners(gen, ids) or {}
        result.update(loaded)
        cache.set_many(
            {_key(p): (gen, v) for p, v in loaded.items()}, setting("ASSOCIATIONS_CACHE_TIMEOUT")
        )
    return gen, result


#: One packed partner record: partner id, baskets with both, recency-weighted baskets with both.
PARTNER_DTYPE = np.dtype([("b", "<i8"), ("c", "<i8"), ("w", "<f8")])


def unpack(blob: bytes | memoryview) -> list[tuple[int, int, float]]:
    return np.frombuffer(bytes(blob), dtype=PARTNER_DTYPE).tolist()


def valid_at(gen: int, rows_from: int | None = None) -> Q:
    """Rows in service in generation ``gen``: per product, the latest row written by ``gen`` or
    an earlier generation of its lineage (from its full rebuild, ``rows_from``, on). Rows are never
    updated: a generation only adds the rows of the products it changed."""
    if rows_from is None:
        rows_from = Subquery(AssociationGeneration.objects.filter(pk=gen).values("rows_from")[:1])
    newer = ProductPartners.objects.filter(
        product_id=OuterRef("product_id"),
        valid_from__gt=OuterRef("valid_from"),
        valid_from__lte=gen,
    )
    return Q(valid_from__lte=gen, valid_from__gte=rows_from) & ~Q(Exists(newer))


def load_partners(gen: int, product_ids: Sequence[int]) -> dict[int, tuple[Partner, ...]] | None:
    """Partners of ``product_ids`` in generation ``gen`` from the database (``None``: no such
    gen)."""
    generation = AssociationGeneration.objects.filter(pk=gen).first()
    if generation is None:
        return None
    valid = valid_at(gen, generation.rows_from)
    rows = ProductPartners.objects.filter(valid, product_id__in=list(product_ids))
    entries = {r.product_id: (r.weight, unpack(r.partners)) for r in rows}
    partner_ids = {b for _, lst in entries.values() for b, _, _ in lst}
    weights = dict(
        ProductPartners.objects.filter(valid, product_id__in=partner_ids).values_list(
            "product_id", "weight"
        )
    )
    return {
        pid: _partners(entries[pid], weights, generation) if pid in entries else ()
        for pid in product_ids
    }


def _partners(
    entry: tuple[float, list], weights: dict[int, float], gen: AssociationGeneration
) -> tuple[Partner, ...]:
    total = gen.total_weight if gen.params.get("half_life_days") else float(gen.n_baskets)
    return ranking.partners_from_entries(
        entry[1],
        entry[0],
        weights,
        total,
        min_count=float(setting("ASSOCIATIONS_MIN_SUPPORT")) * gen.n_baskets,
        alpha=score_alpha(gen),
        beta=float(setting("ASSOCIATIONS_SCORE_SHRINK")),
    )


def score_alpha(gen: AssociationGeneration) -> float:
    """The ranking's ALPHA: the setting, or with "auto" the value the last full rebuild measured."""
    value = setting("ASSOCIATIONS_SCORE_ALPHA")
    if value == "auto":
        return float(gen.params.get("score_alpha", ranking.ALPHA))
    return float(value)


def partner_table(product_id: int, gen: int | None = None) -> list[dict[str, Any]]:
    """A product's partners with count, support, confidence and lift (admin, diagnostics).

    ``product_id`` is the product's index in the matrices (its key in an integer-keyed shop, the
    ``product_id`` of its :class:`ProductPartners` rows); partners are named by their keys.
    """
    gen = gen if gen is not None else current_generation_id()
    if gen is None:
        return []
    generation = AssociationGeneration.objects.get(pk=gen)
    n = generation.n_baskets or 1
    partners = (load_partners(gen, [product_id]) or {}).get(product_id, ())
    named = keymap.keys_of(p.product_id for p in partners)
    return [
        {
            "product_id": named.get(p.product_id, p.product_id),
            "count": p.count,
            "support": p.count / n,
            "confidence": p.confidence,
            "lift": p.lift,
            "score": p.score,
        }
        for p in partners
    ]


def current_lists(gen: int | None = None) -> dict[int, tuple[int, list[tuple[int, int]]]]:
    """``{product: (count, [(partner, pair count), ...])}`` of a generation (tests, diagnostics)."""
    gen = gen if gen is not None else current_generation_id()
    return {
        r.product_id: (r.count, [(b, c) for b, c, _ in unpack(r.partners)])
        for r in ProductPartners.objects.filter(valid_at(gen))
    }


# -- writing
# ----------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """The partner rows one generation writes, column by column (one row per product)."""

    generation: int
    product_ids: np.ndarray
    counts: np.ndarray
    weights: np.ndarray
    starts: np.ndarray  # first record of each row's partners in ``records``
    lengths: np.ndarray  # partners per row
    records: np.ndarray  # PARTNER_DTYPE, the top-K lists end to end

    def __len__(self) -> int:
        return len(self.product_ids)


def _packed_rows(gen_id: int, tk, cc, product_ids: np.ndarray) -> _Rows:  # noqa: ANN001
    """Rows of ``product_ids`` (those with a basket): count, weight and packed top-K partners."""
    recs = np.empty(len(tk.partner_ids), dtype=PARTNER_DTYPE)
    recs["b"], recs["c"], recs["w"] = tk.partner_ids, tk.counts, tk.weights
    ids = np.asarray(product_ids, dtype=np.int64)
    pos = mining.IdIndex(cc.item_ids).lookup(ids)
    ok = pos >= 0
    ok[ok] = cc.item_counts[pos[ok]] > 0
    ids, pos = ids[ok], pos[ok]
    # Each product's row of the top-K lists, if any (none: no partner kept).
    order = np.argsort(tk.product_ids, kind="stable")
    sorted_ids = tk.product_ids[order]
    at = np.searchsorted(sorted_ids, ids)
    has = at < len(sorted_ids)
    has[has] = sorted_ids[at[has]] == ids[has]
    r = order[at[has]]
    starts, lengths = np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=np.int64)
    starts[has], lengths[has] = tk.indptr[r], tk.indptr[r + 1] - tk.indptr[r]
    weights = cc.item_weights if cc.weighted else cc.item_counts
    return _Rows(
        generation=gen_id,
        product_ids=ids,
        counts=np.asarray(cc.item_counts[pos], dtype=np.int64),
        weights=np.asarray(weights[pos], dtype=np.float64),
        starts=starts,
        lengths=lengths,
        records=recs,
    )


_COLUMNS = ("product_id", "valid_from", "count", "weight", "n_partners", "partners")
#: One row of a binary COPY up to the partners' bytes: field count, then (length, value) per field.
_COPY_HEAD = np.dtype(
    [
        ("fields", ">i2"),
        ("l_product", ">i4"),
        ("product", ">i8"),
        ("l_from", ">i4"),
        ("valid_from", ">i8"),
        ("l_count", ">i4"),
        ("count", ">i8"),
        ("l_weight", ">i4"),
        ("weight", ">f8"),
        ("l_n", ">i4"),
        ("n", ">i4"),
        ("l_partners", ">i4"),
    ]
)
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8  # signature, flags, header extension


def _copy_payload(rows: _Rows) -> bytes:
    """The whole binary COPY stream, built by numpy: a row is a fixed-width head plus its packed
    partners, so rows with the same number of partners have one size and form one array (COPY
    does not care about row order)."""
    head = np.empty(len(rows), dtype=_COPY_HEAD)
    head["fields"] = len(_COLUMNS)
    head["l_product"] = head["l_from"] = head["l_count"] = head["l_weight"] = 8
    head["l_n"] = 4
    head["product"], head["valid_from"] = rows.product_ids, rows.generation
    head["count"], head["weight"] = rows.counts, rows.weights
    head["n"] = rows.lengths
    head["l_partners"] = rows.lengths * PARTNER_DTYPE.itemsize
    parts = [_COPY_SIGNATURE]
    for n in np.unique(rows.lengths).tolist():
        sel = np.flatnonzero(rows.lengths == n)
        block = np.empty(len(sel), dtype=[("head", _COPY_HEAD), ("partners", PARTNER_DTYPE, (n,))])
        block["head"] = head[sel]
        if n:
            block["partners"] = rows.records[rows.starts[sel, None] + np.arange(n)]
        parts.append(block.tobytes())
    parts.append(b"\xff\xff")
    return b"".join(parts)


def _insert_rows(rows: _Rows) -> None:
    if connection.vendor == "postgresql":
        # Binary COPY of one prebuilt stream: tens of thousands of rows in a few milliseconds.
        table = connection.ops.quote_name(ProductPartners._meta.db_table)
        with connection.cursor() as cur:
            with cur.cursor.copy(
                f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.write(_copy_payload(rows))
        return
    size = PARTNER_DTYPE.itemsize
    recs = rows.records.tobytes()
    ProductPartners.objects.bulk_create(
        [
            ProductPartners(
                product_id=pid,
                valid_from=rows.generation,
                count=c,
                weight=w,
                n_partners=n,
                partners=recs[s * size : (s + n) * size],
            )
            for pid, c, w, s, n in zip(
                rows.product_ids.tolist(),
                rows.counts.tolist(),
                rows.weights.tolist(),
                rows.starts.tolist(),
                rows.lengths.tolist(),
                strict=True,
            )
        ],
        batch_size=2000,
    )


def write_generation(
    *,
    mode: str,
    cc,  # noqa: ANN001 - mining.CoCounts after this run
    topk,  # noqa: ANN001 - topk.TopK of the products written
    changed_ids: np.ndarray | None,
    base_generation: int | None,
    watermark: int,
    params: dict[str, Any],
    gaps: dict[str, float],
    counts_blob: bytes | None = None,
    delta_blob: bytes | None = None,
    state_bytes: tuple[int, int] = (0, 0),
    score_alpha: float | None = None,
) -> AssociationGeneration:
    """Write a generation and switch readers to it, in one transaction.

    ``changed_ids`` None: every product gets a new row and the generation starts a new lineage
    (full rebuild). Otherwise only those products get a row; the others' latest rows simply stay in
    service (see :func:`valid_at`), nothing is updated. The incremental state moves with the
    generation, in the same transaction: ``counts_blob`` replaces the base (full rebuild or
    compaction), else ``delta_blob`` is appended to it (``state_bytes``: the stored base and deltas
    it joins, in bytes, remembered with the state to decide the next compaction).
    """
    from . import topk as topk_mod

    full = changed_ids is None
    with transaction.atomic():
        # Never load the (large) counts blob just to lock the row.
        locked = AssociationState.objects.select_for_update().defer("counts_blob")
        state = locked.first()
        if state is None:
            AssociationState.objects.create()
            state = locked.first()
        if not full and (state.current_id != base_generation or state.current is None):
            raise RuntimeError("the generation in service changed during the run; rerun it")
        previous = state.current
        gen = AssociationGeneration.objects.create(
            mode=mode,
            n_baskets=cc.n_baskets,
            total_weight=cc.total_weight,
            n_products=int((cc.item_counts > 0).sum()),
            n_pairs=topk_mod.kept_count(cc, int(params["top_k"]), int(params["min_count"])),
            watermark=watermark,
            rows_from=0 if full else previous.rows_from,
            params={**params, "score_alpha": score_alpha} if score_alpha is not None else params,
        )
        if full:
            gen.rows_from = gen.pk
            gen.save(update_fields=["rows_from"])
        ids = cc.item_ids if full else np.asarray(changed_ids, dtype=np.int64)
        _insert_rows(_packed_rows(gen.pk, topk, cc, ids))
        if counts_blob is not None:
            _save_base(state, counts_blob)
        elif delta_blob is not None:
            AssociationShardCounts.objects.create(job=DELTA_JOB, shard=gen.pk, blob=delta_blob)
        state.current, state.pending_gaps, state.params = gen, gaps, params
        state.save(update_fields=["current", "pending_gaps", "params", "updated_at"])
    if counts_blob is not None:
        sizes = (len(counts_blob), 0)
    else:
        sizes = (state_bytes[0], state_bytes[1] + len(delta_blob or b""))
    _memo["state"] = (_memo_key(gen), cc, *sizes)
    # Committed (or, inside an outer transaction, about to be): point readers at it. A reader that
    # sees the id before the commit finds no such generation and falls back to the database pointer.
    _cache().set(CURRENT_KEY, gen.pk, setting("ASSOCIATIONS_CACHE_TIMEOUT"))
    collect_old_generations(gen.pk)
    return gen


def collect_old_generations(current: int) -> int:
    """Forget generations older than the last ``KEEP_GENERATIONS`` and rows only they used.

    A row is garbage once the oldest kept generation cannot see it: it predates that generation's
    lineage (a full rebuild replaced it), or a newer row of its product, written by the oldest kept
    generation or before it, hides it. Only rows hidden by generations aged out since the last
    collection are looked for, so the work is that of one incremental run, not of the whole table.
    Rows and generations go in one transaction, so a collection that dies leaves its share to the
    next one.
    """
    keep = list(
        AssociationGeneration.objects.filter(pk__lte=current)
        .order_by("-pk")
        .values_list("pk", "rows_from")[:KEEP_GENERATIONS]
    )
    oldest, rows_from = min(keep)
    aged = list(AssociationGeneration.objects.filter(pk__lt=oldest).values_list("pk", flat=True))
    if not aged:
        return 0
    table = connection.ops.quote_name(ProductPartners._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # A few thousand index probes: never worth compiling (JIT) or parallel workers.
                cur.execute("SELECT set_config('jit', 'off', true)")
                cur.execute("SELECT set_config('max_parallel_workers_per_gather', '0', true)")
            cur.execute(f"DELETE FROM {table} WHERE valid_from < %s", [rows_from])  # noqa: S608
            hidden = (
                "new.product_id = old.product_id AND new.valid_from > old.valid_from "
                "AND new.valid_from > %s AND new.valid_from <= %s"
            )
            if connection.vendor == "postgresql":
                sql = f"DELETE FROM {table} AS old USING {table} AS new WHERE {hidden}"  # noqa: S608
            else:
                sql = (
                    f"DELETE FROM {table} WHERE id IN (SELECT old.id FROM {table} AS old "  # noqa: S608
                    f"JOIN {table} AS new ON {hidden})"
                )
            cur.execute(sql, [min(aged), oldest])
        deleted, _ = AssociationGeneration.objects.filter(pk__lt=oldest).delete()
    return deleted


def invalidate_cache() -> None:
    """Forget the cached generation id (entries of other generations are ignored anyway)."""
    _cache().delete(CURRENT_KEY)
