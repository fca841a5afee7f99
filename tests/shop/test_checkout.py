"""Checkout: the confirm step, placing the order and the confirmation page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop_demo.shop.models import CartLine, Order, Product
from tests.agreements import COFFEE_TERMS, agree_plan, agree_price, agree_set_discount
from tests.factories import CartLineFactory
from upsell_app import signals
from upsell_app.adapters import SubscriptionPlan
from upsell_app.models import CartAdjustment
from upsell_app.selection.types import SubscriptionTerms

pytestmark = pytest.mark.django_db

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}

def place(client, data=CUSTOMER):
    return client.post(reverse("shop:checkout"), data)


def test_opening_checkout_sends_checkout_started(client, client_cart, capture_signal):
    calls = capture_signal(signals.checkout_started)
    CartLineFactory(cart=client_cart)
    response = client.get(reverse("shop:checkout"))
    assert response.status_code == 200
    assert len(calls) == 1
    assert calls[0]["request"].session.session_key == client_cart.session_key


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client, capture_signal):
    calls = capture_signal(signals.checkout_started)
    response = client.get(reverse("shop:checkout"))
    assert response.url == reverse("shop:cart")
    assert calls == []


def test_checkout_shows_every_subscription_term(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=1_680, quantity=1)
    agree_plan(client_cart.session_key, line, 1_512)
    html = client.get(reverse("shop:checkout")).content.decode()
    for text in ("Every 2 weeks", "¥1,512", "Ships with this order",
                 "Charged when each delivery ships", "None: cancel any time",
                 "up to 5 days before the next delivery"):
        assert text in html
    assert "data-place-order" in html


def test_placing_an_order_creates_the_order_and_its_lines(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=2_000, quantity=3)
    place(client)
    order = Order.objects.get()
    assert (order.customer_name, order.email) == (CUSTOMER["name"], CUSTOMER["email"])
    assert (order.subtotal, order.discount_total, order.total) == (6_000, 0, 6_000)
    assert list(order.lines.values_list("product_id", "title", "quantity", "unit_price")) == [
        (line.product_id, line.product.name, 3, 2_000)
    ]


def test_placing_an_order_keeps_bundle_discounts_in_the_total(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=10_000)
    agree_set_discount(client_cart.session_key, [line], 1_500)
    place(client)
    order = Order.objects.get()
    assert (order.discount_total, order.total) == (1_500, 8_500)


def test_placing_an_order_charges_the_agreed_price_and_names_its_offer(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=3_000, quantity=1)
    acceptance = agree_price(client_cart.session_key, line, 2_500)
    place(client)
    ordered = Order.objects.get().lines.get()
    assert (ordered.unit_price, ordered.offer_id) == (2_500, acceptance.offer_id)
    acceptance.refresh_from_db()
    assert (acceptance.order_id, acceptance.order_mismatch) == (Order.objects.get().number, "")


def test_an_order_uses_the_agreed_terms_once(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=3_000)
    agree_price(client_cart.session_key, line, 2_500)
    place(client)
    CartLineFactory(cart=client_cart, product=line.product, unit_price=3_000)
    place(client)
    first, second = Order.objects.order_by("id")
    assert (first.total, second.total) == (2_500, 3_000)


def test_placing_an_order_copies_subscription_terms(client, client_cart):
    line = CartLineFactory(cart=client_cart)
    agree_plan(client_cart.session_key, line, 900)
    place(client)
    line = Order.objects.get().lines.get()
    # Every term as the app stores it (JSON-safe: money as a string).
    stored = SubscriptionPlan(0, Decimal("900"), SubscriptionTerms(**COFFEE_TERMS)).terms_as_json()
    assert line.is_subscription and line.subscription_terms == stored
    assert line.unit_price == 900


def test_placing_an_order_sends_order_completed(client, client_cart, capture_signal):
    calls = capture_signal(signals.order_completed)
    line = CartLineFactory(cart=client_cart, unit_price=1_200, quantity=2)
    place(client)
    order = Order.objects.get()
    (call,) = calls
    assert call["order_id"] == order.number
    assert [(x.product_id, x.quantity, x.unit_price) for x in call["lines"]] == [
        (line.product_id, 2, Decimal("1200"))
    ]
    assert call["customer_key"] == order.customer_key != ""
    assert call["ordered_at"] == order.created_at
    assert call["total"] == Decimal("2400")
    assert call["request"] is not None


def test_placing_an_order_empties_the_cart_and_uses_up_its_terms(client, client_cart):
    line = CartLineFactory(cart=client_cart)
    agree_set_discount(client_cart.session_key, [line], 100)
    place(client)
    assert not client_cart.lines.exists()
    assert list(CartAdjustment.objects.values_list("order_id", flat=True)) == [
        Order.objects.get().number
    ]


def test_placing_an_order_takes_the_stock(client, client_cart):
    line = CartLineFactory(cart=client_cart, product__stock=5, quantity=2)
    place(client)
    assert Product.objects.get(pk=line.product_id).stock == 3


def test_placing_an_order_beyond_stock_changes_nothing(client, client_cart, capture_signal):
    calls = capture_signal(signals.order_completed)
    line = CartLineFactory(cart=client_cart, product__stock=1, quantity=2)
    response = place(client)
    assert response.url == reverse("shop:cart")
    assert not Order.objects.exists() and calls == []
    assert CartLine.objects.filter(pk=line.pk).exists()
    assert Product.objects.get(pk=line.product_id).stock == 1


def test_placing_an_order_needs_name_and_email(client, client_cart, capture_signal):
    calls = capture_signal(signals.order_completed)
    CartLineFactory(cart=client_cart)
    response = place(client, {"name": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert not Order.objects.exists() and calls == []


def test_guest_orders_with_one_email_share_a_customer_key(client, client_cart):
    CartLineFactory(cart=client_cart)
    place(client)
    CartLineFactory(cart=client_cart)
    place(client, {**CUSTOMER, "email": "HANAKO@example.jp"})
    first, second = Order.objects.order_by("id")
    assert first.customer_key == second.customer_key
    assert "hanako" not in first.customer_key  # a hash, not the address


def test_confirmation_page_shows_number_lines_and_total(client, client_cart):
    CartLineFactory(cart=client_cart, product__name="Uji Matcha 30 g", unit_price=2_160)
    response = place(client)
    order = Order.objects.get()
    assert response.url == reverse("shop:order", args=[order.number])
    html = client.get(response.url).content.decode()
    assert order.number in html and "Uji Matcha 30 g" in html and "¥2,160" in html


def test_confirmation_page_is_private_to_the_shopper(client, client_cart, django_user_model):
    CartLineFactory(cart=client_cart)
    url = place(client).url
    client.logout()  # a fresh session: another shopper
    assert client.get(url).status_code == 404
