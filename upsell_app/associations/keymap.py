"""Product keys to the dense integers the association matrices count, and back.

The miner's matrices stay numpy arrays of integers whatever the shop keys its products by. In an
integer-keyed shop a product's index is its key (no table, no lookup: mining reads purchase lines
exactly as before). A shop keyed by a string code or a UUID gets one :class:`ProductKeyIndex` row
per product it ever sold, added when history is recorded; purchase lines are read through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection

from ..models import ProductKeyIndex
from ..models.product_keys import key_kind, product_pk_field, to_key_or_none


def is_identity() -> bool:
    """Whether product keys are their own indices (an integer-keyed shop)."""
    return key_kind(product_pk_field()) in (None, "integer")


def ensure_indices(keys: Iterable[Any]) -> None:
    """Give every key an index (history calls this as it records lines)."""
    if is_identity():
        return
    wanted = {str(key) for key in keys}
    if not wanted:
        return
    known = set(
        ProductKeyIndex.objects.filter(product_key__in=wanted).values_list("product_key", flat=True)
    )
    missing = wanted - {str(key) for key in known}
    ProductKeyIndex.objects.bulk_create(
        [ProductKeyIndex(product_key=key) for key in sorted(missing)], ignore_conflicts=True
    )


def indices_of(keys: Iterable[Any]) -> dict[Any, int]:
    """``{key: index}`` of the keys that have one (a product never sold has none)."""
    keys = [key for key in keys if key is not None]
    if is_identity():
        out = {}
        for key in keys:
            try:
                out[key] = int(key)
            except (TypeError, ValueError):
                continue
        return out
    texts = {str(key): key for key in keys}
    rows = ProductKeyIndex.objects.filter(product_key__in=list(texts)).values_list(
        "product_key", "id"
    )
    return {texts[str(key)]: index for key, index in rows if str(key) in texts}


def keys_of(indices: Iterable[int]) -> dict[int, Any]:
    """``{index: key}`` for indices the matrices name."""
    indices = [int(i) for i in indices]
    if is_identity():
        return {i: i for i in indices}
    rows = ProductKeyIndex.objects.filter(id__in=indices).values_list("id", "product_key")
    return {index: to_key_or_none(key) for index, key in rows}


def product_index_sql() -> str:
    """SQL for a purchase line's product index (the column ``product_id`` of the lines' table)."""
    if is_identity():
        return "CAST(product_id AS bigint)"
    table = connection.ops.quote_name(ProductKeyIndex._meta.db_table)
    return f"(SELECT ki.id FROM {table} ki WHERE ki.product_key = product_id)"  # noqa: S608
