"""Turning the product-id columns into text keeps every integer key a shop already recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("upsell_app", "0014_variant_texts_per_language")]
AFTER = [("upsell_app", "0015_product_keys_as_text")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def before_text_keys(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_latest())


def test_integer_product_ids_recorded_before_read_back_as_the_same_integers(before_text_keys):
    PurchaseLine = before_text_keys.get_model("upsell_app", "PurchaseLine")
    PurchaseLine.objects.create(
        order_id="o-1", order_hash=1, product_id=9_007_199_254_740_993, quantity=2,
        unit_price=Decimal("10"), ordered_at=timezone.now(),
    )
    PurchaseLine.objects.create(
        order_id="o-1", order_hash=1, product_id=7, quantity=1,
        unit_price=Decimal("5"), ordered_at=timezone.now(),
    )

    _migrate(AFTER)

    from upsell_app.models import PurchaseLine as Current

    assert sorted(Current.objects.values_list("product_id", flat=True)) == [
        7, 9_007_199_254_740_993,
    ]
    assert Current.objects.filter(product_id="7").count() == 1
