"""Choosing the ranking's ALPHA by measurement, on the shop's own history (pure numpy, no Django).

How much a partner's own popularity should count depends on the shop: on a small grocery catalogue
popular partners are usually right (ALPHA near 0, confidence), on a gift shop with thousands of
products specific partners win (ALPHA near 1, lift). So a full rebuild holds out a deterministic
sample of baskets, mines without them (exactly: their counts are subtracted), hides one item of each
and keeps the ALPHA whose recommendations, made by the pop-up's own ``recommend``, find it most
often.
"""

from __future__ import annotations

import numpy as np

from . import mining, ranking, topk

GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
DEFAULT_ALPHA = ranking.ALPHA
MIN_CASES = 100  # fewer test baskets than this: too noisy to choose, keep the default
HOLDOUT_BASKETS = 2000  # aimed-at sample size


def holdout_modulus(approx_baskets: int) -> int:
    """Groups with ``key % modulus == 0`` form the sample (same choice in every code path)."""
    return max(20, round(approx_baskets / HOLDOUT_BASKETS))


def choose_alpha(
    cc: mining.CoCounts,
    holdout: tuple,
    k: int,
    min_count: int,
    half_life_days: float | None = None,
    beta: float = ranking.BETA,
    locality: float = ranking.LOCALITY,
) -> tuple[float, dict[float, float]]:
    """``(best ALPHA, hit rate@10 per ALPHA)``.

    ``cc`` counts every basket including the ``holdout`` ones, given as a chunk tuple
    ``(basket_keys, product_ids[, times])``. Ties go to the ALPHA closest to the default.
    """
    keys, pids = np.asarray(holdout[0]), np.asarray(holdout[1], dtype=np.int64)
    if len(pids) == 0:
        return DEFAULT_ALPHA, {}
    hold = mining.count_baskets(*holdout, half_life_days=half_life_days)
    train = mining.merge([cc, hold], signs=[1, -1])
    carts, hidden = _hide_one(keys, pids)
    if len(carts) < MIN_CASES:
        return DEFAULT_ALPHA, {}
    products = np.unique(np.concatenate([np.asarray(c) for c in carts]))
    tk = topk.top_k(train, k, min_count, only_ids=products)
    item_w = train.item_weights if train.weighted else train.item_counts
    weights = {
        int(i): float(w)
        for i, w, c in zip(train.item_ids, item_w, train.item_counts, strict=True)
        if c > 0
    }
    total = train.total_weight if train.weighted else float(train.n_baskets)
    rows = {
        pid: [(int(b), int(c), float(w)) for b, c, w in zip(bs, cs, ws, strict=True)]
        for pid, bs, cs, ws in tk.rows()
    }
    scores = {}
    for alpha in GRID:
        partners = {
            pid: ranking.partners_from_entries(
                entries, weights[pid], weights, total, alpha=alpha, beta=beta, locality=locality
            )
            for pid, entries in rows.items()
        }
        hits = sum(
            any(r.product_id == h for r in ranking.recommend(cart, partners, (), 10))
            for cart, h in zip(carts, hidden, strict=True)
        )
        scores[alpha] = hits / len(carts)
    best = max(GRID, key=lambda a: (round(scores[a], 6), -abs(a - DEFAULT_ALPHA)))
    return best, scores


def _hide_one(keys: np.ndarray, pids: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """One hidden item per basket of 2+ distinct items, seeded and independent of line order."""
    order = np.lexsort((pids, keys))
    keys, pids = keys[order], pids[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    rng = np.random.default_rng(0)
    carts, hidden = [], []
    for basket in np.split(pids, starts[1:]):
        items = np.unique(basket).tolist()
        if len(items) < 2:
            continue
        h = int(rng.integers(len(items)))
        hidden.append(items[h])
        carts.append(items[:h] + items[h + 1 :])
    return carts, hidden
