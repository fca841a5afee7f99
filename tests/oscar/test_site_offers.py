"""The app's migration gives oscar two site offers that carry its terms into the totals."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from oscar.core.loading import get_model

from upsell_app.contrib.oscar.offers import PRIORITY

pytestmark = pytest.mark.django_db

migration = importlib.import_module("upsell_app.contrib.oscar.migrations.0002_site_offers")
ConditionalOffer = get_model("offer", "ConditionalOffer")


def test_the_migration_creates_both_offers_once_even_when_run_again():
    migration.create_offers(apps, None)
    migration.create_offers(apps, None)

    offers = ConditionalOffer.objects.order_by("name")
    assert [o.name for o in offers] == ["Offer price", "Set discount"]
    for offer in offers:
        assert (offer.offer_type, offer.exclusive) == (ConditionalOffer.SITE, False)
        assert (offer.priority, offer.max_basket_applications) == (PRIORITY, 1)
        assert offer.is_available()


def test_an_offer_name_already_taken_by_the_shop_is_kept_and_ours_is_told_apart():
    condition = get_model("offer", "Condition").objects.create(proxy_class="x.Y")
    benefit = get_model("offer", "Benefit").objects.create(proxy_class="x.Z")
    ConditionalOffer.objects.create(
        name="Offer price", slug="shop-offer-price", condition=condition, benefit=benefit
    )

    migration.create_offers(apps, None)

    assert set(ConditionalOffer.objects.values_list("name", flat=True)) == {
        "Offer price",
        "Offer price (upsell)",
        "Set discount",
    }


def test_reversing_the_migration_removes_only_the_apps_offers():
    migration.create_offers(apps, None)

    migration.remove_offers(apps, None)

    assert not ConditionalOffer.objects.exists()
    assert not get_model("offer", "Condition").objects.exists()
