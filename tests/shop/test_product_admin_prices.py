"""The demo's product admin refuses a negative price (it would reach carts as a gift)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop_demo.shop.models import Product
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def _product_form(category, price: str) -> dict:
    return {
        "slug": "broken-kettle", "name": "Kettle", "category": str(category.pk), "family": "",
        "description": "", "price": price, "cost": "", "stock": "5", "image_url": "",
        "is_active": "on",
    }  # fmt: skip


def test_product_admin_refuses_a_negative_price_with_a_message(admin_client):
    response = admin_client.post(
        reverse("admin:shop_product_add"), _product_form(CategoryFactory(), "-9800")
    )

    assert response.status_code == 200
    assert "This amount cannot be negative." in response.content.decode()
    assert not Product.objects.exists()


def test_product_admin_saves_a_positive_price(admin_client):
    response = admin_client.post(
        reverse("admin:shop_product_add"), _product_form(CategoryFactory(), "9800")
    )

    assert response.status_code == 302
    assert Product.objects.get().price == Decimal("9800")
