"""A throw-away PostgreSQL database holding a synthetic purchase history, for the end-to-end bench.

Loading millions of lines through the ORM would take minutes, so lines are written with a binary
``COPY``: every field is fixed-width (ids are zero-padded), so numpy builds the whole stream at
once.
Only the app's own history/association tables are created (straight from the models), so the bench
does not depend on the migration graph or on the shop's schema.
"""

from __future__ import annotations

import os

import numpy as np

from .synthetic import Orders

BENCH_DB = os.environ.get("UPSELL_BENCH_DB", "upsell_bench")
PG_URL = os.environ.get("UPSELL_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
_PG_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z, the origin of PostgreSQL's binary timestamps


def recreate_database() -> str:
    """Drop and create the bench database; returns its URL."""
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"{PG_URL}/{BENCH_DB}"


def create_tables() -> None:
    from django.db import connection

    from upsell_app import models as m

    with connection.schema_editor() as editor:
        for model in (
            m.PurchaseLine,
            m.AssociationGeneration,
            m.ProductPartners,
            m.AssociationState,
            m.AssociationRun,
            m.AssociationShardCounts,
        ):
            editor.create_model(model)
        # As migration 0004 does: count blobs are stored uncompressed.
        for table, column in (
            ("upsell_app_associationstate", "counts_blob"),
            ("upsell_app_associationshardcounts", "blob"),
        ):
            editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTERNAL")


def _digits(values: np.ndarray, prefix: bytes, width: int) -> np.ndarray:
    """Fixed-width ASCII ``prefix + zero-padded values`` as an (n, len) uint8 array."""
    out = np.empty((len(values), len(prefix) + width), dtype=np.uint8)
    out[:, : len(prefix)] = np.frombuffer(prefix, dtype=np.uint8)
    v = values.astype(np.int64).copy()
    for i in range(width - 1, -1, -1):
        out[:, len(prefix) + i] = 48 + v % 10
        v //= 10
    return out


def copy_orders(o: Orders) -> int:
    """Append the orders' lines to the history table; returns the number of lines written."""
    from django.db import connection

    from upsell_app.associations.history import stable_hash

    # One row per (order, product), like record_order() would store.
    key = o.order_ids.astype(np.int64) * (1 << 32) + o.product_ids
    _, first = np.unique(key, return_index=True)
    first.sort()
    order_ids, products = o.order_ids[first], o.product_ids[first]
    customers, times = o.customer_ids[first], o.timestamps[first]
    n = len(first)
    oid = _digits(order_ids, b"o", 9)
    cid = _digits(customers, b"c", 8)
    uniq_orders, inv = np.unique(order_ids, return_inverse=True)
    o_hash = np.array([stable_hash(f"o{i:09d}") for i in uniq_orders], dtype=np.int64)[inv]
    uniq_c, cinv = np.unique(customers, return_inverse=True)
    c_hash = np.array([stable_hash(f"c{i:08d}") for i in uniq_c], dtype=np.int64)[cinv]
    micros = ((times - _PG_EPOCH) * 1_000_000).astype(np.int64)
    rec = np.dtype(
        [
            ("nf", ">i2"),
            ("l_oid", ">i4"),
            ("oid", "S10"),
            ("l_oh", ">i4"),
            ("oh", ">i8"),
            ("l_cid", ">i4"),
            ("cid", "S9"),
            ("l_ch", ">i4"),
            ("ch", ">i8"),
            ("l_pid", ">i4"),
            ("pid", ">i8"),
            ("l_qty", ">i4"),
            ("qty", ">i4"),
            ("l_price", ">i4"),
            ("price", ">i2", (5,)),  # numeric 1000: ndigits 1, weight 0, +, scale 0
            ("l_at", ">i4"),
            ("at", ">i8"),
            ("l_rec", ">i4"),
            ("rec", ">i8"),
        ]
    )
    a = np.zeros(n, dtype=rec)
    a["nf"] = 9
    a["l_oid"], a["oid"] = 10, oid.view("S10").ravel()
    a["l_oh"], a["oh"] = 8, o_hash
    a["l_cid"], a["cid"] = 9, cid.view("S9").ravel()
    a["l_ch"], a["ch"] = 8, c_hash
    a["l_pid"], a["pid"] = 8, products
    a["l_qty"], a["qty"] = 4, 1
    a["l_price"], a["price"] = 10, (1, 0, 0, 0, 1000)
    a["l_at"], a["at"] = 8, micros
    a["l_rec"], a["rec"] = 8, micros
    header = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
    cols = (
        "order_id, order_hash, customer_key, customer_hash, product_id, quantity, unit_price, "
        "ordered_at, recorded_at"
    )
    raw = connection.cursor().cursor
    with raw.copy(f"COPY upsell_app_purchaseline ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(header)
        step = 500_000
        for s in range(0, n, step):
            copy.write(a[s : s + step].tobytes())
        copy.write(b"\xff\xff")
    connection.commit() if not connection.get_autocommit() else None
    with connection.cursor() as cur:
        cur.execute("ANALYZE upsell_app_purchaseline")
    return n
