"""Recommendation quality on real baskets: ``python -m bench.quality_eval`` from the repo root.

Protocol (the issue's: "one item hidden per test basket and the rest as the cart"):

- Split: groceries random 80/20 (it has no time stamps); bakery and online retail time-ordered
  (earlier 80% of baskets to learn from, later 20% to test), plus the random 80/20 split the issue's
  reference figures use. A basket is a set of distinct items (repeated lines count once).
- Test cases: every test basket of 2+ distinct items; one of its items, drawn uniformly at random,
  is hidden and the rest is the cart. Single-item baskets leave an empty cart and are skipped.
- Recommendations never contain an item already in the cart (as in the pop-up), and a hit@k is the
  hidden item among the first k. Coverage: share of the training catalogue that appears in some
  top-10.
- Repeats: every figure is the mean over ``REPEATS`` seeded draws (a new random split and new hidden
  items each time; for time-ordered splits only the hidden items change), with the standard
  deviation of hit@10 across draws. A single draw is not enough: on groceries (about 1,540 test
  cases) hit@10 of the same method moves by about ±0.013 (one s.d.) from one random split to the
  next, more than the gaps between the methods. The issue's groceries figures (popularity 0.359,
  confidence 0.379, cosine 0.364, raw lift 0.029) are one such draw at the low end; this protocol
  gives 0.382 / 0.399 / 0.392 / 0.025 on average over 200 draws and puts 0.359 / 0.379 at the 4th
  and 5th percentile; the gaps between the methods (+0.020 and +0.005 over popularity in the issue)
  match ours (+0.017 ± 0.007 and +0.010 ± 0.010). The single split this script used before (seed
  20240611: 0.408 / 0.423 / 0.404) sat above the 97th percentile. No other protocol choice fits both
  data sets: counting cart items as recommendable gives 0.352 / 0.378 / 0.381 on groceries but puts
  cosine above confidence and falls well short of the issue's online-retail figures (0.044 / 0.151
  / 0.203 against 0.049 / 0.170 / 0.220), which this protocol matches (0.048 / 0.165 / 0.221, mean
  of 8 draws); test baskets of one item (empty cart) or hiding the basket's first or last item move
  the figures far from the issue's (raw lift 0.088 with empty carts).

Methods, all learned from the training baskets only:

- Baselines over all pairs (no top-K limit), computed in the same run: popularity, summed
  confidence, cosine (ties, often zero scores, broken by popularity).
- **ours**: what the pop-up serves. Mined top-K partner lists (``mining`` + ``topk``, the shop's
  default K and support floor), turned into partners by ``ranking.partners_from_entries`` and
  ranked by ``ranking.recommend``; ALPHA chosen as a full rebuild does (``tuning.choose_alpha`` on a
  held-out sample of the *training* baskets). ``ranking.LOCALITY`` (3) was fixed on validation
  splits of the training baskets: best α's hit@10 0.226 / 0.272 / 0.286 for locality 1 / 2 / 3 on
  online retail, within ±0.002 on groceries and the bakery.
- **sparse EASE** (candidate, not served yet): the same top-K lists and the same ``recommend``, but
  each stored pair (a -> b) scored by a ridge regression of item b on the products that list it
  (at most ``SPARSE_EASE_CAP`` of them, by count): EASE (Steck 2019) restricted to the stored
  neighbourhoods, one small solve per product, so it scales with the catalogue. Serving it needs
  one more number per stored partner entry (the weight), which storage does not keep yet.
- **dense EASE** (reference ceiling, catalogues of at most ``DENSE_EASE_MAX_ITEMS`` items): the
  full items x items model whose inverse does not scale to a large shop.

- **ours + fit rule**: the same ranking after the pop-up's rule for learned suggestions
  (``upsell_app.selection.fit``, ``UPSELL`` defaults), each suggestion judged against the item it
  is shown with (the cart product that vouches for it most): a lift above ``LEARNED_MIN_LIFT``
  (1) with that item, no substitute (``LEARNED_SUBSTITUTE_RULE`` "category_and_data": same
  category and a lift below ``LEARNED_SUBSTITUTE_LIFT``, 1.5; or same family), at most
  ``LEARNED_MAX_PRICE_RATIO`` (3) times the item's price. Only online retail knows prices (median
  unit price per stock code); it ships no categories, so ``datasets.CATEGORY_KEYWORDS`` builds
  them from each code's description by a fixed keyword rule (the product type: bags, candles and
  lights, tableware...; 68 % of codes get one). Groceries and the bakery have no prices, and the
  arules level1/level2 hierarchy of groceries could not be reproduced from a public source, so
  they have no fit rows. ``FIT_ROOM`` candidates per pop-up place are ranked so the rule's gaps
  are refilled, as the pop-up does (``fit.CANDIDATES_PER_CHOICE``). The other substitute rules a
  shop may choose ("category", "data") are rows of their own.
- **Fit table**: per fit row, hit@10 against the rule off, and the price of each of the first
  three suggestions (what the pop-up shows) over the item it is shown with: median and 99th
  percentile (mean over draws), maximum over all draws, share above the band; and the share of
  carts that get fewer than three suggestions, or none.
- **ours + fit rule, stock-code variants as families (stress test)**: as above, with online
  retail's design variants (one five-digit stock code, letter suffixes: colours and prints of one
  item) taken as a family. They are not substitutes in this shop: its wholesale customers buy
  several variants of a design together, so excluding them costs hit rate; the row shows what the
  family rule would cost if a shop mislabelled such variants as one family.

EASE's lambda is chosen on a validation split of the training baskets (20% of them, random or the
latest, like the test split); nothing is tuned on the test baskets. ``--sweep`` also prints ours for
several fixed ALPHA values.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from decimal import Decimal

import numpy as np
import scipy.sparse as sp

from upsell_app.associations import mining, ranking, topk, tuning
from upsell_app.associations.settings import ASSOCIATION_DEFAULTS
from upsell_app.selection import fit
from upsell_app.selection.types import FitPolicy, ProductInfo, SubstituteRule

from . import datasets

SEED = 20240611
KS = (5, 10)
#: Draws per data set (a draw costs ~0.3 s on the small catalogues, ~15 s on online retail).
REPEATS = {"groceries": 10, "breadbasket": 10, "online_retail": 3}
DENSE_EASE_MAX_ITEMS = 1000
EASE_LAMBDAS = (20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0)
SPARSE_EASE_LAMBDAS = (5.0, 20.0, 100.0, 500.0)
SPARSE_EASE_CAP = 100  # regressors per target product (its strongest reverse neighbours)
TOP_K = ASSOCIATION_DEFAULTS["ASSOCIATIONS_TOP_K"]
MIN_COUNT = ASSOCIATION_DEFAULTS["ASSOCIATIONS_MIN_COUNT"]
#: The pop-up's default rule for learned suggestions (``UPSELL`` defaults: supported by a lift
#: above 1 with its item, no substitute by category and data, at most 3x its item's price).
FIT_POLICY = FitPolicy()
FIT_METHOD = "ours + fit rule"
FIT_STRESS = "ours + fit rule, stock-code variants as families (stress test)"
#: The other substitute rules a shop may choose, same band and minimum lift.
FIT_RULES = {
    "ours + fit rule, substitutes by category": FitPolicy(substitute_rule=SubstituteRule.CATEGORY),
    "ours + fit rule, substitutes by data": FitPolicy(substitute_rule=SubstituteRule.DATA),
}
FIT_ROWS = (FIT_METHOD, *FIT_RULES, FIT_STRESS)
#: Learned candidates ranked per pop-up place, as the pop-up does
#: (``decision_service.CANDIDATES_PER_CHOICE``): left-out places are refilled from them.
FIT_ROOM = fit.CANDIDATES_PER_CHOICE
#: Choices the pop-up shows (``MAX_CHOICES``): the price ratio is measured on these.
SHOWN = 3


#: Share of item codes with a category, per data set that has them (printed with the fit table).
CATEGORISED: dict[str, float] = {}


def split(ds: datasets.Baskets, mode: str, repeat: int = 0) -> tuple[list, list]:
    n = len(ds.baskets)
    if mode == "random":
        perm = np.random.default_rng([SEED, repeat]).permutation(n)
    else:  # loaders return baskets in time order
        perm = np.arange(n)
    cut = int(n * 0.8)
    return [ds.baskets[i] for i in perm[:cut]], [ds.baskets[i] for i in perm[cut:]]


def hide_one(test: list, seed: int | list[int] = SEED + 1) -> tuple[list[list[int]], np.ndarray]:
    """One uniformly drawn hidden item per basket of 2+ distinct items; the rest is the cart."""
    rng = np.random.default_rng(seed)
    carts, hidden = [], []
    for b in test:
        items = list(dict.fromkeys(b))
        if len(items) < 2:
            continue
        h = int(rng.integers(len(items)))
        hidden.append(items[h])
        carts.append(items[:h] + items[h + 1 :])
    return carts, np.array(hidden, dtype=np.int64)


def learn(train: list) -> mining.CoCounts:
    keys = np.repeat(np.arange(len(train)), [len(b) for b in train])
    return mining.count_baskets(keys, np.concatenate([np.asarray(b) for b in train]))


def our_partners(cc: mining.CoCounts, alpha: float, beta: float = ranking.BETA) -> dict[int, tuple]:
    """Partner lists exactly as storage builds them from stored rows."""
    tk = topk.top_k(cc, TOP_K, MIN_COUNT)
    weights = {int(i): float(c) for i, c in zip(cc.item_ids, cc.item_counts, strict=True)}
    out = {}
    for pid, bs, cs, ws in tk.rows():
        entries = [(int(b), int(c), float(w)) for b, c, w in zip(bs, cs, ws, strict=True)]
        out[pid] = ranking.partners_from_entries(
            entries, weights[pid], weights, float(cc.n_baskets), alpha=alpha, beta=beta
        )
    return out


def sparse_ease_partners(
    cc: mining.CoCounts, lam: float, cap: int = SPARSE_EASE_CAP
) -> dict[int, tuple]:
    """The same top-K partner lists, each pair (a -> b) scored by EASE restricted to them.

    For every target b, the products listing b (at most ``cap``, most co-occurring first) are
    its regressors: ``w = (G_AA + lam I)^-1 G_Ab`` with G the co-occurrence matrix, item counts on
    the diagonal. Only these small solves are needed, never the items x items inverse.
    """
    tk = topk.top_k(cc, TOP_K, MIN_COUNT)
    pos = {int(i): p for p, i in enumerate(cc.item_ids)}
    pairs = cc.pairs.tocsr().astype(np.float64)
    reverse: dict[int, list[tuple[int, int]]] = {}
    lists = []
    for a, bs, cs, _ in tk.rows():
        lists.append((a, bs, cs))
        for b, c in zip(bs.tolist(), cs.tolist(), strict=True):
            reverse.setdefault(b, []).append((int(c), a))
    weight: dict[tuple[int, int], float] = {}
    for b, lst in reverse.items():
        lst.sort(key=lambda t: (-t[0], t[1]))
        ids = [a for _, a in lst[:cap]]
        rows = [pos[a] for a in ids]
        g = pairs[rows][:, rows].toarray()
        g[np.diag_indices_from(g)] = cc.item_counts[rows] + lam
        w = np.linalg.solve(g, np.array([c for c, _ in lst[:cap]], dtype=np.float64))
        weight.update(((a, b), float(x)) for a, x in zip(ids, w, strict=True))
    counts = {int(i): float(c) for i, c in zip(cc.item_ids, cc.item_counts, strict=True)}
    out = {}
    for a, bs, cs in lists:
        ps = [
            dataclasses.replace(
                ranking.make_partner(b, c, c, counts[a], counts[b], cc.n_baskets),
                score=weight[(a, b)],
            )
            for b, c in zip(bs.tolist(), cs.tolist(), strict=True)
            if (a, b) in weight
        ]
        ps.sort(key=lambda p: (-p.score, p.product_id))
        out[a] = tuple(ps)
    return out


def catalogue_infos(
    ds: datasets.Baskets, families: bool = False
) -> dict[int, ProductInfo] | None:
    """Items as the pop-up's fit rule sees them, where the data has prices: the price, the
    category built from the description (``datasets.CATEGORY_KEYWORDS``) and, with ``families``,
    the data's variant families."""
    if ds.prices is None:
        return None
    return {
        i: ProductInfo(
            id=i,
            title=name,
            price=Decimal(str(ds.prices[i])),
            categories=frozenset({ds.categories[i]} if ds.categories and ds.categories[i] else ()),
            family=ds.families[i] if families and ds.families else "",
        )
        for i, name in enumerate(ds.item_names)
    }


