"""Seeded synthetic order history: orders of 1-8 lines, Zipf-like popularity, planted pairs.

Planted pairs make the data checkable: product ``a`` of a planted pair pulls its partner ``b`` into
the same order with probability ``pair_prob``, so a miner must rank ``b`` first for ``a``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Orders:
    """One row per order line. ``order_ids`` are 0..n_orders-1, increasing with ``timestamps``."""

    order_ids: np.ndarray
    product_ids: np.ndarray
    customer_ids: np.ndarray  # per line (constant within an order)
    timestamps: np.ndarray  # epoch seconds per line (constant within an order)
    planted: np.ndarray  # (n_pairs, 2) planted (a, b) product ids

    @property
    def n_lines(self) -> int:
        return len(self.order_ids)


def generate(
    n_orders: int,
    n_products: int,
    *,
    seed: int = 0,
    zipf_s: float = 1.05,
    n_planted: int | None = None,
    pair_prob: float = 0.6,
    n_customers: int | None = None,
    start: float = 1_700_000_000.0,
    days: float = 365.0,
    first_order_id: int = 0,
) -> Orders:
    """Generate ``n_orders`` orders over products ``1..n_products`` (ids start at 1, like a DB)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=n_orders)  # 1-8 lines
    n_lines = int(sizes.sum())
    ranks = np.arange(1, n_products + 1, dtype=np.float64)
    p = ranks**-zipf_s
    p /= p.sum()
    # Popularity rank -> product id through a fixed permutation so popular ids are not just 1, 2, 3.
    perm = np.random.default_rng(12345).permutation(n_products) + 1
    products = perm[rng.choice(n_products, size=n_lines, p=p)]
    order_of_line = np.repeat(np.arange(n_orders, dtype=np.int64), sizes)
    n_planted = n_planted if n_planted is not None else max(1, n_products // 50)
    prng = np.random.default_rng(777)
    a = perm[prng.choice(min(n_products, 5 * n_planted), size=n_planted, replace=False)]
    b = perm[prng.choice(n_products, size=n_planted)]
    planted = np.stack([a, b], axis=1)
    # Lines whose product is a planted "a": with pair_prob, replace the order's *next* line by b
    # (keeps order sizes in 1-8) -- or, on an order's last line, add nothing.
    lookup = np.zeros(n_products + 1, dtype=np.int64)
    lookup[a] = b
    has = lookup[products] != 0
    nxt = np.flatnonzero(has)[:-1] if has[-1] else np.flatnonzero(has)
    nxt = nxt[order_of_line[nxt + 1] == order_of_line[nxt]] if len(nxt) else nxt
    nxt = nxt[rng.random(len(nxt)) < pair_prob]
    products[nxt + 1] = lookup[products[nxt]]
    n_customers = n_customers or max(1, n_orders // 4)
    cust = rng.integers(1, n_customers + 1, size=n_orders)
    times = start + np.sort(rng.random(n_orders)) * days * 86_400.0
    return Orders(
        order_ids=order_of_line + first_order_id,
        product_ids=products.astype(np.int64),
        customer_ids=cust[order_of_line],
        timestamps=np.floor(times[order_of_line]),
        planted=planted,
    )
