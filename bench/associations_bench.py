"""Association mining benchmark: ``python -m bench.associations_bench`` from the repo root.

Prints, in one run: mining time and peak memory at 100k orders / 5k products and 1M / 50k for our
miner, a bare ``scipy.sparse`` ``X.T @ X`` + top-k, a naive ``itertools.combinations`` counter and
mlxtend ``fpgrowth`` (pairs only), with ratios; then, on PostgreSQL, the end-to-end full rebuild
from the history table to stored top-K rows at 1M orders and incremental updates of 10k new orders:
each in a fresh interpreter that boots like a Celery worker (boot timed apart) and runs the refresh
cold (state read from the database), then adds 10k more orders and runs it again warm (state held
in memory). Runs are repeated and printed as median and range: the machine may be shared.

Every method finds, for each product, its top-20 partners among pairs seen at least twice. Options:
``--quick`` (100k only, no PostgreSQL), ``--no-pg``, ``--no-naive``.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

import numpy as np
import scipy.sparse as sp

from upsell_app.associations import mining, topk

from .measure import fmt_bytes, measure, peak_rss, reset_peak
from .synthetic import Orders, generate

K, MIN_COUNT, CHUNK_ORDERS, REPEAT = 20, 2, 200_000, 3
SIZES = [(100_000, 5_000), (1_000_000, 50_000)]
N_PRODUCTS = 50_000  # of the PostgreSQL end-to-end part (1M orders)


def ours(o: Orders, n_orders: int) -> int:
    bounds = np.searchsorted(o.order_ids, np.arange(0, n_orders + CHUNK_ORDERS, CHUNK_ORDERS))
    chunks = (
        (o.order_ids[s:e], o.product_ids[s:e])
        for s, e in zip(bounds[:-1], bounds[1:], strict=True)
        if e > s
    )
    cc = mining.count_chunks(chunks)
    return len(topk.top_k(cc, K, MIN_COUNT))


def bare_scipy(o: Orders, n_orders: int) -> int:
    """What a few lines of scipy give: one X.T @ X, then top-k by one sort of a composite key."""
    x = sp.csr_matrix((np.ones(o.n_lines, dtype=np.float32), (o.order_ids, o.product_ids)))
    x.data[:] = 1.0
    c = (x.T @ x).tocsr()
    c.setdiag(0)
    c.eliminate_zeros()
    rows = np.repeat(np.arange(c.shape[0]), np.diff(c.indptr))
    keep = c.data >= MIN_COUNT
    rows, counts = rows[keep], c.data[keep].astype(np.int64)
    top = int(counts.max()) + 1
    order = np.argsort(rows * top + (top - counts))
    rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order])
    return int((rank < K).sum())


def naive(o: Orders, n_orders: int) -> int:
    pairs: Counter = Counter()
    bounds = np.flatnonzero(np.diff(o.order_ids)) + 1
    for basket in np.split(o.product_ids, bounds):
        pairs.update(itertools.combinations(sorted(set(basket.tolist())), 2))
    partners: dict[int, list] = defaultdict(list)
    for (a, b), c in pairs.items():
        if c >= MIN_COUNT:
            partners[a].append((c, -b, b))
            partners[b].append((c, -a, a))
    return sum(len(heapq.nlargest(K, lst)) for lst in partners.values())


def mlxtend_pairs(o: Orders, n_orders: int) -> int:
    import pandas as pd
    from mlxtend.frequent_patterns import fpgrowth

    x = sp.csr_matrix((np.ones(o.n_lines, dtype=bool), (o.order_ids, o.product_ids)))
    df = pd.DataFrame(x.toarray(), copy=False)  # fpgrowth works on a dense one-hot frame
    items = fpgrowth(df, min_support=MIN_COUNT / n_orders, max_len=2)
    return int((items["itemsets"].map(len) == 2).sum())


def mining_table(sizes: list[tuple[int, int]], with_naive: bool) -> list[str]:
    lines = [
        "| orders / products | method | time | peak memory | vs ours (time) |",
        "|---|---|---|---|---|",
    ]
    for n_orders, n_products in sizes:
        o = generate(n_orders, n_products, seed=42)
        results: dict[str, tuple[float, int] | str] = {}
        methods = [("ours (chunked, exact top-k)", ours), ("bare scipy X.T@X + top-k", bare_scipy)]
        if with_naive:
            methods.append(("naive itertools.combinations", naive))
        for name, fn in methods:
            # Best of REPEAT for the fast methods: the machine may be shared, noise only adds time.
            runs = [
                measure(lambda fn=fn, o=o, n=n_orders: fn(o, n))
                for _ in range(REPEAT if fn in (ours, bare_scipy) else 1)
            ]
            sec, peak = min(r[0] for r in runs), max(r[1] for r in runs)
            results[name] = (sec, peak)
            print(f"  {n_orders:,}: {name}: {sec:.2f} s, {fmt_bytes(peak)}", file=sys.stderr)
        dense = n_orders * n_products  # one byte per cell of the one-hot frame
        if dense <= 4 * 1024**3:
            sec, peak, _ = measure(lambda o=o, n=n_orders: mlxtend_pairs(o, n))
            results["mlxtend fpgrowth (pairs)"] = (sec, peak)
        else:
            results["mlxtend fpgrowth (pairs)"] = (
                f"cannot run: densifies to a {dense / 1024**3:.1f} GiB array"
            )
        base = results["ours (chunked, exact top-k)"][0]
        for name, r in results.items():
            label = f"{n_orders // 1000}k / {n_products // 1000}k"
            if isinstance(r, str):
                lines.append(f"| {label} | {name} | {r} | | |")
            else:
                ratio = "1.00x" if r[0] == base else f"{r[0] / base:.2f}x"
                lines.append(f"| {label} | {name} | {r[0]:.2f} s | {fmt_bytes(r[1])} | {ratio} |")
    return lines


N_COLD = 3  # fresh processes measured one after another (the machine may be shared: the spread)


def pg_table() -> list[str]:
    """End to end on PostgreSQL: a full rebuild of 1M orders, then incremental updates of 10k new
    orders each, each in a fresh process (as a Celery worker restarted before the run) followed by
    one in the same process (a worker that ran the previous refresh and holds its state)."""
    from . import pg_history

    os.environ["DATABASE_URL"] = pg_history.recreate_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_demo.settings")
    import django

    django.setup()
    from django.db import connection

    from upsell_app.associations import refresh

    pg_history.create_tables()
    base = generate(1_000_000, N_PRODUCTS, seed=42)
    written = pg_history.copy_orders(base)
    print(f"  loaded {written:,} lines into PostgreSQL", file=sys.stderr)
    connection.close()  # the measuring child opens its own connection
    sec_full, peak_full, full = measure(lambda: refresh.refresh("full").as_dict())
    print(f"  full rebuild: {sec_full:.2f} s", file=sys.stderr)
    start = float(base.timestamps.max()) + 60
    cold, warm = [], []
    for i in range(N_COLD):
        add_orders(2 * i, start)  # 10k new orders for the fresh process
        connection.close()
        out = run_worker_child(2 * i + 1, start)  # ... which then adds 10k more and runs again
        cold.append(out["cold"])
        warm.append(out["warm"])
        print(
            f"  incremental: fresh process {out['cold']['seconds']:.2f} s "
            f"(boot {out['boot_seconds']:.2f} s, not included), "
            f"same process again {out['warm']['seconds']:.2f} s",
            file=sys.stderr,
        )
    rows = [
        "| end to end (PostgreSQL) | orders read | pairs kept | time | peak memory |",
        "|---|---|---|---|---|",
        f"| full rebuild, 1M orders | {full['orders_read']:,} | {full['pairs_kept']:,} | "
        f"{sec_full:.2f} s (target < 15 s) | {fmt_bytes(peak_full)} |",
    ]
    for label, runs, target in (
        ("fresh process: worker just restarted, state read from the database", cold, " < 1 s"),
        ("worker that ran the previous refresh: state in memory", warm, ""),
    ):
        secs = sorted(r["seconds"] for r in runs)
        med = secs[len(secs) // 2]
        last = runs[-1]
        rows.append(
            f"| incremental, 10k new orders on 1M ({label}) | {last['orders_read']:,} | "
            f"{last['pairs_kept']:,} | {med:.2f} s (median of {len(secs)}: "
            f"{secs[0]:.2f}–{secs[-1]:.2f} s{'; target' + target if target else ''}) | "
            f"{fmt_bytes(max(r['peak'] for r in runs))} |"
        )
    return rows


def add_orders(batch: int, start: float) -> int:
    """Append batch ``batch`` of 10k new orders (one day each, after the 1M) to the history."""
    from . import pg_history

    extra = generate(
        10_000,
        N_PRODUCTS,
        seed=43 + batch,
        first_order_id=1_000_000 + 10_000 * batch,
        start=start + batch * 86_400,
        days=1,
    )
    return pg_history.copy_orders(extra)


def run_worker_child(next_batch: int, start: float) -> dict:
    """Run :func:`worker_child` in a new interpreter (not a fork: nothing inherited)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    cmd = [
        sys.executable,
        "-m",
        "bench.associations_bench",
        "--worker-child",
        str(next_batch),
        str(start),
    ]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker_child(next_batch: int, start: float) -> None:
    """A fresh process that boots like a Celery worker (Django set up, task modules imported;
    timed apart), runs the incremental refresh cold, adds 10k more orders and runs it again (warm).
    Each run is timed from the call to its return: reading the new orders from PostgreSQL, counting,
    ranking, writing and switching the generation, collecting old ones. Each starts with a new
    database connection, as a Celery task does with Django's default CONN_MAX_AGE."""
    t = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_demo.settings")
    import django

    django.setup()
    from django.db import connection

    import upsell_app.tasks  # noqa: F401 - what a worker imports at boot
    from upsell_app.associations import refresh

    out: dict = {"boot_seconds": time.perf_counter() - t}
    for name in ("cold", "warm"):
        if name == "warm":
            add_orders(next_batch, start)
        connection.close()
        peak0 = reset_peak()
        t = time.perf_counter()
        result = refresh.refresh("incremental")
        seconds = time.perf_counter() - t
        if result.status != "succeeded" or result.orders_read != 10_000:
            raise RuntimeError(f"unexpected result: {result}")
        out[name] = {
            "seconds": seconds,
            "peak": peak_rss() - peak0,
            "orders_read": result.orders_read,
            "pairs_kept": result.pairs_kept,
        }
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k only, no PostgreSQL")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--pg-only", action="store_true", help="only the PostgreSQL part")
    parser.add_argument(
        "--worker-child", nargs=2, metavar=("BATCH", "START"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker_child:
        worker_child(int(args.worker_child[0]), float(args.worker_child[1]))
        return
    sizes = SIZES[:1] if args.quick else SIZES
    print(
        f"Mining: top-{K} partners per product, pairs seen >= {MIN_COUNT} times "
        f"(synthetic, seed 42, 1-8 lines per order, Zipf popularity)\n"
    )
    if not args.pg_only:
        print("\n".join(mining_table(sizes, not args.no_naive)))
    if not (args.quick or args.no_pg):
        print()
        print("\n".join(pg_table()))


if __name__ == "__main__":
    main()
