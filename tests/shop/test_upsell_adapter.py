"""The demo shop's SimpleCartAdapter: the app changes the cart's lines through these methods
and keeps agreed prices, plans and set discounts itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartLine
from shop_demo.shop.upsell_adapter import ShopCartAdapter, ShopCatalogAdapter
from tests.agreements import agree_price, agree_set_discount
from tests.factories import CartFactory, CartLineFactory, ProductFactory
from tests.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def adapter(shop_request):
    return ShopCartAdapter(shop_request)


def reread(request):
    """The adapter of the shopper's next request, whose session holds what the app stored."""
    request.session = SessionStore(session_key=request.session.session_key)
    return ShopCartAdapter(request)


@pytest.fixture
def cart(shop_request):
    return CartFactory(session_key=shop_request.session.session_key)


def test_add_line_adds_a_line_of_its_own_at_the_shops_price(adapter, cart):
    product = ProductFactory(price=2_980)
    CartLineFactory(cart=cart, product=product)
    line_id = adapter.add_line(product.pk, 1)
    line = CartLine.objects.get(pk=line_id)
    assert (line.cart, line.product, line.unit_price, line.quantity) == (cart, product, 2_980, 1)
    assert cart.lines.count() == 2


def test_add_line_creates_the_cart_when_the_shopper_has_none(adapter, shop_request):
    line_id = adapter.add_line(ProductFactory().pk, 1)
    line = CartLine.objects.get(pk=line_id)
    assert line.cart.session_key == shop_request.session.session_key


def test_replace_line_swaps_the_product_and_keeps_quantity(adapter, cart):
    line = CartLineFactory(cart=cart, quantity=2, unit_price=89_800)
    better = ProductFactory(price=104_800)
    assert adapter.replace_line(str(line.pk), better.pk) == str(line.pk)
    line.refresh_from_db()
    assert (line.product, line.quantity, line.unit_price) == (better, 2, 104_800)


def test_replace_line_refuses_another_shoppers_line(adapter, cart):
    other = CartLineFactory()
    with pytest.raises(CartLine.DoesNotExist):
        adapter.replace_line(str(other.pk), ProductFactory().pk)


def test_remove_line_removes_only_that_line(adapter, cart):
    keep, drop = CartLineFactory(cart=cart), CartLineFactory(cart=cart)
    adapter.remove_line(str(drop.pk))
    assert list(CartLine.objects.values_list("pk", flat=True)) == [keep.pk]


def test_remove_line_leaves_another_shoppers_line_alone(adapter, cart):
    other = CartLineFactory()
    adapter.remove_line(str(other.pk))
    assert CartLine.objects.filter(pk=other.pk).exists()


def test_get_lines_reads_this_shoppers_cart(adapter, cart):
    line = CartLineFactory(cart=cart, quantity=2)
    CartLineFactory()  # someone else's
    (only,) = adapter.get_lines()
    assert (only.line_id, only.product_id, only.quantity) == (str(line.pk), line.product_id, 2)


def test_get_summary_reports_lines_at_the_agreed_prices_with_set_discounts(shop_request, cart):
    laptop = CartLineFactory(cart=cart, product__name="Sora Book 13", unit_price=148_800)
    sleeve = CartLineFactory(cart=cart, unit_price=3_280, quantity=2)
    agree_price(cart.session_key, sleeve, 2_980)
    agree_set_discount(cart.session_key, [laptop, sleeve], 1_500)
    summary = reread(shop_request).get_summary()
    assert summary.subtotal == 148_800 + 2 * 2_980
    assert summary.total == summary.subtotal - 1_500
    assert summary.lines[0]["line_id"] == str(laptop.pk)
    assert summary.lines[0]["title"] == "Sora Book 13"
    assert summary.lines[1]["unit_price"] == Decimal("2980")
    assert [d["amount"] for d in summary.discounts] == [Decimal("1500")]


def test_snapshot_shows_the_decision_the_agreed_prices(shop_request, cart):
    line = CartLineFactory(cart=cart, unit_price=3_000)
    agree_price(cart.session_key, line, 2_500)
    (snap,) = reread(shop_request).snapshot().lines
    assert snap.unit_price == Decimal("2500")


def test_lock_holds_the_carts_row_inside_its_own_transaction(adapter, cart):
    from django.db import connection

    with adapter.lock():
        assert connection.in_atomic_block


def test_catalog_adapter_reports_the_category_and_hides_inactive_products():
    shown = ProductFactory(category__slug="coffee")
    ProductFactory(is_active=False)
    products = ShopCatalogAdapter().get_products()
    assert list(products) == [shown.pk]
    assert products[shown.pk].categories == frozenset({"coffee"})
