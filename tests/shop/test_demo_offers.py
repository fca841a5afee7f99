"""The demo's offers, end to end: each shop moment brings the offer a shopper should see."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from shop_demo.shop.models import CartLine, Product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    call_command("load_demo", stdout=StringIO())


def add(client, slug):
    client.post(reverse("shop:add", args=[slug]), {"quantity": 1})
    return Product.objects.get(slug=slug)


def offer_for(client, trigger, product=None):
    params = {"trigger": trigger}
    if product is not None:
        params["product_id"] = product.pk
    response = client.get(reverse("upsell:offer-list"), params)
    assert response.status_code == 200
    return response.json()["offer"]


def offer_in(page):
    """The offer a page decided while it rendered (embedded for the widget)."""
    config = re.search(
        r'<script id="upsell-config" type="application/json">(.*?)</script>', page.content.decode()
    )
    return json.loads(config.group(1))["offer"]


def titles(offer):
    return [choice["title"] for choice in offer["choices"]]


def test_adding_the_128_gb_phone_offers_more_storage(client):
    phone = add(client, "aozora-phone-128")
    offer = offer_for(client, "add_to_cart", phone)
    assert offer["kind"] == "upsell"
    assert set(titles(offer)) == {"Aozora Phone 256 GB", "Aozora Phone Pro 256 GB"}
    assert offer["message"].startswith("Twice the storage for ¥")


def test_adding_the_pro_phone_offers_its_essentials(client):
    phone = add(client, "aozora-phone-pro-256")
    offer = offer_for(client, "add_to_cart", phone)
    assert offer["kind"] == "cross_sell"
    assert set(titles(offer)) == {
        "Aozora Phone Clear Case", "Tempered Glass Screen Protector",
        "Nami Wireless Earbuds (Noise Cancelling)",
    }


def test_a_laptop_in_the_cart_offers_the_work_set(client):
    add(client, "sora-book-13")
    offer = offer_for(client, "cart_view")
    assert offer["kind"] == "bundle"
    items = set(offer["bundle"]["items"])
    assert {"Laptop Sleeve 13\" (Wool Felt)", "Quiet Wireless Mouse"} <= items


def test_coffee_beans_in_the_cart_offer_the_subscription_with_its_terms(client):
    add(client, "hinata-blend-200g")
    offer = offer_for(client, "cart_view")
    assert offer["kind"] == "subscription"
    assert offer["choices"][0]["price_display"] == "¥1,512"
    values = {term["value"] for term in offer["subscription"]["terms"]}
    assert {"Ships with this order", "Charged when each delivery ships"} <= values


def test_checkout_offers_the_subscription_too(client):
    add(client, "hinata-blend-500g")
    checkout = client.get(reverse("shop:checkout"))  # the checkout page is the moment
    assert offer_in(checkout)["kind"] == "subscription"


def test_removing_the_pro_phone_offers_a_lighter_one(client):
    phone = add(client, "aozora-phone-pro-256")
    line = CartLine.objects.get(product=phone)
    client.post(reverse("shop:cart_update"), {"remove": str(line.pk)})
    offer = offer_for(client, "item_removed", phone)
    assert offer["kind"] == "downsell"
    assert set(titles(offer)) == {
        "Aozora Phone 128 GB", "Aozora Phone 128 GB (Certified Refurbished)"
    }


def test_a_completed_order_brings_one_small_thank_you(client):
    add(client, "sora-book-lite-13")
    client.post(reverse("shop:checkout"), {"name": "Taro", "email": "taro@example.jp"})
    offer = offer_for(client, "order_completed")
    assert offer["kind"] == "cross_sell"
    assert titles(offer) == ["Drip Bag Coffee (10 bags)"]
    assert offer["choices"][0]["price_display"] == "¥960"


def test_a_session_that_never_ordered_gets_no_thank_you_offer(client):
    add(client, "nami-buds-compact")
    assert offer_for(client, "order_completed") is None
