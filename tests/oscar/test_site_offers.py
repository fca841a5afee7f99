"""The app keeps nothing in oscar's offer tables; its migrations remove the two site offers
earlier versions created, found by the app's own classes, and leave the shop's offers alone."""

from __future__ import annotations

import pytest

from .promotions import (
    Benefit,
    Condition,
    ConditionalOffer,
    old_site_offers,
    percent_off,
    run_the_apps_data_migrations,
)

pytestmark = pytest.mark.django_db


def test_a_new_install_gets_no_site_offers_from_the_apps_migrations():
    run_the_apps_data_migrations()

    assert not ConditionalOffer.objects.exists()


def test_the_migrations_remove_the_site_offers_earlier_versions_created():
    old_site_offers()

    run_the_apps_data_migrations()

    assert not ConditionalOffer.objects.exists()
    assert not Condition.objects.filter(proxy_class__startswith="upsell_app.").exists()
    assert not Benefit.objects.filter(proxy_class__startswith="upsell_app.").exists()


def test_the_migrations_keep_the_shops_own_offers_even_one_named_like_the_apps():
    old_site_offers()
    ConditionalOffer.objects.filter(name="Offer price").update(name="Offer price (upsell)")
    mine = percent_off("Offer price", 10, exclusive=True)
    voucher_offer = percent_off("Spring coupon", 10, exclusive=False, voucher_code="SPRING")

    run_the_apps_data_migrations()

    assert set(ConditionalOffer.objects.all()) == {mine, voucher_offer}
