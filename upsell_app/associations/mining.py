"""Co-occurrence maths on sparse matrices: pure numpy/scipy, no Django.

A *basket* is a set of products (an order, or a customer's purchases within a time window). With a
binary baskets x products matrix ``X``, ``X.T @ X`` holds on its diagonal how many baskets contain
each
product and off the diagonal how many contain each pair. :class:`CoCounts` keeps exactly that (the
diagonal split off as ``item_counts``); every association figure (count, support, confidence, lift)
follows from it and the number of baskets.

Why these shapes:

* Counts are additive over disjoint sets of baskets, so chunks of orders, shards on other workers
and
  incremental deltas all reduce to :func:`merge` (a sum), and the result is exactly the single pass.
* A basket that grows (a customer's window gains an order) is ``count(after) - count(before)``, so
  incremental == full holds for customer-window baskets too.
* Product positions are append-only (new products get new rows at the end), so adding a delta to a
  large state is a resize plus a sparse add, never a re-index of the big matrix.
* Top-K ranks partners by co-occurrence count (recency-weighted count when weighting is on), ties by
  smaller partner id. That order depends neither on the number of baskets nor on the partner's own
  count, so an incremental run only re-ranks products that appear in new baskets; support, lift and
  the
  serving score are derived at read time and stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

#  Reference instant for recency weights: weight = 2 ** ((t - EPOCH) / half_life). A fixed epoch
# (not
#: "now") keeps stored weights valid as time passes; every ratio we derive is scale-invariant.
RECENCY_EPOCH_SECONDS = 1_577_836_800.0  # 2020-01-01T00:00:00Z


class IdIndex:
    """Append-only map product id -> position (new ids get the next positions).

    Ids in ``[0, DENSE_LIMIT)`` (every real shop's primary keys) use a dense lookup table: a gather
    is several times faster than a binary search over millions of lines.
    """

    DENSE_LIMIT = 1 << 25

    def __init__(self, ids: np.ndarray | None = None) -> None:
        self.ids = np.zeros(0, dtype=np.int64)
        self._table = np.full(0, -1, dtype=np.int64)
        self._dense = True
        if ids is not None and len(ids):
            self._append(np.asarray(ids, dtype=np.int64))

    def _append(self, new: np.ndarray) -> None:
        start = len(self.ids)
        self.ids = np.concatenate([self.ids, new])
        if self._dense and (new.min() < 0 or new.max() >= self.DENSE_LIMIT):
            self._dense = False
        if self._dense:
            top = int(new.max()) + 1
            if top > len(self._table):
                grown = np.full(max(top, 2 * len(self._table)), -1, dtype=np.int64)
                grown[: len(self._table)] = self._table
                self._table = grown
            self._table[new] = np.arange(start, len(self.ids))
        else:
            self._order = np.argsort(self.ids, kind="stable")
            self._sorted = self.ids[self._order]

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """Positions of ``ids``; -1 where unknown."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(self.ids) == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        if self._dense:
            inside = (ids >= 0) & (ids < len(self._table))
            if inside.all():
                return self._table[ids]
            return np.where(inside, self._table[np.where(inside, ids, 0)], -1)
        at = np.minimum(np.searchsorted(self._sorted, ids), len(self._sorted) - 1)
        return np.where(self._sorted[at] == ids, self._order[at], -1)

    def add(self, ids: np.ndarray) -> np.ndarray:
        """Positions of ``ids``, appending unknown ones (in ascending id order)."""
        ids = np.asarray(ids, dtype=np.int64)
        pos = self.lookup(ids)
        missing = pos < 0
        if missing.any():
            m = ids[missing]
            lo, hi = int(m.min()), int(m.max())
            if self._dense and lo >= 0 and hi < self.DENSE_LIMIT:
                mark = np.zeros(hi + 1, dtype=bool)  # a sort-free unique for table-sized ids
                mark[m] = True
                new = np.flatnonzero(mark).astype(np.int64)
            else:
                new = np.unique(m)
            self._append(new)
            pos[missing] = self.lookup(m)
        return pos


@dataclass
class CoCounts:
    """Sufficient statistics of a set of baskets.

    ``pairs`` is the symmetric co-occurrence matrix (zero diagonal) over positions in ``item_ids``.
    ``pair_weights``/``item_weights``/``total_weight`` (recency-weighted sums, same sparsity pattern
    as ``pairs``) exist only when weighting is on.
    """

    item_ids: np.ndarray
    item_counts: np.ndarray
    pairs: sp.csr_matrix
    n_baskets: int
    item_weights: np.ndarray | None = None
    pair_weights: sp.csr_matrix | None = None
    total_weight: float = 0.0

    @property
    def weighted(self) -> bool:
        return self.pair_weights is not None

    @classmethod
    def empty(cls, weighted: bool = False) -> CoCounts:
        return cls(
            item_ids=np.zeros(0, dtype=np.int64),
            item_counts=np.zeros(0, dtype=np.int64),
            pairs=sp.csr_matrix((0, 0), dtype=np.int64),
            n_baskets=0,
            item_weights=np.zeros(0) if weighted else None,
            pair_weights=sp.csr_matrix((0, 0), dtype=np.float64) if weighted else None,
        )

    def item_count_dict(self) -> dict[int, int]:
        return {int(i): int(c) for i, c in zip(self.item_ids, self.item_counts, strict=True) if c}

    def pair_count_dict(self) -> dict[tuple[int, int], int]:
        """``{(a, b): count}`` with ``a < b`` product ids; for tests and small data."""
        coo = self.pairs.tocoo()
        a, b = self.item_ids[coo.row], self.item_ids[coo.col]
        return {
            (int(x), int(y)): int(c) for x, y, c in zip(a, b, coo.data, strict=True) if x < y and c
        }


def recency_weights(timestamps: np.ndarray, half_life_days: float) -> np.ndarray:
    """Per-basket weight ``2 ** ((t - epoch) / half_life)`` (``t`` in epoch seconds)."""
    exponent = (np.asarray(timestamps, dtype=np.float64) - RECENCY_EPOCH_SECONDS) / (
        half_life_days * 86_400.0
    )
    return np.exp2(exponent)


def window_basket_keys(
    customer_keys: np.ndarray,
    order_keys: np.ndarray,
    timestamps: np.ndarray,
    window_days: float,
) -> np.ndarray:
    """Basket key per line for "a customer's purchases within a window": (customer, window bucket).

    Fixed buckets (not sliding windows) put every line in exactly one basket, so counts stay
    additive. Lines without a customer (``customer_keys == 0``) form one basket per order. Keys are
    64-bit mixes of (customer, bucket); distinct baskets collide with negligible probability.
    """
    bucket = np.floor_divide(np.asarray(timestamps, dtype=np.float64), window_days * 86_400.0)
    cust = np.asarray(customer_keys, dtype=np.int64)
    with np.errstate(over="ignore"):
        mixed = (cust.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ bucket.astype(np.uint64)
    return np.where(cust == 0, np.asarray(order_keys, dtype=np.int64), mixed.view(np.int64))


def count_baskets(
    basket_keys: np.ndarray,
    product_ids: np.ndarray,
    basket_times: np.ndarray | None = None,
    half_life_days: float | None = None,
    index: IdIndex | None = None,
) -> CoCounts:
    """Co-occurrence statistics of the baskets formed by grouping lines on ``basket_keys``.

    Every line of a basket must be present (a basket is never split across calls). Repeated
    (basket, product) lines count once. ``basket_times`` (epoch seconds per line; a basket's time is
    its latest line) is needed only with ``half_life_days``. With ``index`` the positions are shared
    with other chunks (cheap merging); its ids grow as needed.
    """
    weighted = half_life_days is not None
    product_ids = np.asarray(product_ids, dtype=np.int64)
    if product_ids.size == 0:
        return CoCounts.empty(weighted)
    index = index if index is not None else IdIndex()
    cols = index.add(product_ids)
    n_i = len(index.ids)
    rows, n_b = _basket_rows(np.asarray(basket_keys))
    x = _binary_matrix(rows, cols, n_b, n_i)
    xt = x.T.tocsr()
    co = (xt @ x).tocsr()
    item_counts = np.asarray(co.diagonal(), dtype=np.int64)
    out = CoCounts(index.ids.copy(), item_counts, _off_diagonal(co), n_b)
    if weighted:
        if basket_times is None:
            raise ValueError("recency weighting needs basket_times")
        t = np.full(n_b, -np.inf)
        np.maximum.at(t, rows, np.asarray(basket_times, dtype=np.float64))
        w = recency_weights(t, float(half_life_days))
        cow = (xt @ sp.csr_matrix(x.multiply(w[:, None]))).tocsr()
        out.item_weights = np.asarray(cow.diagonal(), dtype=np.float64)
        out.pair_weights = _on_pattern(_off_diagonal(cow), out.pairs)
        out.total_weight = float(w.sum())
    return out


def _basket_rows(keys: np.ndarray) -> tuple[np.ndarray, int]:
    """Row number per line (0..n_baskets-1) and the number of baskets."""
    if len(keys) and np.all(
        keys[1:] >= keys[:-1]
    ):  # lines grouped by basket (the usual read order)
        rows = np.concatenate([[0], np.cumsum(keys[1:] != keys[:-1])])
        return rows, int(rows[-1]) + 1
    uniq, rows = np.unique(keys, return_inverse=True)
    return rows.ravel(), len(uniq)


def _binary_matrix(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> sp.csr_matrix:
    """baskets x products 0/1 matrix (a basket is a set: quantities and repeats count once)."""
    order = np.argsort(rows, kind="stable") if np.any(rows[1:] < rows[:-1]) else None
    if order is not None:
        rows, cols = rows[order], cols[order]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    x = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.int32), cols.astype(np.int32), indptr), shape=(n_rows, n_cols)
    )
    x.sum_duplicates()
    x.data[:] = 1
    return x


