"""Every kind of offer can be configured through the admin add view."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import OfferFactory, ProductFactory
from upsell_app.models import Offer

from .offer_form import SUBSCRIPTION_TERMS, add_url, changelist_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


def _add(client, data):
    response = client.post(add_url(), data)
    assert response.status_code == 302, form_errors(response)
    assert response.url == changelist_url()
    return Offer.objects.get(name=data["name"])


def test_upsell_offer_is_created_with_its_source_and_dearer_target(admin_client):
    phone = ProductFactory(name="Phone 16", price=Decimal("100000"))
    pro = ProductFactory(name="Phone 16 Pro", price=Decimal("130000"))

    offer = _add(admin_client, offer_data("upsell", sources=[phone], targets=[pro]))

    assert offer.kind == "upsell"
    assert list(offer.source_products.all()) == [phone]
    assert list(offer.target_products.all()) == [pro]
    assert offer.triggers == ["add_to_cart"]


def test_cross_sell_offer_is_created_with_several_triggers(admin_client):
    camera = ProductFactory(name="Camera")
    card = ProductFactory(name="Memory card", price=Decimal("3000"))

    offer = _add(
        admin_client,
        offer_data(
            "cross_sell", sources=[camera], targets=[card], triggers=["add_to_cart", "cart_view"]
        ),
    )

    assert offer.kind == "cross_sell"
    assert sorted(offer.triggers) == ["add_to_cart", "cart_view"]
    assert list(offer.target_products.all()) == [card]


def test_bundle_offer_is_created_with_its_package_discount(admin_client):
    # 3% of the whole package (4,710) stays below what the set adds (7,000): nothing is free.
    laptop = ProductFactory(name="Laptop", price=Decimal("150000"))
    mouse = ProductFactory(name="Mouse", price=Decimal("4000"))
    sleeve = ProductFactory(name="Sleeve", price=Decimal("3000"))

    offer = _add(
        admin_client,
        offer_data(
            "bundle",
            sources=[laptop],
            targets=[mouse, sleeve],
            discount_type="percent",
            discount_value="3",
            headline="Complete the set and save {saving}",
        ),
    )

    assert offer.kind == "bundle"
    assert set(offer.target_products.all()) == {mouse, sleeve}
    assert (offer.discount_type, offer.discount_value) == ("percent", Decimal("3"))


def test_subscription_offer_is_created_with_every_term(admin_client):
    coffee = ProductFactory(name="Coffee beans", price=Decimal("1500"))

    offer = _add(
        admin_client,
        offer_data(
            "subscription",
            sources=[coffee],
            triggers=["cart_view"],
            discount_type="percent",
            discount_value="10",
            headline="Subscribe and save {saving}",
            **SUBSCRIPTION_TERMS,
        ),
    )

    assert offer.kind == "subscription"
    assert (offer.interval_count, offer.interval_unit) == (1, "month")
    assert offer.minimum_deliveries == 0
    assert offer.cancellation.startswith("Cancel or skip")
    assert not offer.target_products.exists()


def test_downsell_offer_is_created_for_a_moment_of_hesitation(admin_client):
    large = ProductFactory(name="Large plan", price=Decimal("3000"))
    small = ProductFactory(name="Small plan", price=Decimal("1000"))

    offer = _add(
        admin_client,
        offer_data(
            "downsell",
            sources=[large],
            targets=[small],
            triggers=["item_removed", "checkout_start"],
            headline="Keep it lighter: {product} saves {saving}",
        ),
    )

    assert offer.kind == "downsell"
    assert list(offer.target_products.all()) == [small]


def test_schedule_is_saved_from_the_split_date_and_time_inputs(admin_client):
    source, target = ProductFactory(), ProductFactory()

    offer = _add(
        admin_client,
        offer_data(
            "cross_sell",
            sources=[source],
            targets=[target],
            starts_at_0="2030-01-01",
            starts_at_1="09:00:00",
            ends_at_0="2030-01-31",
            ends_at_1="23:59:00",
        ),
    )

    assert offer.starts_at is not None and offer.ends_at is not None
    assert offer.starts_at < offer.ends_at


@pytest.mark.parametrize("kind", ["upsell", "cross_sell", "bundle", "subscription", "downsell"])
def test_created_offer_appears_in_the_changelist(admin_client, kind):
    cheap = ProductFactory(price=Decimal("1000"))
    dear = ProductFactory(price=Decimal("2000"))
    sources, targets, triggers, extra = {
        "upsell": ([cheap], [dear], ["add_to_cart"], {}),
        "cross_sell": ([cheap], [dear], ["add_to_cart"], {}),
        "bundle": ([cheap], [dear], ["cart_view"], {}),
        "subscription": ([cheap], [], ["cart_view"], SUBSCRIPTION_TERMS),
        "downsell": ([dear], [cheap], ["item_removed"], {}),
    }[kind]
    data = offer_data(
        kind, sources=sources, targets=targets, triggers=triggers, name=f"Listed {kind}", **extra
    )
    _add(admin_client, data)

    response = admin_client.get(changelist_url())

    assert response.status_code == 200
    assert f"Listed {kind}" in response.content.decode()


def test_add_form_renders_triggers_as_checkboxes(admin_client):
    response = admin_client.get(add_url() + "?kind=cross_sell")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="checkbox" name="triggers" value="add_to_cart"' in html
    assert 'name="source_products"' in html and 'name="target_products"' in html


def test_an_upsell_form_has_no_subscription_terms(admin_client):
    response = admin_client.get(add_url() + "?kind=upsell")

    assert "Subscription terms" not in [f.name for f in response.context["adminform"]]


def test_subscription_terms_are_open_when_editing_a_subscription(admin_client):
    offer = OfferFactory(kind="subscription", triggers=["cart_view"])

    response = admin_client.get(reverse("admin:upsell_app_offer_change", args=[offer.pk]))

    (terms,) = [f for f in response.context["adminform"] if f.name == "Subscription terms"]
    assert not terms.is_collapsible
