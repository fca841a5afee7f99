"""The catalogue adapter prices oscar products as oscar shows them: through a strategy, tax
included when the strategy knows the tax; what oscar cannot sell is never offered."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import RequestFactory
from oscar.apps.partner import strategy
from oscar.core.loading import get_model

from upsell_app.contrib.oscar.adapters import OscarCatalogAdapter
from upsell_app.contrib.oscar.middleware import CurrentRequestMiddleware

pytestmark = pytest.mark.django_db


class JapaneseConsumptionTax(
    strategy.UseFirstStockRecord, strategy.StockRequired, strategy.FixedRateTax, strategy.Structured
):
    """Stock records hold prices before tax; shoppers see them with 10% consumption tax."""

    rate = Decimal("0.10")


def test_prices_come_from_the_strategy_tax_included(products):
    phone = products["phone-128"]

    info = OscarCatalogAdapter(JapaneseConsumptionTax()).get_products([phone.pk])[phone.pk]

    assert info.price == Decimal("107800.00")  # ¥98,000 before tax
    assert info.title == "Aozora Phone 128 GB"
    assert info.url == phone.get_absolute_url()
    assert info.categories == frozenset({"phones"})


def test_the_default_strategy_prices_the_stock_record_as_it_stands(products):
    phone = products["phone-128"]

    assert OscarCatalogAdapter().get_products([phone.pk])[phone.pk].price == Decimal("98000")


def test_while_a_request_is_served_its_own_strategy_prices(products):
    phone = products["phone-128"]
    request = RequestFactory().get("/")
    request.strategy = JapaneseConsumptionTax()
    seen = {}

    def view(request):
        seen["price"] = OscarCatalogAdapter().get_products([phone.pk])[phone.pk].price

    CurrentRequestMiddleware(view)(request)

    assert seen["price"] == Decimal("107800.00")


def test_stock_follows_the_stock_record_and_unsellable_products_have_none(products):
    camera, bag = products["camera"], products["camera-bag"]
    get_model("partner", "StockRecord").objects.filter(product=bag).update(num_in_stock=0)
    record = camera.stockrecords.get()
    record.num_allocated = 3
    record.save()

    infos = OscarCatalogAdapter().get_products([camera.pk, bag.pk])

    assert infos[camera.pk].stock == 500 - 3
    assert infos[bag.pk].stock == 0
    assert not infos[bag.pk].in_stock


def test_parent_products_are_never_offered_their_children_are(products):
    product_model = get_model("catalogue", "Product")
    phone = products["phone-128"]
    parent = product_model.objects.create(
        title="Aozora Phone", structure=product_model.PARENT, product_class=phone.product_class
    )
    child = product_model.objects.create(title="", structure=product_model.CHILD, parent=parent)
    get_model("partner", "StockRecord").objects.create(
        product=child,
        partner=phone.stockrecords.get().partner,
        partner_sku="phone-child",
        price=Decimal("90000"),
        num_in_stock=5,
    )

    infos = OscarCatalogAdapter().get_products(None)

    assert parent.pk not in infos
    assert infos[child.pk].title == "Aozora Phone"
    assert infos[child.pk].price == Decimal("90000")