def score_ours(
    partners: dict,
    carts: list,
    hidden: np.ndarray,
    infos: dict[int, ProductInfo] | None = None,
    policy: FitPolicy | None = None,
) -> dict:
    """Hit rates of the served ranking; with ``policy`` (and ``infos``: the items' prices,
    categories and families), after the pop-up's rule for learned suggestions that fit the item
    they are shown with (``selection.fit``), candidates refilling left-out places. With
    ``infos``, also the price of each of the first ``SHOWN`` suggestions (what the pop-up shows)
    over the item it is shown with, and how many carts get fewer than ``SHOWN`` or none."""
    hits = {k: 0 for k in KS}
    shown: set[int] = set()
    ratios: list[float] = []
    short = empty = 0
    for cart, h in zip(carts, hidden, strict=True):
        if policy is None:
            recs = ranking.recommend(cart, partners, (), max(KS))
            pairs = [(r.product_id, r.because_of) for r in recs]
        else:
            assert infos is not None
            wide = ranking.recommend(
                cart, partners, (), SHOWN * FIT_ROOM + max(KS), min_lift=policy.min_lift
            )
            profile = fit.cart_profile(infos[i] for i in cart)
            candidates = (
                fit.Candidate(infos[r.product_id], infos[r.because_of], r.lift) for r in wide
            )
            kept = fit.fitting(candidates, profile, policy)
            pairs = [(c.product.id, c.item.id) for c in kept]  # type: ignore[union-attr]
        ids = [b for b, _ in pairs]
        shown.update(ids[:10])
        for k in KS:
            hits[k] += h in ids[:k]
        if infos is not None:
            short += len(pairs) < SHOWN
            empty += not pairs
            ratios += [float(infos[b].price / infos[a].price) for b, a in pairs[:SHOWN]]
    out = {**{f"hr@{k}": hits[k] / len(carts) for k in KS}, "shown": shown}
    if infos is not None:
        r = np.array(ratios) if ratios else np.zeros(1)
        out |= {
            "ratio_median": float(np.median(r)),
            "ratio_p99": float(np.quantile(r, 0.99)),
            "ratio_max": float(r.max()),
            "over_band": float((r > float(FIT_POLICY.max_price_ratio or np.inf)).mean()),
            "short": short / len(carts),
            "empty": empty / len(carts),
        }
    return out


