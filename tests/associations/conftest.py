"""Fixtures of the association tests: small seeded histories recorded through the public API."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from upsell_app.associations import history


@pytest.fixture
def assoc_settings(settings):
    """Mining settings small enough for hand-sized data (every pair kept)."""
    settings.UPSELL = {
        **getattr(settings, "UPSELL", {}),
        "ASSOCIATIONS_MIN_COUNT": 1,
        "ASSOCIATIONS_TOP_K": 5,
        "ASSOCIATIONS_CHUNK_ORDERS": 7,  # many chunks even on tiny data
    }
    return settings


def make_orders(n_orders: int, seed: int = 0, n_products: int = 15, first: int = 0):
    """Seeded orders as (order_id, [product ids], customer, ordered_at)."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    orders = []
    for i in range(first, first + n_orders):
        size = rng.randint(1, 5)
        products = [min(int(rng.paretovariate(1.2)), n_products) for _ in range(size)]
        if 3 in products:  # a planted pair
            products.append(11)
        orders.append(
            (f"ord-{i}", products, f"cust-{rng.randint(1, 6)}", start + timedelta(hours=i * 7))
        )
    return orders


def record(orders) -> None:
    for order_id, products, customer, when in orders:
        history.record_order(
            order_id,
            [history.OrderLine(p, 1) for p in products],
            customer_key=customer,
            ordered_at=when,
        )


@pytest.fixture(autouse=True)
def _forget_state_memo():
    """Each test starts without a state remembered by an earlier test's runs."""
    from upsell_app.associations import state

    state._memo.clear()
    yield
    state._memo.clear()