def _off_diagonal(m: sp.csr_matrix) -> sp.csr_matrix:
    m.setdiag(0)
    m.eliminate_zeros()
    m.sort_indices()  # canonical CSR: sparse additions in merge() take scipy's fast path
    return m


def _resized(m: sp.csr_matrix, n: int) -> sp.csr_matrix:
    """``m`` grown to ``n`` x ``n`` (new products get empty rows and columns). The entries are
    shared, not copied (tens of megabytes for a large state): callers never modify them."""
    if m.shape == (n, n):
        return m
    grown = np.empty(n + 1, dtype=m.indptr.dtype)
    grown[: len(m.indptr)] = m.indptr
    grown[len(m.indptr) :] = m.indptr[-1]
    out = sp.csr_matrix((m.data, m.indices, grown), shape=(n, n), copy=False)
    out.has_sorted_indices = m.has_sorted_indices
    return out


def _into(part: CoCounts, index: IdIndex) -> tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix | None]:
    """``part``'s positions, pair and weight matrices expressed in ``index``'s positions."""
    n = len(index.ids)
    pos = index.add(part.item_ids)
    n = len(index.ids)
    if np.array_equal(pos, np.arange(len(pos))):  # same prefix of positions: no re-index
        pw = _resized(part.pair_weights, n) if part.weighted else None
        return pos, _resized(part.pairs, n), pw

    def remap(m: sp.csr_matrix) -> sp.csr_matrix:
        c = m.tocoo()
        return sp.csr_matrix((c.data, (pos[c.row], pos[c.col])), shape=(n, n))

    return pos, remap(part.pairs), remap(part.pair_weights) if part.weighted else None


