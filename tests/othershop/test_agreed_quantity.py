"""Tanuki Goods: an agreed price covers the units agreed (what the pop-up showed); more units
cost the shop's price, fewer keep the agreement, and the purchase records the two apart."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from upsell_app.models import OfferAcceptance

from .models import BasketRow, Purchase

pytestmark = pytest.mark.django_db


def upgrade(client, items, offers, *, qty: int = 1) -> BasketRow:  # noqa: ARG001
    """Add the kettle (``qty`` of it) and accept the upgrade to the Pro the pop-up offers."""
    kettle = items["kettle"]
    client.post(reverse("add", args=[kettle.pk]))
    BasketRow.objects.filter(item=kettle).update(qty=qty)
    query = {"trigger": "add_to_cart", "product_id": kettle.pk}
    offer = client.get(reverse("upsell:offer-list"), query).json()["offer"]
    choice = next(c for c in offer["choices"] if c["product_id"] == items["kettle-pro"].pk)
    body = {"product_id": choice["product_id"], "line_id": choice["line_id"],
            "quote": choice["quote"]}  # fmt: skip
    response = client.post(
        reverse("upsell:offer-accept", args=[offer["id"]]), json.dumps(body),
        content_type="application/json", headers={"Idempotency-Key": "k1"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    return BasketRow.objects.get(item=items["kettle-pro"])


def basket_total(client) -> int:
    html = client.get(reverse("basket")).content.decode()
    return int(re.search(r"data-total>¥(-?\d+)<", html).group(1))


def agreed_each(items) -> int:
    return items["kettle-pro"].yen * 9 // 10  # the upsell's 10 % off


def test_units_beyond_the_upgraded_one_cost_the_shops_price(client, items, offers):
    row = upgrade(client, items, offers)

    BasketRow.objects.filter(pk=row.pk).update(qty=10)

    assert basket_total(client) == agreed_each(items) + 9 * items["kettle-pro"].yen


def test_fewer_units_than_upgraded_keep_the_agreed_price(client, items, offers):
    row = upgrade(client, items, offers, qty=3)

    BasketRow.objects.filter(pk=row.pk).update(qty=2)

    assert basket_total(client) == 2 * agreed_each(items)


def test_a_unit_added_by_hand_costs_the_shops_price(client, items, offers):
    upgrade(client, items, offers)

    client.post(reverse("add", args=[items["kettle-pro"].pk]))

    assert basket_total(client) == agreed_each(items) + items["kettle-pro"].yen


def test_the_purchase_records_the_agreed_units_and_the_rest_apart(client, items, offers):
    row = upgrade(client, items, offers)
    BasketRow.objects.filter(pk=row.pk).update(qty=10)

    client.post(reverse("checkout"), {"buyer": "Tanuki"})

    purchase = Purchase.objects.get()
    pro = items["kettle-pro"]
    assert [(r.qty, r.yen_each) for r in purchase.rows.filter(item=pro)] == [
        (1, agreed_each(items)), (9, pro.yen)
    ]
    assert purchase.total_yen == agreed_each(items) + 9 * pro.yen
    assert OfferAcceptance.objects.get().order_mismatch == ""
