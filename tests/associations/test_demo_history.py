"""The demo shop ships seeded order history, so its cross-sell pop-ups have learned partners."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from upsell_app.associations import storage
from upsell_app.models import PurchaseLine

pytestmark = pytest.mark.django_db


def test_demo_order_history_is_seeded_idempotent_and_refreshes(assoc_settings):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_order_history", "--orders", "300", "--refresh", stdout=out)
    lines = PurchaseLine.objects.count()
    assert lines > 300 and "full:" in out.getvalue()
    call_command("demo_order_history", "--orders", "300", stdout=io.StringIO())
    assert PurchaseLine.objects.count() == lines  # same seed, same orders: recorded once
    product_ids = list(PurchaseLine.objects.values_list("product_id", flat=True).distinct())
    partners = storage.get_partners_for(product_ids)
    assert sum(1 for p in partners.values() if p) >= len(product_ids) // 2


def test_upsell_associations_command_prints_a_summary(assoc_settings):
    call_command("load_demo", stdout=io.StringIO())
    call_command("demo_order_history", "--orders", "100", stdout=io.StringIO())
    out = io.StringIO()
    call_command("upsell_associations", "--full", "--no-progress", stdout=out)
    assert "100 orders" in out.getvalue() and "pairs kept" in out.getvalue()
    out = io.StringIO()
    call_command("upsell_associations", "--incremental", "--no-progress", stdout=out)
    assert "no new orders" in out.getvalue()
