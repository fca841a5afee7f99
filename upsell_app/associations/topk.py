"""Top-K partners per product from :class:`~.mining.CoCounts`, and the state's byte form.

Pure numpy/scipy. Partners are ranked by co-occurrence count (recency-weighted count when weighting
is on), ties by the smaller partner id, so results are deterministic and independent of how the
counts
were assembled (chunks, shards, incremental deltas).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import codec
from .mining import CoCounts


@dataclass
class TopK:
    """Partners per product in CSR layout: partners of ``product_ids[r]`` are
    ``partner_ids[indptr[r]:indptr[r + 1]]``, best first."""

    product_ids: np.ndarray
    indptr: np.ndarray
    partner_ids: np.ndarray
    counts: np.ndarray
    weights: np.ndarray  # recency-weighted counts; == counts (as float) when unweighted

    def __len__(self) -> int:
        return len(self.partner_ids)

    def rows(self):  # noqa: ANN201 - generator of (product_id, partner ids, counts, weights)
        for r, pid in enumerate(self.product_ids):
            s, e = self.indptr[r], self.indptr[r + 1]
            yield int(pid), self.partner_ids[s:e], self.counts[s:e], self.weights[s:e]

    def as_dict(self) -> dict[int, list[tuple[int, int]]]:
        return {
            pid: [(int(b), int(c)) for b, c in zip(bs, cs, strict=True)]
            for pid, bs, cs, _ in self.rows()
        }


def _prune(row_of: np.ndarray, counts: np.ndarray, k: int, n_rows: int) -> np.ndarray:
    """Mask of entries that can still be in their row's top-k by count.

    Most pairs are seen once or twice; in a row that has k entries at or above a threshold, nothing
    below it can make the cut. One histogram of the counts' powers of two per row gives each row
    the highest such threshold; dropping what lies below it shrinks the sort that follows
    several-fold.
    """
    if len(counts) == 0:
        return np.ones(0, dtype=bool)
    bucket = np.frexp(counts.astype(np.float64))[1] - 1  # floor(log2(count)), counts >= 1
    n_buckets = int(bucket.max()) + 1
    hist = np.bincount(row_of * n_buckets + bucket, minlength=n_rows * n_buckets)
    # at_least[r, j]: entries of row r with bucket >= j (non-increasing in j)
    at_least = np.cumsum(hist.reshape(n_rows, n_buckets)[:, ::-1], axis=1)[:, ::-1]
    threshold = np.maximum((at_least >= k).sum(axis=1) - 1, 0)
    return bucket >= threshold[row_of]


def top_k(cc: CoCounts, k: int, min_count: int = 1, only_ids: np.ndarray | None = None) -> TopK:
    """Top-``k`` partners of every product (or only of ``only_ids``).

    Pairs seen in fewer than ``min_count`` baskets are dropped. ``only_ids`` restricts the work to
    products whose lists may have changed (incremental runs).
    """
    m = cc.pairs
    if cc.weighted and cc.pair_weights.nnz != m.nnz:
        raise ValueError("weights and counts out of step")
    # Most pairs are seen once: keep only entries at or above min_count before anything else, and
    # work on positions into the whole matrix (no copy of the selected rows).
    keep = np.flatnonzero(m.data >= max(min_count, 1))
    n_all = len(cc.item_ids)
    row_all = np.repeat(np.arange(n_all), np.diff(np.searchsorted(keep, m.indptr)))
    if only_ids is not None:
        rows = np.flatnonzero(np.isin(cc.item_ids, np.asarray(only_ids, dtype=np.int64)))
        local = np.full(n_all, -1, dtype=np.int64)
        local[rows] = np.arange(len(rows))
        row_of = local[row_all]
        inside = row_of >= 0
        keep, row_of = keep[inside], row_of[inside]
    else:
        rows, row_of = np.arange(n_all), row_all
    n_rows = len(rows)
    cols, counts = m.indices[keep], m.data[keep]
    if not cc.weighted:
        pruned = np.flatnonzero(_prune(row_of, counts, k, n_rows))
        keep = keep[pruned]
        row_of, cols, counts = row_of[pruned], cols[pruned], counts[pruned]
    # Tie-break by partner *id*, not position (positions are append-only, not sorted).
    id_rank = np.empty(len(cc.item_ids), dtype=np.int64)
    id_rank[np.argsort(cc.item_ids, kind="stable")] = np.arange(len(cc.item_ids))
    tie = id_rank[cols]
    if cc.weighted:
        value = cc.pair_weights.data[keep]  # keep: positions into the matrix's entries
        order = np.lexsort((tie, -value, row_of))
    else:
        value = counts
        n, maxc = max(len(cc.item_ids), 1), int(counts.max(initial=0)) + 1
        if n_rows * maxc * n < 2**62:  # one int64 key: row, then count desc, then id
            order = np.argsort((row_of * maxc + (maxc - 1 - counts)) * n + tie, kind="stable")
        else:
            order = np.lexsort((tie, -counts, row_of))
    row_sorted = row_of[order]
    starts = np.searchsorted(row_sorted, np.arange(n_rows))
    rank = np.arange(len(order)) - starts[row_sorted]
    sel = order[rank < k]
    lengths = np.bincount(row_of[sel], minlength=n_rows)
    has = lengths > 0
    indptr = np.concatenate([[0], np.cumsum(lengths[has])]).astype(np.int64)
    return TopK(
        product_ids=cc.item_ids[rows][has],
        indptr=indptr,
        partner_ids=cc.item_ids[cols[sel]],
        counts=counts[sel].astype(np.int64),
        weights=np.asarray(value[sel], dtype=np.float64),
    )


def kept_count(cc: CoCounts, k: int, min_count: int = 1) -> int:
    """How many (product, partner) entries :func:`top_k` keeps over all products: per product
    ``min(k, partners seen >= min_count times)``. One pass over the counts, no ranking."""
    m = cc.pairs
    if m.nnz == 0:
        return 0
    kept = np.flatnonzero(m.data >= max(min_count, 1))
    per_row = np.diff(np.searchsorted(kept, m.indptr))
    return int(np.minimum(per_row, k).sum())


def to_bytes(cc: CoCounts) -> bytes:
    """Serialise counts (the incremental state, shard and delta counts): see ``codec``."""
    return codec.encode(cc)


def from_bytes(blob: bytes | memoryview) -> CoCounts:
    return codec.decode(blob)
