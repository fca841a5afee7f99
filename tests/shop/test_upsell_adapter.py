"""The demo shop's CartAdapter: what upsell_app does to the cart goes through these methods."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartDiscount, CartLine
from shop_demo.shop.upsell_adapter import ShopCartAdapter, ShopCatalogAdapter
from tests.factories import CartFactory, CartLineFactory, ProductFactory
from upsell_app.adapters import SubscriptionPlan
from upsell_app.selection.types import SubscriptionTerms

pytestmark = pytest.mark.django_db

TERMS = SubscriptionTerms(
    interval_count=2, interval_unit="week", first_delivery="Ships with this order",
    payment_timing="Charged when each delivery ships", minimum_deliveries=0,
    cancellation="Cancel or skip online any time up to 5 days before the next delivery.",
)


@pytest.fixture
def adapter(shop_request):
    return ShopCartAdapter(shop_request)


@pytest.fixture
def cart(shop_request):
    return CartFactory(session_key=shop_request.session.session_key)


def test_add_line_stores_the_price_and_offer_it_was_given(adapter, cart):
    product = ProductFactory(price=2_980)
    line_id = adapter.add_line(product.pk, 1, Decimal("2384"), offer_id=7)
    line = CartLine.objects.get(pk=line_id)
    assert (line.cart, line.product, line.unit_price, line.offer_id) == (
        cart, product, 2_384, 7
    )


def test_add_line_creates_the_cart_when_the_shopper_has_none(adapter, shop_request):
    line_id = adapter.add_line(ProductFactory().pk, 1, Decimal("100"), offer_id=1)
    line = CartLine.objects.get(pk=line_id)
    assert line.cart.session_key == shop_request.session.session_key


def test_replace_line_swaps_product_and_price_and_keeps_quantity(adapter, cart):
    line = CartLineFactory(cart=cart, quantity=2, unit_price=89_800)
    better = ProductFactory(price=104_800)
    assert adapter.replace_line(str(line.pk), better.pk, Decimal("104800"), offer_id=3) == str(
        line.pk
    )
    line.refresh_from_db()
    assert (line.product, line.quantity, line.unit_price, line.offer_id) == (
        better, 2, 104_800, 3
    )


def test_replace_line_refuses_another_shoppers_line(adapter, cart):
    other = CartLineFactory()
    with pytest.raises(CartLine.DoesNotExist):
        adapter.replace_line(str(other.pk), ProductFactory().pk, Decimal("1"), offer_id=1)


def test_remove_line_removes_only_that_line(adapter, cart):
    keep, drop = CartLineFactory(cart=cart), CartLineFactory(cart=cart)
    adapter.remove_line(str(drop.pk))
    assert list(CartLine.objects.values_list("pk", flat=True)) == [keep.pk]


def test_remove_line_leaves_another_shoppers_line_alone(adapter, cart):
    other = CartLineFactory()
    adapter.remove_line(str(other.pk))
    assert CartLine.objects.filter(pk=other.pk).exists()


def test_convert_to_subscription_stores_price_and_every_term(adapter, cart):
    line = CartLineFactory(cart=cart, unit_price=1_680)
    plan = SubscriptionPlan(offer_id=9, price_per_delivery=Decimal("1512"), terms=TERMS)
    adapter.convert_to_subscription(str(line.pk), plan)
    line.refresh_from_db()
    assert (line.is_subscription, line.unit_price, line.offer_id) == (True, 1_512, 9)
    assert line.subscription_terms == {
        "interval_count": 2, "interval_unit": "week",
        "first_delivery": "Ships with this order",
        "payment_timing": "Charged when each delivery ships", "minimum_deliveries": 0,
        "cancellation": TERMS.cancellation,
    }


def test_apply_bundle_discount_applies_once_per_bundle_key(adapter, cart):
    adapter.apply_bundle_discount("bundle-5", Decimal("1600"), "Work set", offer_id=5)
    adapter.apply_bundle_discount("bundle-5", Decimal("1600"), "Work set", offer_id=5)
    assert list(CartDiscount.objects.values_list("key", "amount", "offer_id")) == [
        ("bundle-5", 1_600, 5)
    ]


def test_revoke_bundle_discount_removes_it(adapter, cart):
    adapter.apply_bundle_discount("bundle-5", Decimal("1600"), "Work set", offer_id=5)
    adapter.revoke_bundle_discount("bundle-5")
    assert not CartDiscount.objects.exists()


def test_get_summary_reports_lines_discounts_and_totals(adapter, cart):
    line = CartLineFactory(cart=cart, product__name="Sora Book 13", unit_price=148_800)
    CartLineFactory(cart=cart, unit_price=3_280, quantity=2)
    adapter.apply_bundle_discount("bundle-5", Decimal("15556"), "Work set", offer_id=5)
    summary = adapter.get_summary()
    assert summary.subtotal == 155_360
    assert summary.total == 139_804
    assert summary.lines[0]["line_id"] == str(line.pk)
    assert summary.lines[0]["title"] == "Sora Book 13"
    assert summary.discounts == ({"key": "bundle-5", "label": "Work set",
                                  "amount": Decimal("15556")},)


def test_get_lines_reads_this_shoppers_cart(adapter, cart):
    line = CartLineFactory(cart=cart, quantity=2, is_subscription=True)
    CartLineFactory()  # someone else's
    (only,) = adapter.get_lines()
    assert (only.line_id, only.product_id, only.quantity, only.is_subscription) == (
        str(line.pk), line.product_id, 2, True
    )


def test_catalog_adapter_reports_the_category_and_hides_inactive_products():
    shown = ProductFactory(category__slug="coffee")
    ProductFactory(is_active=False)
    products = ShopCatalogAdapter().get_products()
    assert list(products) == [shown.pk]
    assert products[shown.pk].categories == frozenset({"coffee"})
