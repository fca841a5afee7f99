"""Reading purchase lines for mining, as numpy arrays in basket-aligned chunks.

On PostgreSQL lines are streamed with ``COPY ... (FORMAT BINARY)``: every column is a fixed-width
NOT NULL number, so each record has the same size and numpy parses a whole block in one call (no
Python object per line). Other databases go through the ORM, which is fine at test sizes.

Lines come sorted by *group key* (the order, or the customer for customer-window baskets), and a
chunk
is only ever cut between groups, so no basket is split across chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from django.db import connection, transaction

from ..models import PurchaseLine
from . import keymap
from .mining import window_basket_keys

LINE_DTYPE = np.dtype(
    [
        ("id", "i8"),
        ("order", "i8"),
        ("customer", "i8"),
        ("product", "i8"),
        ("t", "f8"),
        ("group", "i8"),
    ]
)
GROUP_SPACE = 1 << 63  # group keys are non-negative 63-bit hashes


def _table() -> str:
    return connection.ops.quote_name(PurchaseLine._meta.db_table)


def group_expr(basket: str) -> str:
    if basket == "customer_window":
        return "CASE WHEN customer_hash = 0 THEN order_hash ELSE customer_hash END"
    return "order_hash"


def _select(basket: str, where: str) -> str:
    return (
        f"SELECT id, order_hash, customer_hash, {_column('product')}, ordered_at, "
        f"{group_expr(basket)} AS g "
        f"FROM {_table()} WHERE {where} ORDER BY g, id"
    )


#: Purchase lines keep the product's key as text (any key type); the miner's matrices are dense
#: over integer indices, which in an integer-keyed shop are the keys themselves.
_SQL_COLUMNS = {
    "id": "id",
    "order": "order_hash",
    "customer": "customer_hash",
    "t": "EXTRACT(EPOCH FROM ordered_at)::float8",
}


def _column(name: str) -> str:
    return keymap.product_index_sql() if name == "product" else _SQL_COLUMNS[name]


def _pg_part(
    basket: str,
    where: str,
    params: list[Any],
    columns: tuple[str, ...],
    source: str | None = None,
) -> np.ndarray:
    """One query per part; each column comes back as one ``array_send(array_agg(...))`` bytea in
    binary format, which numpy reads in place: no Python object per line. (A binary COPY would
    hand lines over one protocol message, and one Python call, per row.) Columns not in
    ``columns`` are not read (left 0): a plain full rebuild needs only orders and products."""
    names = [n for n in LINE_DTYPE.names if n in columns or n == "group"]
    exprs = [group_expr(basket) if n == "group" else _column(n) for n in names]
    sql = (
        "SELECT "
        + ", ".join(f"array_send(array_agg({c}))" for c in exprs)
        + f" FROM {source or _table()} WHERE {where}"  # noqa: S608
    )
    cur = binary_query(sql, params)
    blobs = cur.fetchone()
    cur.close()
    if blobs is None or blobs[0] is None:
        return np.empty(0, dtype=LINE_DTYPE)
    lines = np.zeros(_array_len(blobs[0]), dtype=LINE_DTYPE)
    for name, blob in zip(names, blobs, strict=True):
        lines[name] = _array_values(blob, ">f8" if name == "t" else ">i8")
    return lines[np.argsort(lines["group"], kind="stable")]


def binary_query(sql: str, params: list[Any]) -> Any:  # noqa: ANN401 - a psycopg cursor
    """Run ``sql`` on Django's PostgreSQL connection with binary results and parameters (Django's
    own cursors bind client-side, which only speaks text)."""
    import psycopg

    connection.ensure_connection()
    cur = psycopg.Cursor(connection.connection)
    cur.execute(sql, params, binary=True)
    return cur


# array_send(): int32 ndim, int32 has-nulls, int32 element type, then per dimension int32 size and
# int32 lower bound; then each element as int32 length + value (8 bytes here, never NULL).
_ARRAY_HEADER = 20


def _array_len(blob: bytes) -> int:
    return int(np.frombuffer(bytes(blob[12:16]), dtype=">i4")[0])


def _array_values(blob: bytes, kind: str) -> np.ndarray:
    rec = np.dtype([("len", ">i4"), ("v", kind)])
    return np.frombuffer(blob, dtype=rec, offset=_ARRAY_HEADER)["v"]


def _orm_blocks(sql: str, params: list[Any], block: int = 50_000) -> Iterator[np.ndarray]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        while rows := cur.fetchmany(block):
            out = np.empty(len(rows), dtype=LINE_DTYPE)
            cols = list(zip(*rows, strict=True))
            for name, col in zip(("id", "order", "customer", "product"), cols[:4], strict=True):
                out[name] = np.asarray(col, dtype=np.int64)
            out["t"] = [_epoch(v) for v in cols[4]]
            out["group"] = np.asarray(cols[5], dtype=np.int64)
            yield out


def _epoch(value: Any) -> float:
    if isinstance(value, str):  # SQLite hands back text
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    return value.timestamp() if hasattr(value, "timestamp") else float(value)


ALL_COLUMNS = ("id", "order", "customer", "product", "t")


def needed_columns(params: dict[str, Any]) -> tuple[str, ...]:
    """What mining reads for these settings (ids only matter to incremental runs)."""
    cols = ["order", "product"]
    if params["basket"] == "customer_window":
        cols += ["customer", "t"]
    if params["half_life_days"]:
        cols.append("t")
    return tuple(dict.fromkeys(cols))


def iter_chunks(
    basket: str,
    where: str,
    params: list[Any],
    n_parts: int = 1,
    min_groups: int = 200_000,
    columns: tuple[str, ...] = ALL_COLUMNS,
) -> Iterator[np.ndarray]:
    """Lines matching ``where`` in chunks of whole groups (a basket is never split).

    On PostgreSQL the group-key space is cut into ``n_parts`` ranges, one query each, so memory is
    bounded by one part. Elsewhere lines stream through a cursor and are cut between groups.
    """
    if connection.vendor == "postgresql":
        g = group_expr(basket)
        bounds = np.linspace(0, GROUP_SPACE, max(1, n_parts) + 1, dtype=np.float64)
        edges = [int(x) for x in bounds[:-1]] + [GROUP_SPACE]
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            part = _pg_part(
                basket, f"({where}) AND ({g}) >= %s AND ({g}) < %s", [*params, lo, hi], columns
            )
            if len(part):
                yield part
        return
    yield from basket_chunks(_orm_blocks(_select(basket, where), params), min_groups)


def read_lines(
    basket: str, where: str, params: list[Any], columns: tuple[str, ...] = ALL_COLUMNS
) -> np.ndarray:
    chunks = list(iter_chunks(basket, where, params, columns=columns))
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=LINE_DTYPE)


def read_touched_groups(
    basket: str, new_where: str, new_params: list[Any], high: int, columns: tuple[str, ...]
) -> np.ndarray:
    """Every line with ``id <= high`` of the groups (orders, or customers) that have a line
    matching ``new_where`` (the new lines included), sorted by group: one query, one round trip.
    """
    g, table = group_expr(basket), _table()
    columns = tuple(dict.fromkeys(("id", *columns)))
    if connection.vendor != "postgresql":
        where = f"({g}) IN (SELECT {g} FROM {table} WHERE {new_where}) AND id <= %s"  # noqa: S608
        return read_lines(basket, where, [*new_params, high], columns)
    # One index probe per new group, whatever the planner guesses: it overestimates the groups of
    # an id range several-fold and would hash-join a sequential scan of the whole history instead
    # (OFFSET 0 keeps the lateral subquery a per-group probe). The misestimated cost would also
    # trigger JIT compilation, which costs more than the query itself; so would parallel workers.
    source = (
        f"(SELECT DISTINCT {g} AS k FROM {table} WHERE {new_where}) AS new_groups "  # noqa: S608
        f"CROSS JOIN LATERAL (SELECT * FROM {table} "
        f"WHERE ({g}) = new_groups.k AND id <= %s OFFSET 0) AS touched"
    )
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cur:
            cur.execute("SELECT set_config('jit', 'off', true)")
            cur.execute("SELECT set_config('max_parallel_workers_per_gather', '0', true)")
        return _pg_part(basket, "true", [*new_params, high], columns, source)


def basket_chunks(blocks: Iterator[np.ndarray], min_groups: int) -> Iterator[np.ndarray]:
    """Re-cut blocks sorted by group into chunks of at least ``min_groups`` whole groups."""
    pending: list[np.ndarray] = []
    n_groups = 0
    for block in blocks:
        pending.append(block)
        n_groups += int(np.count_nonzero(block["group"][1:] != block["group"][:-1])) + 1
        if n_groups <= min_groups:
            continue
        lines = np.concatenate(pending)
        g = lines["group"]
        cut = int(np.flatnonzero(g != g[-1])[-1]) + 1 if (g != g[-1]).any() else 0
        if cut:  # the last group may continue in the next block: keep it back
            yield lines[:cut]
        pending, n_groups = [lines[cut:]], 1
    if pending and sum(len(p) for p in pending):
        yield np.concatenate(pending)


def basket_arrays(lines: np.ndarray, params: dict[str, Any]) -> tuple[np.ndarray, ...]:
    """``(basket_keys, product_ids, times)`` of lines for the miner."""
    if params["basket"] == "customer_window":
        keys = window_basket_keys(
            lines["customer"], lines["order"], lines["t"], params["window_days"]
        )
    else:
        keys = lines["order"]
    return keys, lines["product"], lines["t"]


def in_clause(column: str, values: list[int]) -> tuple[str, list[Any]]:
    """``column IN values`` as SQL and params (an array parameter on PostgreSQL)."""
    if not values:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        # A hashed semi-join: "= ANY(array)" may test every row against every element.
        return f"({column}) IN (SELECT unnest(%s::bigint[]))", [list(values)]
    return f"({column}) IN ({', '.join(['%s'] * len(values))})", list(values)


def max_line_id() -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table()}")  # noqa: S608
        return int(cur.fetchone()[0])


def present_ids(low: int, high: int) -> np.ndarray:
    """Ids of lines in ``(low, high]`` (to find gaps a late commit may still fill)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM {_table()} WHERE id > %s AND id <= %s", [low, high])  # noqa: S608
        return np.asarray([r[0] for r in cur.fetchall()], dtype=np.int64)
