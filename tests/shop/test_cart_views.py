"""Catalogue, product and cart pages, and the signals every cart change sends."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shop_demo.shop.models import CartLine
from tests.agreements import agree_set_discount
from tests.factories import CartLineFactory, CategoryFactory, ProductFactory, UserFactory
from upsell_app import signals

pytestmark = pytest.mark.django_db


def add(client, product, quantity=1, **extra):
    return client.post(
        reverse("shop:add", args=[product.slug]), {"quantity": quantity, **extra}
    )


def test_catalogue_lists_products_by_category(client):
    phone = ProductFactory(name="Aozora Phone", category=CategoryFactory(slug="phones"))
    beans = ProductFactory(name="Hinata Blend", category=CategoryFactory(slug="coffee"))
    html = client.get(reverse("shop:catalogue")).content.decode()
    assert 'id="phones"' in html and 'id="coffee"' in html
    assert phone.name in html and beans.name in html
    assert "data-add-to-cart" in html


def test_catalogue_shows_sold_out_products_without_add_button(client):
    ProductFactory(name="Sold Out Thing", stock=0)
    html = client.get(reverse("shop:catalogue")).content.decode()
    assert "Sold Out Thing" in html and "Sold out" in html
    assert "data-add-to-cart" not in html


def test_product_page_shows_price_in_yen_and_add_to_cart_button(client):
    product = ProductFactory(price=89_800)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "¥89,800" in html
    assert "data-add-to-cart" in html


def test_add_to_cart_sends_cart_line_added(client, capture_signal):
    calls = capture_signal(signals.cart_line_added)
    product = ProductFactory()
    add(client, product, 2)
    assert len(calls) == 1
    assert (calls[0]["product_id"], calls[0]["quantity"]) == (product.pk, 2)
    assert calls[0]["request"].session.session_key == client.session.session_key


def test_add_to_cart_stores_the_line_at_the_product_price(client):
    product = ProductFactory(price=3_780)
    add(client, product, 2)
    line = CartLine.objects.get()
    assert (line.product, line.quantity, line.unit_price) == (product, 2, 3_780)


def test_add_to_cart_twice_adds_to_the_same_line(client):
    product = ProductFactory()
    add(client, product, 1)
    add(client, product, 2)
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [3]


def test_add_to_cart_redirects_back_to_the_product_with_a_message(client):
    product = ProductFactory(name="Quiet Mouse")
    response = add(client, product)
    assert response.url == product.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Quiet Mouse was added to your cart." in page


def test_add_to_cart_returns_to_a_local_next_page_only(client):
    product = ProductFactory()
    assert add(client, product, next="/c/phones/").url == "/c/phones/"
    assert add(client, product, next="https://evil.example/").url == product.get_absolute_url()


def test_add_to_cart_refuses_a_sold_out_product_without_signal(client, capture_signal):
    calls = capture_signal(signals.cart_line_added)
    add(client, ProductFactory(stock=0))
    assert not CartLine.objects.exists()
    assert calls == []


def test_add_to_cart_is_post_only(client):
    product = ProductFactory()
    assert client.get(reverse("shop:add", args=[product.slug])).status_code == 405


def test_cart_page_renders_the_elements_the_browser_tests_use(client, client_cart):
    line = CartLineFactory(cart=client_cart, product__price=1_500, quantity=2)
    html = client.get(reverse("shop:cart")).content.decode()
    assert f'<tr data-cart-line data-product-id="{line.product_id}"' in html
    assert f'name="remove" value="{line.pk}"' in html
    assert html.count("data-cart-total>¥3,000<") == 1  # the header: the goods
    assert "data-cart-shipping>¥500<" in html  # below ¥5,000 the demo charges shipping
    assert html.count("data-cart-total>¥3,500<") == 1  # the summary: what the shopper pays
    assert "data-cart-count>2<" in html
    assert "data-checkout" in html


def test_cart_page_subtracts_bundle_discounts_from_the_total(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=10_000)
    agree_set_discount(client_cart.session_key, [line], 1_000, label="Work set discount")
    html = client.get(reverse("shop:cart")).content.decode()
    assert "Work set discount" in html and "-¥1,000" in html
    assert "data-cart-total>¥9,000<" in html


def test_remove_sends_cart_line_removed_with_line_id(client, client_cart, capture_signal):
    calls = capture_signal(signals.cart_line_removed)
    line = CartLineFactory(cart=client_cart)
    client.post(reverse("shop:cart_update"), {"remove": str(line.pk)})
    assert not CartLine.objects.filter(pk=line.pk).exists()
    assert [(c["product_id"], c["line_id"]) for c in calls] == [(line.product_id, str(line.pk))]


def test_remove_ignores_another_shoppers_line(client, client_cart, capture_signal):
    calls = capture_signal(signals.cart_line_removed)
    other = CartLineFactory()
    client.post(reverse("shop:cart_update"), {"remove": str(other.pk)})
    assert CartLine.objects.filter(pk=other.pk).exists()
    assert calls == []


def test_quantity_update_changes_the_line(client, client_cart):
    line = CartLineFactory(cart=client_cart, quantity=1)
    client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "3"})
    line.refresh_from_db()
    assert line.quantity == 3


def test_quantity_update_is_capped_by_stock(client, client_cart):
    line = CartLineFactory(cart=client_cart, product__stock=2)
    client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "9"})
    line.refresh_from_db()
    assert line.quantity == 2


def test_quantity_zero_removes_the_line_and_sends_cart_line_removed(
    client, client_cart, capture_signal
):
    calls = capture_signal(signals.cart_line_removed)
    line = CartLineFactory(cart=client_cart)
    client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "0"})
    assert not CartLine.objects.exists()
    assert calls[0]["line_id"] == str(line.pk)


def test_empty_cart_page_invites_to_browse(client):
    html = client.get(reverse("shop:cart")).content.decode()
    assert "Your cart is empty." in html
    assert "data-checkout" not in html


def test_signing_in_keeps_the_cart(client):
    product = ProductFactory(name="Hasami Porcelain Mug")
    add(client, product)
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("shop:cart")).content.decode()
    assert f'data-product-id="{product.pk}"' in html
    assert CartLine.objects.get().cart.user == user


def test_add_to_cart_beyond_stock_adds_nothing_and_sends_no_signal(client, capture_signal):
    product = ProductFactory(stock=2)
    add(client, product, 2)
    calls = capture_signal(signals.cart_line_added)
    add(client, product, 1)
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [2]
    assert calls == []


def test_shop_speaks_japanese_when_the_shopper_chose_it(client, client_cart):
    CartLineFactory(cart=client_cart)
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("shop:cart")).content.decode()
    assert "ショッピングカート" in html and "レジに進む" in html
