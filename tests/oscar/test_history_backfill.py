"""Acceptance: a shop's existing oscar orders, copied once with ``upsell_backfill_history``, teach
"customers who bought this also bought", and the learned cross-sell shows in oscar's basket."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from oscar_demo.catalogue import HISTORY
from oscar_demo.shop import load_history
from upsell_app.contrib.oscar.history import iter_oscar_orders
from upsell_app.models import PurchaseLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders_before_the_app(products) -> None:
    """Orders placed before the app was installed: the app holds no history of them."""
    load_history(products)
    PurchaseLine.objects.all().delete()


def test_iter_order_history_yields_every_placed_oscar_order_with_its_lines(
    orders_before_the_app, products
):
    records = list(iter_oscar_orders())

    assert [r.order_id for r in records] == [f"PAST-{n:04d}" for n in range(1, len(HISTORY) + 1)]
    first = records[0]
    assert {line.product_id for line in first.lines} == {
        products["coffee-500"].pk,
        products["mug"].pk,
    }
    assert first.customer_key.startswith("guest:")
    assert first.lines[0].unit_price == products["coffee-500"].stockrecords.get().price


def test_backfill_records_each_oscar_order_line_once(orders_before_the_app):
    call_command("upsell_backfill_history", stdout=StringIO())
    call_command("upsell_backfill_history", stdout=StringIO())

    assert PurchaseLine.objects.count() == sum(len(skus) for skus in HISTORY)


def test_backfilled_orders_feed_the_learned_cross_sell_in_the_basket(
    client, orders_before_the_app, products
):
    call_command("upsell_backfill_history", stdout=StringIO())
    call_command("upsell_associations", "--full", "--no-progress", stdout=StringIO())

    drip_bags = products["drip-bags"]
    client.post(f"/basket/add/{drip_bags.pk}/", {"quantity": 1})
    offer = client.get("/upsell/api/offers/", {"trigger": "cart_view"}).json()["offer"]

    assert offer["kind"] == "cross_sell"
    assert offer["headline"] == "Customers who bought this also bought"
    assert [c["title"] for c in offer["choices"]][0] == "Hasami Mug"
