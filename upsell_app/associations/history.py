"""Recording purchase history: from the ``order_completed`` signal, or backfilled through the
adapter.

Recording is idempotent: an (order, product) pair already stored is left as it is, so re-sending an
order (a retried task, a re-run backfill) changes nothing. Lines an order gains later are appended
and picked up by the next incremental run. History is append-only; a refund does not rewrite it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ..models import PurchaseLine
from ..models.product_keys import to_key
from . import keymap


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line of a completed order, as the shop reports it."""

    product_id: Any  # the product model's key
    quantity: int = 1
    unit_price: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """A completed order, as an adapter's ``iter_order_history()`` yields it for a backfill."""

    order_id: str
    lines: tuple[OrderLine, ...]
    ordered_at: datetime
    customer_key: str = ""


def stable_hash(value: str) -> int:
    """63-bit non-negative hash, stable across processes (unlike ``hash()``); 0 means empty."""
    if not value:
        return 0
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1) or 1


def _line_fields(line: Any) -> tuple[Any, int, Decimal]:
    if isinstance(line, dict):
        pid, qty, price = line["product_id"], line.get("quantity", 1), line.get("unit_price", 0)
    else:
        pid = line.product_id
        qty, price = getattr(line, "quantity", 1), getattr(line, "unit_price", 0)
    return to_key(pid), int(qty), Decimal(str(price))


def build_lines(
    order_id: str, lines: Iterable[Any], customer_key: str = "", ordered_at: datetime | None = None
) -> list[PurchaseLine]:
    """Unsaved rows for an order; the same product on several lines becomes one row."""
    order_id, customer_key = str(order_id), str(customer_key or "")
    ordered_at = ordered_at or timezone.now()
    merged: dict[Any, list] = {}
    for line in lines:
        pid, qty, price = _line_fields(line)
        if pid in merged:
            merged[pid][0] += qty
        else:
            merged[pid] = [qty, price]
    o_hash, c_hash = stable_hash(order_id), stable_hash(customer_key)
    return [
        PurchaseLine(
            order_id=order_id,
            order_hash=o_hash,
            customer_key=customer_key,
            customer_hash=c_hash,
            product_id=pid,
            quantity=max(qty, 0),
            unit_price=price,
            ordered_at=ordered_at,
        )
        for pid, (qty, price) in merged.items()
    ]


def record_order(
    order_id: str,
    lines: Iterable[Any],
    *,
    customer_key: str = "",
    ordered_at: datetime | None = None,
) -> int:
    """Store an order's lines (objects or dicts with product_id, quantity, unit_price).

    Returns how many lines were new. Safe to call again for the same order.
    """
    rows = build_lines(order_id, lines, customer_key, ordered_at)
    if not rows:
        return 0
    existing = set(
        PurchaseLine.objects.filter(order_id=rows[0].order_id).values_list("product_id", flat=True)
    )
    new = [r for r in rows if r.product_id not in existing]
    keymap.ensure_indices(r.product_id for r in new)
    # ignore_conflicts covers a concurrent duplicate recording between the read and the insert.
    PurchaseLine.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def on_order_completed(sender: Any, **kwargs: Any) -> None:
    """Receiver for ``upsell_app.signals.order_completed``: records the order's lines."""
    record_order(
        kwargs["order_id"],
        kwargs.get("lines") or (),
        customer_key=kwargs.get("customer_key") or "",
        ordered_at=kwargs.get("ordered_at"),
    )


def record_orders(orders: Iterable[OrderRecord], batch_size: int = 2000) -> int:
    """Bulk form of :func:`record_order` for backfills: one insert per batch of orders."""
    created, batch = 0, []
    for order in orders:
        batch.extend(build_lines(order.order_id, order.lines, order.customer_key, order.ordered_at))
        if len(batch) >= batch_size:
            created += _insert_new(batch)
            batch = []
    if batch:
        created += _insert_new(batch)
    return created


def _insert_new(rows: list[PurchaseLine]) -> int:
    keys = {r.order_id for r in rows}
    existing = set(
        PurchaseLine.objects.filter(order_id__in=keys).values_list("order_id", "product_id")
    )
    new = [r for r in rows if (r.order_id, r.product_id) not in existing]
    keymap.ensure_indices(r.product_id for r in new)
    PurchaseLine.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def backfill(
    adapter: Any = None,
    *,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Copy the shop's existing orders into the history through ``adapter.iter_order_history()``.

    The adapter (by default the configured catalogue adapter) yields :class:`OrderRecord`-like
    objects; the shop's schema stays its own business. Returns the number of new lines.
    """
    if adapter is None:
        from ..adapters import get_catalog_adapter

        adapter = get_catalog_adapter()
    source = getattr(adapter, "iter_order_history", None)
    if source is None:
        raise NotImplementedError(
            f"{type(adapter).__name__} has no iter_order_history(); implement it to backfill"
        )
    created = 0
    batch: list[OrderRecord] = []
    for n, order in enumerate(source(), start=1):
        batch.append(order)
        if len(batch) >= batch_size:
            created += record_orders(batch, batch_size=batch_size * 8)
            batch = []
            if progress:
                progress(n)
    if batch:
        created += record_orders(batch, batch_size=batch_size * 8)
    if progress:
        progress(-1)
    return created
