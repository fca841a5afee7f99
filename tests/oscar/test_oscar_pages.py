"""Oscar's own offer pages keep working with the app installed: nothing of the app's is listed to
shoppers, and oscar's dashboard and Django's admin render offers built on the app's classes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upsell_app.contrib.oscar.benefits import AgreedPriceBenefit, SetDiscountBenefit
from upsell_app.contrib.oscar.conditions import AgreedPriceCondition, SetDiscountCondition

from .promotions import old_site_offers, percent_off, run_the_apps_data_migrations

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "proxy", [AgreedPriceCondition, SetDiscountCondition, AgreedPriceBenefit, SetDiscountBenefit]
)
def test_each_of_the_apps_conditions_and_benefits_prints_as_text(proxy):
    text = str(proxy())

    assert isinstance(text, str) and text


def test_oscars_offers_page_lists_the_shops_offers_and_none_of_the_apps(client, products):
    run_the_apps_data_migrations()
    percent_off("Ten percent off everything", 10, exclusive=True)

    response = client.get("/offers/")

    assert response.status_code == 200
    listed = [offer.name for offer in response.context["object_list"]]
    assert listed == ["Ten percent off everything"]


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_user(
        "shopowner", "owner@example.com", "a-long-password", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    return client


def test_the_dashboard_lists_and_shows_offers_beside_rows_of_the_apps_classes(staff_client):
    old = old_site_offers()  # a database restored from before the app's cleanup migration
    mine = percent_off("Ten percent off everything", 10, exclusive=True)

    pages = [
        reverse("dashboard:offer-list"),
        reverse("dashboard:offer-detail", args=[mine.pk]),
        reverse("dashboard:offer-detail", args=[old[0].pk]),
        # Editing an offer's condition and benefit lists every custom class, the app's too.
        reverse("dashboard:offer-condition", args=[mine.pk]),
        reverse("dashboard:offer-benefit", args=[mine.pk]),
    ]

    assert {url: staff_client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)


def test_django_admin_lists_offers_conditions_and_benefits_beside_the_apps(staff_client):
    old_site_offers()
    percent_off("Ten percent off everything", 10, exclusive=True)

    pages = [
        "/admin/offer/conditionaloffer/",
        "/admin/offer/condition/",
        "/admin/offer/benefit/",
    ]

    assert {url: staff_client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)
