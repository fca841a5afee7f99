"""The demo's order history gives its cross-sell pop-ups learned partners (issue 3, point 4)."""

import pytest
from django.core.management import call_command
from django.test import Client

from shop_demo.shop.models import Product
from upsell_app.associations import storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_with_history():
    call_command("load_demo", verbosity=0)
    call_command("demo_order_history", orders=1500, verbosity=0)
    call_command("upsell_associations", "--full", "--no-progress", verbosity=0)


def test_cart_without_a_hand_picked_offer_shows_what_shoppers_also_bought(demo_with_history):
    client = Client()
    earbuds = Product.objects.get(slug="nami-earbuds")
    client.post(f"/p/{earbuds.slug}/add/", {"quantity": 1})

    offer = client.get("/upsell/api/offers/?trigger=cart_view").json()["offer"]

    assert offer["kind"] == "cross_sell"
    assert offer["headline"] == "Customers who bought this also bought"
    assert offer["reason"] == f"Often bought together with {earbuds.name}"
    offered = {choice["product_id"] for choice in offer["choices"]}
    assert offered and earbuds.pk not in offered


def test_learned_suggestions_for_earbuds_are_no_substitutes_and_stay_in_the_price_band(
    demo_with_history,
):
    client = Client()
    earbuds = Product.objects.get(slug="nami-earbuds")
    client.post(f"/p/{earbuds.slug}/add/", {"quantity": 1})

    offer = client.get("/upsell/api/offers/?trigger=cart_view").json()["offer"]

    lifts = {r["product_id"]: r["lift"] for r in storage.partner_table(earbuds.pk)}
    offered = Product.objects.filter(pk__in=[c["product_id"] for c in offer["choices"]])
    assert offered
    for product in offered:
        assert lifts[product.pk] > 1.0
        assert product.family != earbuds.family
        # Same category only as a complement: often bought together (LEARNED_SUBSTITUTE_LIFT).
        assert product.category_id != earbuds.category_id or lifts[product.pk] >= 1.5
        assert product.price <= 3 * earbuds.price
