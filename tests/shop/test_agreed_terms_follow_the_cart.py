"""The demo totals its cart through ``adjustments.for_cart`` and places orders through
``adjustments.for_order``: what a shopper agreed to counts only while the cart still earns it."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order, Product
from upsell_app.models import OfferAcceptance

pytestmark = pytest.mark.django_db

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}


@pytest.fixture(autouse=True)
def demo():
    call_command("load_demo", stdout=StringIO())


def add(client, slug):
    client.post(reverse("shop:add", args=[slug]), {"quantity": 1})
    return Product.objects.get(slug=slug)


def accept(client, trigger, product=None, key="k1"):
    params = {"trigger": trigger, **({"product_id": product.pk} if product else {})}
    offer = client.get(reverse("upsell:offer-list"), params).json()["offer"]
    choice = offer["choices"][0]
    body = {
        "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
        "line_id": choice["line_id"],
        "quote": choice["quote"],
    }
    response = client.post(
        reverse("upsell:offer-accept", args=[offer["id"]]), json.dumps(body),
        content_type="application/json", headers={"Idempotency-Key": key},
    )
    assert response.status_code == 200, response.content
    return offer


def test_laptop_bundle_then_removing_the_laptop_by_the_cart_form_orders_without_the_set_discount(
    client,
):
    laptop = add(client, "sora-book-13")
    offer = accept(client, "cart_view")
    assert offer["kind"] == "bundle"
    assert "-¥1,500" in client.get(reverse("shop:cart")).content.decode()
    laptop_line = CartLine.objects.get(product=laptop)

    client.post(reverse("shop:cart_update"), {"remove": str(laptop_line.pk)})
    client.post(reverse("shop:checkout"), CUSTOMER)

    order = Order.objects.get()
    sleeve, mouse = Product.objects.get(slug="sora-sleeve-13"), Product.objects.get(
        slug="quiet-mouse"
    )
    assert order.discount_total == 0
    assert order.subtotal == order.total == sleeve.price + mouse.price
    assert OfferAcceptance.objects.get().status == "revoked"


def test_laptop_bundle_kept_whole_is_ordered_with_the_set_discount(client):
    add(client, "sora-book-13")
    accept(client, "cart_view")

    client.post(reverse("shop:checkout"), CUSTOMER)

    order = Order.objects.get()
    assert order.discount_total == Decimal("1500")
    assert order.total == order.subtotal - Decimal("1500")
    acceptance = OfferAcceptance.objects.get()
    assert (acceptance.status, acceptance.order_id, acceptance.order_mismatch) == (
        "applied", order.number, ""
    )


def test_setting_the_laptops_quantity_to_zero_drops_the_set_discount(client):
    laptop = add(client, "sora-book-13")
    accept(client, "cart_view")
    line = CartLine.objects.get(product=laptop)

    client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "0"})

    html = client.get(reverse("shop:cart")).content.decode()
    assert "data-cart-discount" not in html


def test_a_line_deleted_without_any_signal_drops_the_set_discount(client):
    laptop = add(client, "sora-book-13")
    accept(client, "cart_view")

    CartLine.objects.filter(product=laptop).delete()  # e.g. a staff member in the admin

    html = client.get(reverse("shop:cart")).content.decode()
    assert "data-cart-discount" not in html


def test_an_agreed_upgrade_price_is_charged_and_used_once(client):
    add(client, "sora-book-13")
    accept(client, "add_to_cart", Product.objects.get(slug="sora-book-13"))
    bigger = Product.objects.get(slug="sora-book-13-16gb")

    client.post(reverse("shop:checkout"), CUSTOMER)

    line = Order.objects.get().lines.get()
    assert (line.product_id, line.offer_id) == (bigger.pk, OfferAcceptance.objects.get().offer_id)
    assert OfferAcceptance.objects.get().order_mismatch == ""
