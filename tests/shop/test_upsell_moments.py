"""Each shop page hands the pop-up its moment: what just happened wins over the page itself."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.factories import CartLineFactory, OfferFactory, ProductFactory

pytestmark = pytest.mark.django_db


def widget_config(response) -> dict:
    html = response.content.decode()
    configs = re.findall(r'<script id="upsell-config" type="application/json">(.*?)</script>', html)
    assert len(configs) == 1, "every page renders exactly one widget"
    return json.loads(configs[0])


def test_page_after_add_to_cart_fires_add_to_cart_for_that_product(client):
    product = ProductFactory()
    response = client.post(reverse("shop:add", args=[product.slug]), {"quantity": 1}, follow=True)
    config = widget_config(response)
    assert (config["trigger"], config["productId"]) == ("add_to_cart", product.pk)


def test_cart_page_without_a_pending_moment_fires_cart_view(client, client_cart):
    CartLineFactory(cart=client_cart)
    assert widget_config(client.get(reverse("shop:cart")))["trigger"] == "cart_view"


def test_cart_page_after_a_removal_decides_item_removed_first(client, client_cart):
    line = CartLineFactory(cart=client_cart)
    response = client.post(reverse("shop:cart_update"), {"remove": str(line.pk)}, follow=True)
    config = widget_config(response)
    # No downsell is configured: the removal is decided with no offer, then the page's own moment.
    assert (config["noOfferFor"], config["trigger"]) == ("item_removed", "cart_view")


def test_cart_page_after_a_removal_fires_item_removed_when_it_has_an_offer(client, client_cart):
    line = CartLineFactory(cart=client_cart)
    cheaper = ProductFactory(price=line.product.price - 1)
    OfferFactory(
        kind="downsell", triggers=["item_removed"], sources=[line.product], targets=[cheaper]
    )
    response = client.post(reverse("shop:cart_update"), {"remove": str(line.pk)}, follow=True)
    config = widget_config(response)
    assert (config["trigger"], config["productId"]) == ("item_removed", line.product_id)


def test_catalogue_without_a_pending_moment_fires_nothing(client):
    assert widget_config(client.get(reverse("shop:catalogue")))["trigger"] is None


def test_checkout_page_fires_checkout_start(client, client_cart):
    CartLineFactory(cart=client_cart)
    assert widget_config(client.get(reverse("shop:checkout")))["trigger"] == "checkout_start"


def test_confirmation_page_fires_order_completed(client, client_cart):
    CartLineFactory(cart=client_cart)
    response = client.post(
        reverse("shop:checkout"), {"name": "Taro", "email": "taro@example.jp"}, follow=True
    )
    assert widget_config(response)["trigger"] == "order_completed"
