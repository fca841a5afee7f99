"""Top-K partners per product from :class:`~.mining.CoCounts`, and the state's byte form.

Pure numpy/scipy. Partners are ranked by co-occurrence count (recency-weighted count when weighting
is on), ties by the smaller partner id, so results are deterministic and independent of how the
counts
were assembled (chunks, shards, incremental deltas).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

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
    below it can make the cut. Dropping those first shrinks the sort that follows several-fold.
    """
    keep = np.ones(len(counts), dtype=bool)
    if len(counts) == 0:
        return keep
    thr = max(2, int(counts.min()) + 1)
    for _ in range(6):  # a few doubling thresholds take most of the benefit
        ge = counts >= thr
        n_ge = np.bincount(row_of[ge], minlength=n_rows)
        drop = ~ge & (n_ge[row_of] >= k)
        if not drop.any():
            break
        keep &= ~drop
        thr *= 2
    return keep


def top_k(cc: CoCounts, k: int, min_count: int = 1, only_ids: np.ndarray | None = None) -> TopK:
    """Top-``k`` partners of every product (or only of ``only_ids``).

    Pairs seen in fewer than ``min_count`` baskets are dropped. ``only_ids`` restricts the work to
    products whose lists may have changed (incremental runs).
    """
    if only_ids is not None:
        rows = np.flatnonzero(np.isin(cc.item_ids, np.asarray(only_ids, dtype=np.int64)))
        sub = cc.pairs[rows]
        wsub = cc.pair_weights[rows] if cc.weighted else None
    else:
        rows = np.arange(len(cc.item_ids))
        sub, wsub = cc.pairs, cc.pair_weights
    n_rows = len(rows)
    counts = sub.data
    row_of = np.repeat(np.arange(n_rows), np.diff(sub.indptr))
    cols = sub.indices
    keep = np.flatnonzero(counts >= max(min_count, 1))
    row_of, cols, counts = row_of[keep], cols[keep], counts[keep]
    if not cc.weighted:
        pruned = np.flatnonzero(_prune(row_of, counts, k, n_rows))
        keep = keep[pruned]
        row_of, cols, counts = row_of[pruned], cols[pruned], counts[pruned]
    # Tie-break by partner *id*, not position (positions are append-only, not sorted).
    id_rank = np.empty(len(cc.item_ids), dtype=np.int64)
    id_rank[np.argsort(cc.item_ids, kind="stable")] = np.arange(len(cc.item_ids))
    tie = id_rank[cols]
    if cc.weighted:
        if wsub.nnz != sub.nnz:
            raise ValueError("weights and counts out of step")
        value = wsub.data[keep]  # keep: indices into the row block's entries
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


def to_bytes(cc: CoCounts) -> bytes:
    """Serialise the incremental state as a raw ``.npz`` (fast both ways, no pickle)."""
    buf = io.BytesIO()
    cc.pairs.sort_indices()
    arrays = {
        "item_ids": cc.item_ids,
        "item_counts": cc.item_counts,
        "indptr": cc.pairs.indptr,
        "indices": cc.pairs.indices,
        "data": cc.pairs.data,
        "n_baskets": np.array([cc.n_baskets], dtype=np.int64),
    }
    if cc.weighted:
        cc.pair_weights.sort_indices()
        arrays.update(
            item_weights=cc.item_weights,
            wdata=cc.pair_weights.data,
            total_weight=np.array([cc.total_weight]),
        )
    np.savez(buf, **arrays)
    return buf.getvalue()


def from_bytes(blob: bytes) -> CoCounts:
    z = np.load(io.BytesIO(blob), allow_pickle=False)
    n = len(z["item_ids"])
    pairs = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(n, n))
    cc = CoCounts(z["item_ids"], z["item_counts"], pairs, int(z["n_baskets"][0]))
    if "wdata" in z.files:
        cc.item_weights = z["item_weights"]
        cc.pair_weights = sp.csr_matrix((z["wdata"], z["indices"], z["indptr"]), shape=(n, n))
        cc.total_weight = float(z["total_weight"][0])
    return cc