def _count_matrices(cc: mining.CoCounts, n_items: int) -> tuple[np.ndarray, sp.csr_matrix]:
    pop = np.zeros(n_items)
    pop[cc.item_ids] = cc.item_counts
    coo = cc.pairs.tocoo()
    c = sp.csr_matrix(
        (coo.data.astype(float), (cc.item_ids[coo.row], cc.item_ids[coo.col])),
        shape=(n_items, n_items),
    )
    return pop, c


def dense_ease(cc: mining.CoCounts, n_items: int, lam: float) -> np.ndarray:
    pop, c = _count_matrices(cc, n_items)
    g = c.toarray()
    g[np.diag_indices_from(g)] = pop + lam
    p = np.linalg.inv(g)
    b = p / -np.diag(p)
    b[np.diag_indices_from(b)] = 0.0
    return b


def score_matrices(
    cc: mining.CoCounts, carts: list, hidden: np.ndarray, n_items: int, models: dict
) -> dict:
    """Hit rates of item x item scoring matrices (``None``: popularity) on the cases."""
    pop, _ = _count_matrices(cc, n_items)
    rows = np.repeat(np.arange(len(carts)), [len(x) for x in carts])
    x = sp.csr_matrix(
        (np.ones(len(rows)), (rows, np.concatenate(carts))), shape=(len(carts), n_items)
    )
    out = {}
    block = 2000  # dense score rows in blocks: online retail has ~4k items
    for name, m in models.items():
        hits = {k: 0 for k in KS}
        shown: set[int] = set()
        for s in range(0, len(carts), block):
            xb = x[s : s + block]
            if m is None:
                sc = np.tile(pop, (xb.shape[0], 1))
            else:
                sc = xb @ m
                sc = sc.toarray() if sp.issparse(sc) else np.asarray(sc)
            sc = sc + 1e-12 * pop / (pop.max() + 1)  # ties (often zero scores) by popularity
            sc[xb.nonzero()] = -np.inf
            top = np.argsort(-sc, axis=1, kind="stable")[:, : max(KS)]
            for k in KS:
                hits[k] += int((top[:, :k] == hidden[s : s + block, None]).any(1).sum())
            shown.update(np.unique(top[:, :10]).tolist())
        out[name] = {**{f"hr@{k}": hits[k] / len(carts) for k in KS}, "shown": shown}
    return out


