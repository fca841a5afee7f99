"""Storing generations of partner lists and reading them through the cache.

Writers: :func:`write_generation` writes a complete new generation (full rebuild) or the changed
products plus a server-side copy of the unchanged ones (incremental), then moves the pointer, all in
one transaction: a reader sees the old set or the new set, never a mix, and a crash mid-write leaves
the old set in service.

Readers: :func:`get_partners_for` does one ``get_many`` on a warm cache. Cached values carry their
generation id and the same ``get_many`` fetches the current generation id, so entries of another
generation are treated as misses: a switch is atomic for readers too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Q

from ..conf import upsell_settings
from ..models import (
    AssociationGeneration,
    AssociationShardCounts,
    AssociationState,
    ProductPartners,
)
from . import mining, ranking
from .ranking import Partner
from .settings import setting
from .state import DELTA_JOB, _memo, _memo_key, _memo_sizes, _save_base

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


def get_partners_for(product_ids: Iterable[int]) -> dict[int, tuple[Partner, ...]]:
    """Partners of each product (empty tuple when it has none), from the generation in service."""
    return read_partners(product_ids)[1]


def read_partners(product_ids: Iterable[int]) -> tuple[int | None, dict[int, tuple[Partner, ...]]]:
    """``(generation id, partners by product)``; every list comes from that one generation."""
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


def valid_at(gen: int) -> Q:
    """Rows in service in generation ``gen``."""
    return Q(valid_from__lte=gen) & (Q(valid_to__isnull=True) | Q(valid_to__gt=gen))


def load_partners(gen: int, product_ids: Sequence[int]) -> dict[int, tuple[Partner, ...]] | None:
    """Partners of ``product_ids`` in generation ``gen`` from the database (``None``: no such
    gen)."""
    generation = AssociationGeneration.objects.filter(pk=gen).first()
    if generation is None:
        return None
    rows = ProductPartners.objects.filter(valid_at(gen), product_id__in=list(product_ids))
    entries = {r.product_id: (r.weight, unpack(r.partners)) for r in rows}
    partner_ids = {b for _, lst in entries.values() for b, _, _ in lst}
    weights = dict(
        ProductPartners.objects.filter(valid_at(gen), product_id__in=partner_ids).values_list(
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
    """A product's partners with count, support, confidence and lift (admin, diagnostics)."""
    gen = gen if gen is not None else current_generation_id()
    if gen is None:
        return []
    generation = AssociationGeneration.objects.get(pk=gen)
    n = generation.n_baskets or 1
    partners = (load_partners(gen, [product_id]) or {}).get(product_id, ())
    return [
        {
            "product_id": p.product_id,
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


def _packed_rows(gen_id: int, tk, cc, product_ids: np.ndarray) -> list[tuple]:  # noqa: ANN001
    """``(product_id, valid_from, count, weight, n_partners, packed partners)`` per product."""
    recs = np.empty(len(tk.partner_ids), dtype=PARTNER_DTYPE)
    recs["b"], recs["c"], recs["w"] = tk.partner_ids, tk.counts, tk.weights
    row_of = {int(p): r for r, p in enumerate(tk.product_ids)}
    index = mining.IdIndex(cc.item_ids)
    pos = index.lookup(np.asarray(product_ids, dtype=np.int64))
    weights = cc.item_weights if cc.weighted else cc.item_counts
    out = []
    for pid, i in zip(np.asarray(product_ids).tolist(), pos.tolist(), strict=True):
        if i < 0 or cc.item_counts[i] <= 0:
            continue
        r = row_of.get(pid)
        blob = b"" if r is None else recs[tk.indptr[r] : tk.indptr[r + 1]].tobytes()
        n = 0 if r is None else int(tk.indptr[r + 1] - tk.indptr[r])
        out.append((pid, gen_id, int(cc.item_counts[i]), float(weights[i]), n, blob))
    return out


_COLUMNS = ("product_id", "valid_from", "count", "weight", "n_partners", "partners")


def _insert_rows(rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        # Binary COPY: tens of thousands of rows in a fraction of the ORM's time.
        table = connection.ops.quote_name(ProductPartners._meta.db_table)
        with connection.cursor() as cur:
            with cur.cursor.copy(
                f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "int8", "int8", "float8", "int4", "bytea"])
                for row in rows:
                    copy.write_row(row)
        return
    ProductPartners.objects.bulk_create(
        [ProductPartners(**dict(zip(_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
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
    score_alpha: float | None = None,
) -> AssociationGeneration:
    """Write a generation and switch readers to it, in one transaction.

    ``changed_ids`` None: every product gets a new row (full rebuild). Otherwise only those products
    do; the others' rows simply stay valid into the new generation. The incremental state moves with
    the generation, in the same transaction: ``counts_blob`` replaces the base (full rebuild or
    compaction), else ``delta_blob`` is appended to it.
    """
    with transaction.atomic():
        # Never load the (large) counts blob just to lock the row.
        locked = AssociationState.objects.select_for_update().defer("counts_blob")
        state = locked.first()
        if state is None:
            AssociationState.objects.create()
            state = locked.first()
        if changed_ids is not None and state.current_id != base_generation:
            raise RuntimeError("the generation in service changed during the run; rerun it")
        previous = state.current
        gen = AssociationGeneration.objects.create(
            mode=mode,
            n_baskets=cc.n_baskets,
            total_weight=cc.total_weight,
            n_products=int((cc.item_counts > 0).sum()),
            watermark=watermark,
            params={**params, "score_alpha": score_alpha} if score_alpha is not None else params,
        )
        ids = cc.item_ids if changed_ids is None else np.asarray(changed_ids, dtype=np.int64)
        rows = _packed_rows(gen.pk, topk, cc, ids)
        _retire(rows, gen, previous, full=changed_ids is None)
        _insert_rows(rows)
        gen.save(update_fields=["n_pairs"])
        if counts_blob is not None:
            _save_base(state, counts_blob)
        elif delta_blob is not None:
            AssociationShardCounts.objects.create(job=DELTA_JOB, shard=gen.pk, blob=delta_blob)
        state.current, state.pending_gaps, state.params = gen, gaps, params
        state.save(update_fields=["current", "pending_gaps", "params", "updated_at"])
    _memo["state"] = (
        _memo_key(gen),
        cc,
        len(counts_blob) if counts_blob is not None else _memo_sizes(gen)[0],
        0 if counts_blob is not None else _memo_sizes(gen)[1] + len(delta_blob or b""),
    )
    # Committed (or, inside an outer transaction, about to be): point readers at it. A reader that
    # sees the id before the commit finds no such generation and falls back to the database pointer.
    _cache().set(CURRENT_KEY, gen.pk, setting("ASSOCIATIONS_CACHE_TIMEOUT"))
    collect_old_generations(gen.pk)
    return gen


def _retire(rows: list[tuple], gen: AssociationGeneration, previous: Any, full: bool) -> None:
    """End the validity of the rows the new ones replace (all of them on a full rebuild)."""
    table = connection.ops.quote_name(ProductPartners._meta.db_table)
    with connection.cursor() as cur:
        if full or previous is None:
            gen.n_pairs = sum(r[4] for r in rows)
            cur.execute(f"UPDATE {table} SET valid_to = %s WHERE valid_to IS NULL", [gen.pk])  # noqa: S608
            return
        ids = [r[0] for r in rows]
        dropped = 0
        step = len(ids) if connection.vendor == "postgresql" else 900  # SQLite caps parameters
        for s in range(0, len(ids), max(step, 1)):
            cond, params = _in("product_id", ids[s : s + step])
            cur.execute(
                f"SELECT COALESCE(SUM(n_partners), 0) FROM {table} "  # noqa: S608
                f"WHERE valid_to IS NULL AND {cond}",
                params,
            )
            dropped += int(cur.fetchone()[0])
            cur.execute(
                f"UPDATE {table} SET valid_to = %s WHERE valid_to IS NULL AND {cond}",  # noqa: S608
                [gen.pk, *params],
            )
        gen.n_pairs = previous.n_pairs - dropped + sum(r[4] for r in rows)


def _in(column: str, values: list[int]) -> tuple[str, list[Any]]:
    if connection.vendor == "postgresql":
        # A semi-join on unnest() hashes the list; "= ANY(array)" may compare every row with every
        # element (seconds for 10k products).
        return f"{column} IN (SELECT unnest(%s::bigint[]))", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def collect_old_generations(current: int) -> int:
    """Forget generations older than the last ``KEEP_GENERATIONS`` and rows only they used."""
    keep = list(
        AssociationGeneration.objects.filter(pk__lte=current)
        .order_by("-pk")
        .values_list("pk", flat=True)[:KEEP_GENERATIONS]
    )
    oldest = min(keep)
    ProductPartners.objects.filter(valid_to__lte=oldest)._raw_delete(connection.alias)
    deleted, _ = AssociationGeneration.objects.filter(pk__lt=oldest).delete()
    return deleted


def invalidate_cache() -> None:
    """Forget the cached generation id (entries of other generations are ignored anyway)."""
    _cache().delete(CURRENT_KEY)
