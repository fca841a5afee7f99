"""Mining maths against a brute-force reference, and its algebra: chunks, shards, deltas."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from upsell_app.associations import mining, topk

baskets_strategy = st.lists(
    st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6),
    min_size=1,
    max_size=40,
)


def _arrays(baskets, first_key=0):
    keys = np.repeat(np.arange(first_key, first_key + len(baskets)), [len(b) for b in baskets])
    pids = np.array([p for b in baskets for p in b], dtype=np.int64)
    return keys, pids


def _reference(baskets):
    items, pairs = Counter(), Counter()
    for b in baskets:
        s = sorted(set(b))
        items.update(s)
        pairs.update(itertools.combinations(s, 2))
    return items, pairs


@settings(max_examples=60, deadline=None)
@given(baskets_strategy)
def test_counts_support_confidence_lift_equal_brute_force(baskets):
    cc = mining.count_baskets(*_arrays(baskets))
    items, pairs = _reference(baskets)
    assert cc.n_baskets == len(baskets)
    assert cc.item_count_dict() == dict(items)
    assert cc.pair_count_dict() == dict(pairs)
    n = len(baskets)
    tk = topk.top_k(cc, k=100)
    for a, partners in tk.as_dict().items():
        for b, c in partners:
            pair = (min(a, b), max(a, b))
            assert c == pairs[pair]
            # The derived figures the storage layer serves, from the same counts.
            support, confidence = c / n, c / items[a]
            lift = confidence / (items[b] / n)
            assert support == pairs[pair] / n
            assert np.isclose(lift, pairs[pair] * n / (items[a] * items[b]))


@settings(max_examples=40, deadline=None)
@given(
    baskets_strategy, st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=3)
)
def test_top_k_keeps_the_k_most_frequent_partners_ties_by_id(baskets, k, min_count):
    cc = mining.count_baskets(*_arrays(baskets))
    items, pairs = _reference(baskets)
    got = topk.top_k(cc, k=k, min_count=min_count).as_dict()
    for a in items:
        partners = [(b if x == a else x, c) for (x, b), c in pairs.items() if a in (x, b)]
        partners = [(b, c) for b, c in partners if c >= min_count]
        expected = sorted(partners, key=lambda bc: (-bc[1], bc[0]))[:k]
        assert got.get(a, []) == expected


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, st.integers(min_value=1, max_value=7))
def test_chunked_counting_equals_single_pass(baskets, chunk):
    keys, pids = _arrays(baskets)
    bounds = np.searchsorted(keys, np.arange(0, len(baskets) + chunk, chunk))
    chunks = [
        (keys[s:e], pids[s:e]) for s, e in zip(bounds[:-1], bounds[1:], strict=False) if e > s
    ]
    whole = mining.count_baskets(keys, pids)
    parts = mining.count_chunks(chunks)
    assert parts.pair_count_dict() == whole.pair_count_dict()
    assert parts.item_count_dict() == whole.item_count_dict()
    assert parts.n_baskets == whole.n_baskets
    assert topk.top_k(parts, 3).as_dict() == topk.top_k(whole, 3).as_dict()


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, st.integers(min_value=1, max_value=5))
def test_shard_partial_counts_merged_equal_single_process(baskets, n_shards):
    keys, pids = _arrays(baskets)
    shards = [
        mining.count_baskets(keys[keys % n_shards == s], pids[keys % n_shards == s])
        for s in range(n_shards)
    ]
    merged = mining.merge(reversed(shards))  # order of arrival must not matter
    whole = mining.count_baskets(keys, pids)
    assert merged.pair_count_dict() == whole.pair_count_dict()
    assert merged.n_baskets == whole.n_baskets
    assert topk.top_k(merged, 4).as_dict() == topk.top_k(whole, 4).as_dict()


@settings(max_examples=40, deadline=None)
@given(baskets_strategy, baskets_strategy)
def test_incremental_order_baskets_equal_full_rebuild(old, new):
    base = mining.count_baskets(*_arrays(old))
    nk, npids = _arrays(new, first_key=len(old))
    delta = mining.delta_counts((nk[:0], npids[:0]), (nk, npids))
    updated = mining.merge([base, delta])
    full = mining.count_baskets(*_arrays(old + new))
    assert updated.pair_count_dict() == full.pair_count_dict()
    assert updated.n_baskets == full.n_baskets
    changed = np.unique(npids)
    partial = topk.top_k(updated, 3, only_ids=changed).as_dict()
    expected = topk.top_k(full, 3).as_dict()
    assert all(partial[p] == expected[p] for p in partial)
    # Products not in new baskets keep their old lists: identical to the full rebuild's.
    old_lists = topk.top_k(base, 3).as_dict()
    for p, lst in expected.items():
        if p not in set(changed.tolist()):
            assert old_lists[p] == lst


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 90), st.integers(1, 9)), min_size=2, max_size=40
    ),
    st.integers(min_value=1, max_value=39),
)
def test_customer_window_delta_equals_full_rebuild(lines, cut):
    """A window basket that gains an order: count(after) - count(before) keeps incremental exact."""
    cust = np.array([c for c, _, _ in lines])
    t = np.array([d * 86_400.0 for _, d, _ in lines])
    pid = np.array([p for _, _, p in lines])
    order = np.arange(len(lines))
    keys = mining.window_basket_keys(cust, order, t, 30)
    cut = min(cut, len(lines) - 1)
    old = mining.count_baskets(keys[:cut], pid[:cut])
    touched = np.isin(keys, keys[cut:])
    before = touched.copy()
    before[cut:] = False
    delta = mining.delta_counts((keys[before], pid[before]), (keys[touched], pid[touched]))
    updated = mining.merge([old, delta])
    full = mining.count_baskets(keys, pid)
    assert updated.pair_count_dict() == full.pair_count_dict()
    assert updated.item_count_dict() == full.item_count_dict()
    assert updated.n_baskets == full.n_baskets


def test_recency_weighting_ranks_recent_pairs_first_and_survives_merging():
    day = 86_400.0
    keys = np.array([0, 0, 1, 1, 2, 2])
    pids = np.array([1, 2, 1, 2, 1, 3])
    t0 = mining.RECENCY_EPOCH_SECONDS
    times = np.array([t0, t0, t0 + day, t0 + day, t0 + 400 * day, t0 + 400 * day])
    cc = mining.count_baskets(keys, pids, times, half_life_days=30)
    # Pair (1, 2) was seen twice, long ago; (1, 3) once, recently: recency puts 3 first.
    assert [b for b, _ in topk.top_k(cc, 2).as_dict()[1]] == [3, 2]
    halves = mining.merge(
        [
            mining.count_baskets(keys[:4], pids[:4], times[:4], half_life_days=30),
            mining.count_baskets(keys[4:], pids[4:], times[4:], half_life_days=30),
        ]
    )
    assert np.allclose(topk.top_k(halves, 2).weights, topk.top_k(cc, 2).weights)
    assert np.isclose(halves.total_weight, cc.total_weight)


def test_repeated_lines_and_quantities_count_a_basket_once():
    cc = mining.count_baskets(np.array([7, 7, 7]), np.array([5, 5, 6]))
    assert cc.item_count_dict() == {5: 1, 6: 1}
    assert cc.pair_count_dict() == {(5, 6): 1}


def test_state_round_trips_through_bytes():
    keys, pids = _arrays([[1, 2, 3], [2, 3], [3, 9]])
    cc = mining.count_baskets(
        keys, pids, mining.RECENCY_EPOCH_SECONDS + keys * 1000.0, half_life_days=10
    )
    back = topk.from_bytes(topk.to_bytes(cc))
    assert back.pair_count_dict() == cc.pair_count_dict()
    assert back.n_baskets == cc.n_baskets
    assert np.allclose(back.item_weights, cc.item_weights)


def test_large_or_negative_product_ids_are_indexed_without_a_dense_table():
    keys = np.array([0, 0, 1, 1])
    pids = np.array([-5, 10**12, -5, 10**12])
    cc = mining.count_baskets(keys, pids)
    assert cc.pair_count_dict() == {(-5, 10**12): 2}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(min_value=1, max_value=9), min_size=2, max_size=5),
            st.integers(min_value=1, max_value=70),
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=3),
    st.lists(st.integers(min_value=1, max_value=9), max_size=5),
)
def test_top_k_prunes_exactly_on_skewed_counts(weighted_baskets, k, min_count, only):
    """Counts spread over many powers of two (the pruning's buckets): same lists as brute force,
    for all products or a subset, and kept_count agrees with the lists' total length."""
    baskets = [b for b, times in weighted_baskets for _ in range(times)]
    cc = mining.count_baskets(*_arrays(baskets))
    items, pairs = _reference(baskets)
    expected = {}
    for a in items:
        partners = [(b if x == a else x, c) for (x, b), c in pairs.items() if a in (x, b)]
        partners = sorted(
            [(b, c) for b, c in partners if c >= min_count], key=lambda bc: (-bc[1], bc[0])
        )[:k]
        if partners:
            expected[a] = partners
    assert topk.top_k(cc, k=k, min_count=min_count).as_dict() == expected
    subset = topk.top_k(cc, k=k, min_count=min_count, only_ids=np.array(only, dtype=np.int64))
    assert subset.as_dict() == {a: lst for a, lst in expected.items() if a in set(only)}
    assert topk.kept_count(cc, k, min_count) == sum(len(lst) for lst in expected.values())


def _same_counts(a: mining.CoCounts, b: mining.CoCounts) -> None:
    assert np.array_equal(a.item_ids, b.item_ids)
    assert np.array_equal(a.item_counts, b.item_counts)
    assert a.n_baskets == b.n_baskets
    assert a.pairs.shape == b.pairs.shape and a.pairs.dtype == b.pairs.dtype
    assert (a.pairs != b.pairs).nnz == 0
    assert a.weighted == b.weighted
    if a.weighted:
        assert np.array_equal(a.item_weights, b.item_weights)
        assert np.array_equal(a.pair_weights.toarray(), b.pair_weights.toarray())
        assert a.total_weight == b.total_weight


def test_state_bytes_are_compact_and_exact_for_large_catalogues_and_counts():
    """More than 65,536 products (partner positions need their high bits), counts above a byte,
    and negative entries (a delta may subtract) all survive the compact form."""
    n = 70_000
    chain = np.arange(1, n + 1)
    keys = np.concatenate([np.repeat(np.arange(n - 1), 2), np.repeat(np.arange(n, n + 300), 2)])
    pids = np.concatenate([np.stack([chain[:-1], chain[1:]], axis=1).ravel(), np.tile([1, n], 300)])
    cc = mining.count_baskets(keys, pids)
    assert cc.pairs.data.max() == 300 and cc.pairs.indices.max() >= 1 << 16
    back = topk.from_bytes(topk.to_bytes(cc))
    _same_counts(back, cc)
    assert len(topk.to_bytes(cc)) < 4 * cc.pairs.nnz + 20 * n  # ~3 bytes per entry
    smaller = mining.count_baskets(keys[:10], pids[:10])
    signed = mining.merge([smaller, cc], signs=[1, -1])
    assert signed.pairs.data.min() < 0
    _same_counts(topk.from_bytes(topk.to_bytes(signed)), signed)


def test_state_bytes_of_weighted_counts_and_of_earlier_versions():
    import io

    keys, pids = _arrays([[1, 2, 3], [2, 3], [3, 9], [2, 3]])
    cc = mining.count_baskets(
        keys, pids, mining.RECENCY_EPOCH_SECONDS + keys * 1000.0, half_life_days=10
    )
    _same_counts(topk.from_bytes(memoryview(topk.to_bytes(cc))), cc)
    empty = mining.CoCounts.empty()
    _same_counts(topk.from_bytes(topk.to_bytes(empty)), empty)
    # A blob stored by an earlier version: a plain .npz of the CSR arrays.
    buf = io.BytesIO()
    np.savez(
        buf,
        item_ids=cc.item_ids,
        item_counts=cc.item_counts,
        indptr=cc.pairs.indptr,
        indices=cc.pairs.indices,
        data=cc.pairs.data,
        n_baskets=np.array([cc.n_baskets]),
        item_weights=cc.item_weights,
        wdata=cc.pair_weights.data,
        total_weight=np.array([cc.total_weight]),
    )
    _same_counts(topk.from_bytes(buf.getvalue()), cc)