def merge(parts: Iterable[CoCounts], signs: Iterable[int] | None = None) -> CoCounts:
    """Sum of several :class:`CoCounts`; a sign of -1 subtracts (``after - before`` deltas).

    Exact: counts are integers, so the order of shards or chunks never changes the result. Positions
    of the first part are kept; products new to it are appended.
    """
    parts = [p for p in parts]
    signs = list(signs) if signs is not None else [1] * len(parts)
    parts_signs = [(p, s) for p, s in zip(parts, signs, strict=True) if len(p.item_ids)]
    weighted = any(p.weighted for p in parts)
    if not parts_signs:
        return CoCounts.empty(weighted)
    # Positions of the part with most products are kept (chunks of one run share a prefix of
    # positions, and an incremental delta is smaller than the state), so usually nothing re-indexes.
    base = max(range(len(parts_signs)), key=lambda i: len(parts_signs[i][0].item_ids))
    index = IdIndex(parts_signs[base][0].item_ids)
    for p, _ in parts_signs:
        index.add(p.item_ids)
    n = len(index.ids)
    counts = np.zeros(n, dtype=np.int64)
    weights = np.zeros(n) if weighted else None
    pairs: sp.csr_matrix | None = None
    pweights: sp.csr_matrix | None = None
    n_baskets, total_weight = 0, 0.0
    for part, sign in parts_signs:
        if weighted and not part.weighted:
            raise ValueError("cannot merge weighted and unweighted counts")
        pos, m, mw = _into(part, index)
        counts[pos] += sign * part.item_counts
        n_baskets += sign * part.n_baskets
        if pairs is None:
            pairs = m if sign > 0 else -m
        else:
            pairs = pairs + m if sign > 0 else pairs - m
        if weighted:
            weights[pos] += sign * part.item_weights
            total_weight += sign * part.total_weight
            if pweights is None:
                pweights = mw if sign > 0 else -mw
            else:
                pweights = pweights + mw if sign > 0 else pweights - mw
    pairs = pairs.tocsr()
    if any(s < 0 for _, s in parts_signs):
        pairs.eliminate_zeros()
    out = CoCounts(index.ids, counts, pairs, n_baskets)
    if weighted:
        # Keep weights on exactly the count matrix's pattern, so top_k can pair the data arrays.
        out.pair_weights = _on_pattern(pweights.tocsr(), pairs)
        out.item_weights, out.total_weight = weights, total_weight
    return out