def baselines(cc: mining.CoCounts, carts: list, hidden: np.ndarray, n_items: int) -> dict:
    pop, c = _count_matrices(cc, n_items)
    inv = 1.0 / np.maximum(pop, 1)
    models = {
        "popularity": None,
        "summed confidence": sp.diags(inv) @ c,
        "cosine": sp.diags(np.sqrt(inv)) @ c @ sp.diags(np.sqrt(inv)),
    }
    return score_matrices(cc, carts, hidden, n_items, models)


def validation(train: list, mode: str, repeat: int) -> tuple[mining.CoCounts, list, np.ndarray]:
    """Counts of 80% of the training baskets and hide-one cases from the other 20%."""
    n = len(train)
    if mode == "random":
        perm = np.random.default_rng([SEED, repeat, 2]).permutation(n)
    else:
        perm = np.arange(n)
    cut = int(n * 0.8)
    carts, hidden = hide_one([train[i] for i in perm[cut:]], [SEED, repeat, 3])
    return learn([train[i] for i in perm[:cut]]), carts, hidden


def _choose(grid: tuple, measure) -> float:  # noqa: ANN001 - measure: value -> hit rate@10
    return max(grid, key=lambda v: (round(measure(v), 6), -v))


def one_draw(ds: datasets.Baskets, mode: str, repeat: int, sweep: bool) -> tuple[dict, int]:
    n_items = len(ds.item_names)
    train, test = split(ds, mode, repeat)
    carts, hidden = hide_one(test, [SEED, repeat, 1])
    cc = learn(train)
    results = baselines(cc, carts, hidden, n_items)
    for alpha in (0.0, 0.25, 0.5, 0.75, 1.0) if sweep else ():
        results[f"ours, ALPHA={alpha}"] = score_ours(our_partners(cc, alpha), carts, hidden)
    # As a full rebuild does it: ALPHA measured on a held-out sample of the *training* baskets.
    keys = np.repeat(np.arange(len(train)), [len(b) for b in train])
    pids = np.concatenate([np.asarray(b) for b in train])
    sample = keys % tuning.holdout_modulus(len(train)) == 0
    alpha, _ = tuning.choose_alpha(cc, (keys[sample], pids[sample]), TOP_K, MIN_COUNT)
    partners = our_partners(cc, alpha)
    infos = catalogue_infos(ds)
    results["ours"] = score_ours(partners, carts, hidden, infos)
    results["ours"]["choice"] = f"ALPHA {alpha:g}"
    if infos is not None:
        results[FIT_METHOD] = score_ours(partners, carts, hidden, infos, FIT_POLICY)
        for method, policy in FIT_RULES.items():
            results[method] = score_ours(partners, carts, hidden, infos, policy)
    variants = catalogue_infos(ds, families=True)
    if variants is not None and ds.families:
        results[FIT_STRESS] = score_ours(partners, carts, hidden, variants, FIT_POLICY)
    vcc, vcarts, vhidden = validation(train, mode, repeat)
    lam = _choose(
        SPARSE_EASE_LAMBDAS,
        lambda v: score_ours(sparse_ease_partners(vcc, v), vcarts, vhidden)["hr@10"],
    )
    results["sparse EASE (same top-K lists)"] = score_ours(
        sparse_ease_partners(cc, lam), carts, hidden
    )
    results["sparse EASE (same top-K lists)"]["choice"] = f"λ {lam:g}"
    if n_items <= DENSE_EASE_MAX_ITEMS:
        lam = _choose(
            EASE_LAMBDAS,
            lambda v: score_matrices(
                vcc, vcarts, vhidden, n_items, {"e": dense_ease(vcc, n_items, v)}
            )["e"]["hr@10"],
        )
        ease = score_matrices(cc, carts, hidden, n_items, {"e": dense_ease(cc, n_items, lam)})
        results["dense EASE (ceiling)"] = {**ease["e"], "choice": f"λ {lam:g}"}
    catalogue = set(cc.item_ids[cc.item_counts > 0].tolist())
    for r in results.values():
        r["coverage"] = len(r.pop("shown") & catalogue) / len(catalogue)
    return results, len(train), len(carts)


