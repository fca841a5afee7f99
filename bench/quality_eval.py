"""Recommendation quality on real baskets: ``python -m bench.quality_eval`` from the repo root.

For each data set in ``../shared/data``: learn from the training baskets, then hide one item of each
test basket (of 2+ items) and recommend from the rest. Our method goes through the same code as the
pop-up: mined top-K partner lists (``mining`` + ``topk``), turned into partners by
``ranking.partners_from_entries`` and ranked by ``ranking.recommend``. Baselines (all pairs, no
top-K
limit) are computed in the same run: popularity, summed confidence, cosine. Reported: hit rate@5/@10
and catalogue coverage (share of the training catalogue that appears in some top-10).

Splits: groceries random 80/20 (seeded; it has no time stamps); bakery and online retail
time-ordered
(earlier 80% of baskets to learn from, later 20% to test), plus the random 80/20 split the issue's
reference figures use. ``--sweep`` also prints our score for several ALPHA values (how it was
chosen).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import scipy.sparse as sp

from upsell_app.associations import mining, ranking, topk, tuning
from upsell_app.associations.settings import ASSOCIATION_DEFAULTS

from . import datasets

SEED = 20240611
KS = (5, 10)


def split(ds: datasets.Baskets, mode: str) -> tuple[list, list]:
    n = len(ds.baskets)
    if mode == "random":
        perm = np.random.default_rng(SEED).permutation(n)
    else:  # loaders return baskets in time order
        perm = np.arange(n)
    cut = int(n * 0.8)
    return [ds.baskets[i] for i in perm[:cut]], [ds.baskets[i] for i in perm[cut:]]


def hide_one(test: list) -> tuple[list[list[int]], np.ndarray]:
    rng = np.random.default_rng(SEED + 1)
    carts, hidden = [], []
    for b in test:
        if len(b) < 2:
            continue
        h = int(rng.integers(len(b)))
        hidden.append(b[h])
        carts.append([x for i, x in enumerate(b) if i != h])
    return carts, np.array(hidden)


def learn(train: list) -> mining.CoCounts:
    keys = np.repeat(np.arange(len(train)), [len(b) for b in train])
    return mining.count_baskets(keys, np.concatenate([np.asarray(b) for b in train]))


def our_partners(cc: mining.CoCounts, alpha: float, beta: float) -> dict[int, tuple]:
    """Partner lists exactly as storage builds them from stored rows."""
    k = ASSOCIATION_DEFAULTS["ASSOCIATIONS_TOP_K"]
    min_count = ASSOCIATION_DEFAULTS["ASSOCIATIONS_MIN_COUNT"]
    tk = topk.top_k(cc, k, min_count)
    weights = {int(i): float(c) for i, c in zip(cc.item_ids, cc.item_counts, strict=True)}
    out = {}
    for pid, bs, cs, ws in tk.rows():
        entries = [(int(b), int(c), float(w)) for b, c, w in zip(bs, cs, ws, strict=True)]
        out[pid] = ranking.partners_from_entries(
            entries, weights[pid], weights, float(cc.n_baskets), alpha=alpha, beta=beta
        )
    return out


def score_ours(partners: dict, carts: list, hidden: np.ndarray) -> dict[str, float]:
    hits = {k: 0 for k in KS}
    shown: set[int] = set()
    for cart, h in zip(carts, hidden, strict=True):
        recs = [r.product_id for r in ranking.recommend(cart, partners, (), max(KS))]
        shown.update(recs[:10])
        for k in KS:
            hits[k] += h in recs[:k]
    return {**{f"hr@{k}": hits[k] / len(carts) for k in KS}, "shown": shown}


def score_matrix(scores: np.ndarray, x: sp.csr_matrix, hidden: np.ndarray, pop: np.ndarray) -> dict:
    scores = scores + 1e-12 * pop / (pop.max() + 1)  # ties (often zero scores) by popularity
    scores[x.nonzero()] = -np.inf
    top = np.argsort(-scores, axis=1)[:, : max(KS)]
    return {
        **{f"hr@{k}": float(np.mean((top[:, :k] == hidden[:, None]).any(1))) for k in KS},
        "shown": set(np.unique(top[:, :10]).tolist()),
    }


def baselines(cc: mining.CoCounts, carts: list, hidden: np.ndarray, n_items: int) -> dict:
    pop = np.zeros(n_items)
    pop[cc.item_ids] = cc.item_counts
    coo = cc.pairs.tocoo()
    c = sp.csr_matrix(
        (coo.data.astype(float), (cc.item_ids[coo.row], cc.item_ids[coo.col])),
        shape=(n_items, n_items),
    )
    inv = 1.0 / np.maximum(pop, 1)
    rows = np.repeat(np.arange(len(carts)), [len(x) for x in carts])
    x = sp.csr_matrix(
        (np.ones(len(rows)), (rows, np.concatenate(carts))), shape=(len(carts), n_items)
    )
    out = {}
    block = 2000  # dense score rows in blocks: online retail has ~4k items
    for name, m in (
        ("popularity", None),
        ("summed confidence", sp.diags(inv) @ c),
        ("cosine", sp.diags(np.sqrt(inv)) @ c @ sp.diags(np.sqrt(inv))),
    ):
        parts = []
        for s in range(0, len(carts), block):
            xb = x[s : s + block]
            sc = np.tile(pop, (xb.shape[0], 1)) if m is None else (xb @ m).toarray()
            parts.append(score_matrix(sc, xb, hidden[s : s + block], pop))
        n = len(carts)
        out[name] = {
            **{
                f"hr@{k}": sum(
                    p[f"hr@{k}"] * min(block, n - i * block) for i, p in enumerate(parts)
                )
                / n
                for k in KS
            },
            "shown": set().union(*(p["shown"] for p in parts)),
        }
    return out


def evaluate(name: str, mode: str, sweep: bool) -> list[str]:
    ds = datasets.LOADERS[name]()
    train, test = split(ds, mode)
    carts, hidden = hide_one(test)
    cc = learn(train)
    n_items = len(ds.item_names)
    catalogue = int((cc.item_counts > 0).sum())
    results = baselines(cc, carts, hidden, n_items)
    alphas = (0.0, 0.25, 0.5, 0.75, 1.0) if sweep else ()
    for alpha in alphas:
        results[f"ours, ALPHA={alpha}"] = score_ours(
            our_partners(cc, alpha, ranking.BETA), carts, hidden
        )
    # As a full rebuild does it: ALPHA measured on a held-out sample of the *training* baskets.
    keys = np.repeat(np.arange(len(train)), [len(b) for b in train])
    pids = np.concatenate([np.asarray(b) for b in train])
    sample = keys % tuning.holdout_modulus(len(train)) == 0
    alpha, _ = tuning.choose_alpha(
        cc,
        (keys[sample], pids[sample]),
        ASSOCIATION_DEFAULTS["ASSOCIATIONS_TOP_K"],
        ASSOCIATION_DEFAULTS["ASSOCIATIONS_MIN_COUNT"],
    )
    results[f"ours (ALPHA auto = {alpha})"] = score_ours(
        our_partners(cc, alpha, ranking.BETA), carts, hidden
    )
    best = max(r["hr@10"] for k, r in results.items() if not k.startswith("ours"))
    label = f"{name} ({mode}, {len(train):,} train / {len(carts):,} test)"
    lines = []
    for method, r in results.items():
        rel = f"{(r['hr@10'] / best - 1) * 100:+.1f}%" if method.startswith("ours") else ""
        cov = len(r["shown"] & set(cc.item_ids.tolist())) / catalogue
        lines.append(
            f"| {label} | {method} | {r['hr@5']:.3f} | {r['hr@10']:.3f} | {cov:.3f} | {rel} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also show other ALPHA values")
    parser.add_argument("--only", choices=sorted(datasets.LOADERS), help="one data set")
    args = parser.parse_args()
    runs = [
        ("groceries", "random"),
        ("breadbasket", "time"),
        ("online_retail", "time"),
        ("breadbasket", "random"),
        ("online_retail", "random"),
    ]
    print(
        f"Hide one item per test basket; ours = top-{ASSOCIATION_DEFAULTS['ASSOCIATIONS_TOP_K']} "
        f"partners (pairs seen >= {ASSOCIATION_DEFAULTS['ASSOCIATIONS_MIN_COUNT']}x), "
        f"BETA={ranking.BETA}, ALPHA chosen per data set on a sample of its training baskets\n"
    )
    print("| data set (split) | method | hit@5 | hit@10 | coverage | hit@10 vs best baseline |")
    print("|---|---|---|---|---|---|")
    for name, mode in runs:
        if args.only and name != args.only:
            continue
        t = time.perf_counter()
        for line in evaluate(name, mode, args.sweep):
            print(line)
        print(f"  {name}/{mode}: {time.perf_counter() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