def _on_pattern(values: sp.csr_matrix, pattern: sp.csr_matrix) -> sp.csr_matrix:
    """``values`` on exactly the sparsity pattern of ``pattern`` (same indptr/indices arrays), so
    the two data arrays line up entry for entry; a weight that underflowed to 0 stays an entry."""
    pattern.sort_indices()
    values = sp.csr_matrix(values)
    values.sort_indices()
    data = np.zeros(pattern.nnz)
    row_p = np.repeat(np.arange(pattern.shape[0]), np.diff(pattern.indptr))
    row_v = np.repeat(np.arange(values.shape[0]), np.diff(values.indptr))
    n = pattern.shape[1]
    key_p = row_p * n + pattern.indices
    key_v = row_v * n + values.indices
    at = np.searchsorted(key_p, key_v)
    ok = (at < len(key_p)) & (key_p[np.minimum(at, len(key_p) - 1)] == key_v)
    data[at[ok]] = values.data[ok]
    return sp.csr_matrix((data, pattern.indices.copy(), pattern.indptr.copy()), shape=pattern.shape)


def count_chunks(
    chunks: Iterable[tuple], half_life_days: float | None = None, index: IdIndex | None = None
) -> CoCounts:
    """Counts over an iterable of line chunks ``(basket_keys, product_ids[, basket_times])``.

    Memory stays bounded by one chunk plus the accumulated sparse result. All chunks share one
    :class:`IdIndex`, so merging is a plain sparse add; partial sums are combined binary-counter
    fashion so each entry is re-added O(log chunks) times.
    """
    index = index or IdIndex()
    stack: list[tuple[int, CoCounts]] = []
    for chunk in chunks:
        times = chunk[2] if len(chunk) > 2 else None
        part = count_baskets(chunk[0], chunk[1], times, half_life_days, index=index)
        level = 0
        while stack and stack[-1][0] == level:
            part, level = merge([stack.pop()[1], part]), level + 1
        stack.append((level, part))
    if not stack:
        return CoCounts.empty(half_life_days is not None)
    parts = [p for _, p in stack]
    return merge(parts) if len(parts) > 1 else parts[0]


def delta_counts(before: tuple, after: tuple, half_life_days: float | None = None) -> CoCounts:
    """``count(after) - count(before)`` for baskets that gained lines since the last run.

    ``before``/``after`` are chunk tuples as for :func:`count_chunks`: ``before`` the affected
    baskets' lines already counted, ``after`` the same baskets including their new lines.
    """
    a = count_baskets(*after, half_life_days=half_life_days)
    if len(before[1]) == 0:
        return a
    b = count_baskets(*before, half_life_days=half_life_days)
    return merge([a, b], signs=[1, -1])