BASELINES = ("popularity", "summed confidence", "cosine")


FIT_FIELDS = ("ratio_median", "ratio_p99", "ratio_max", "over_band", "short", "empty")


def evaluate(
    name: str, mode: str, sweep: bool, repeats: int | None = None
) -> tuple[list[str], list[str]]:
    """Rows of the quality table, and of the fit table where the data has prices."""
    ds = datasets.LOADERS[name]()
    if ds.categories:
        CATEGORISED[name] = sum(bool(c) for c in ds.categories) / len(ds.categories)
    n_rep = repeats or REPEATS[name]
    draws = []
    for r in range(n_rep):
        results, n_train, n_test = one_draw(ds, mode, r, sweep)
        draws.append(results)
    label = f"{name} ({mode}, {n_train:,} train / ~{n_test:,} test, {n_rep} draws)"
    mean = {
        m: {f: float(np.mean([d[m][f] for d in draws])) for f in ("hr@5", "hr@10", "coverage")}
        for m in draws[0]
    }
    best = max(mean[b]["hr@10"] for b in BASELINES)
    lines = []
    for method, r in mean.items():
        sd = float(np.std([d[method]["hr@10"] for d in draws]))
        rel = "" if method in BASELINES else f"{(r['hr@10'] / best - 1) * 100:+.1f}%"
        choices = Counter(d[method].get("choice") for d in draws)
        if None not in choices:
            method += " (" + ", ".join(f"{c} ×{n}" for c, n in sorted(choices.items())) + ")"
        if method in FIT_ROWS:
            change = (r["hr@10"] / mean["ours"]["hr@10"] - 1) * 100
            rel += f" ({change:+.1f}% vs ours)"
        lines.append(
            f"| {label} | {method} | {r['hr@5']:.3f} | {r['hr@10']:.3f} ± {sd:.3f} "
            f"| {r['coverage']:.3f} | {rel} |"
        )
    fit_lines = []
    for method in ("ours", *FIT_ROWS):
        if method not in draws[0] or "ratio_max" not in draws[0][method]:
            continue
        f = {k: float(np.mean([d[method][k] for d in draws])) for k in FIT_FIELDS}
        worst = max(d[method]["ratio_max"] for d in draws)
        hr = mean[method]["hr@10"]
        change = (hr / mean["ours"]["hr@10"] - 1) * 100
        fit_lines.append(
            f"| {label} | {'ours, fit rule off' if method == 'ours' else method} "
            f"| {hr:.3f} ({change:+.1f}%) | {f['ratio_median']:.2f}× | {f['ratio_p99']:.1f}× "
            f"| {worst:.1f}× | {f['over_band'] * 100:.1f} % | {f['short'] * 100:.1f} % "
            f"| {f['empty'] * 100:.1f} % |"
        )
    return lines, fit_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also show other ALPHA values")
    parser.add_argument("--only", choices=sorted(datasets.LOADERS), help="one data set")
    parser.add_argument("--repeats", type=int, help="draws per data set (default: REPEATS)")
    args = parser.parse_args()
    runs = [
        ("groceries", "random"),
        ("breadbasket", "time"),
        ("online_retail", "time"),
        ("breadbasket", "random"),
        ("online_retail", "random"),
    ]
    print(
        f"Hide one item per test basket (2+ items), cart items never recommended; mean of "
        f"seeded draws (± s.d. of hit@10). ours = top-{TOP_K} partners (pairs seen >= "
        f"{MIN_COUNT}x), BETA={ranking.BETA}, LOCALITY={ranking.LOCALITY}, ALPHA chosen per draw "
        f"on a sample of its training baskets\n"
    )
    print("| data set (split) | method | hit@5 | hit@10 | coverage | hit@10 vs best baseline |")
    print("|---|---|---|---|---|---|")
    fit_table = []
    for name, mode in runs:
        if args.only and name != args.only:
            continue
        t = time.perf_counter()
        lines, fit_lines = evaluate(name, mode, args.sweep, args.repeats)
        for line in lines:
            print(line, flush=True)
        fit_table += fit_lines
        print(f"  {name}/{mode}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if fit_table:
        band = FIT_POLICY.max_price_ratio
        print(
            f"\nFit of learned suggestions (data with prices only: online retail). Price ratio: "
            f"each of the first {SHOWN} suggestions (what the pop-up shows) over the item it is "
            f"shown with; the band allows {band}×. Categories: the product type found in the "
            f"description by keyword (bench/datasets.py CATEGORY_KEYWORDS; "
            f"{CATEGORISED.get('online_retail', 0):.0%} of codes get one). Fit rule: lift with "
            f"its item above {FIT_POLICY.min_lift}, no same-family product, substitutes as named "
            f"(default {FIT_POLICY.substitute_rule.value}: same category and lift below "
            f"{FIT_POLICY.substitute_lift}), at most {band}× its item; {FIT_ROOM} candidates per "
            f"place refill left-out ones.\n"
        )
        print(
            "| data set (split) | method | hit@10 (vs off) | median ratio | 99th pct ratio "
            f"| max ratio | shown over {band}× | carts < {SHOWN} choices | carts with none |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for line in fit_table:
            print(line)


if __name__ == "__main__":
    main()
