"""One form per kind of offer: the kind is chosen first, and its form shows only its own fields."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import OfferFactory, ProductFactory
from upsell_app.models import Offer

from .offer_form import SUBSCRIPTION_TERMS, add_url, form_errors, offer_data

pytestmark = pytest.mark.django_db

KINDS = ("upsell", "cross_sell", "bundle", "subscription", "downsell")
#: The fields only some kinds use, and which kinds those are.
KIND_ONLY = {
    "target_products": {"upsell", "cross_sell", "bundle", "downsell"},
    "target_source": {"cross_sell", "bundle"},
    "interval_count": {"subscription"},
    "minimum_deliveries": {"subscription"},
    "shipping_fee": {"subscription"},
    "cancellation__en": {"subscription"},
}


def form_fields(client, url: str) -> set[str]:
    return set(client.get(url).context["adminform"].form.fields)


def test_the_add_page_asks_the_kind_first(admin_client):
    response = admin_client.get(add_url())

    html = response.content.decode()
    assert "adminform" not in response.context
    for kind in KINDS:
        assert f'href="{add_url()}?kind={kind}"' in html


def test_each_kind_is_explained_in_japanese_where_it_is_chosen(admin_client):
    admin_client.cookies["django_language"] = "ja"

    html = admin_client.get(add_url()).content.decode()

    assert "上位モデル" in html and "定期便" in html


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_form_shows_only_the_fields_that_kind_uses(admin_client, kind):
    fields = form_fields(admin_client, f"{add_url()}?kind={kind}")

    for field, kinds in KIND_ONLY.items():
        assert (field in fields) == (kind in kinds), field


def test_a_subscription_switch_shows_no_products_to_offer(admin_client):
    html = admin_client.get(f"{add_url()}?kind=subscription").content.decode()

    assert 'name="target_products"' not in html and 'name="target_source"' not in html


def test_the_kind_travels_hidden_with_the_form(admin_client):
    html = admin_client.get(f"{add_url()}?kind=bundle").content.decode()

    assert '<input type="hidden" name="kind" value="bundle"' in html


def test_a_saved_offer_links_to_changing_its_kind(admin_client):
    offer = OfferFactory(kind="upsell")
    url = reverse("admin:upsell_app_offer_change", args=[offer.pk])

    chooser = admin_client.get(url + "?choose_kind=1").content.decode()

    assert f'href="{url}?kind=subscription"' in chooser
    assert "upsell-kind-choice current" in chooser


def test_changing_the_kind_shows_the_new_kinds_form_and_says_what_saving_does(admin_client):
    offer = OfferFactory(kind="upsell")
    url = reverse("admin:upsell_app_offer_change", args=[offer.pk])

    response = admin_client.get(url + "?kind=subscription")

    assert "interval_count" in response.context["adminform"].form.fields
    assert "target_products" not in response.context["adminform"].form.fields
    assert "upsell-kind-change" in response.content.decode()


def test_saving_a_changed_kind_converts_the_offer_and_drops_its_products_to_offer(admin_client):
    coffee = ProductFactory(price=Decimal("1500"))
    admin_client.post(
        add_url(),
        offer_data("cross_sell", sources=[coffee], targets=[ProductFactory()], name="Beans"),
    )
    offer = Offer.objects.get()
    url = reverse("admin:upsell_app_offer_change", args=[offer.pk])

    response = admin_client.post(
        url + "?kind=subscription",
        offer_data("subscription", sources=[coffee], triggers=["cart_view"], **SUBSCRIPTION_TERMS),
    )

    assert response.status_code == 302, form_errors(response)
    offer.refresh_from_db()
    assert offer.kind == "subscription" and offer.interval_unit == "month"
    assert not offer.target_products.exists()


def test_a_form_posted_without_a_kind_asks_for_it(admin_client):
    data = offer_data("upsell")
    data.pop("kind")

    response = admin_client.post(add_url(), data)

    assert "kind" in form_errors(response)


def test_every_placeholder_the_popup_fills_has_a_button_with_its_meaning():
    from upsell_app.admin.placeholders import MEANINGS
    from upsell_app.offers.validation import PLACEHOLDERS

    assert set(MEANINGS) == PLACEHOLDERS


def test_the_placeholder_buttons_name_what_they_insert_in_japanese(admin_client):
    admin_client.cookies["django_language"] = "ja"

    html = admin_client.get(f"{add_url()}?kind=upsell").content.decode()

    assert 'data-insert="{difference}"' in html and ">差額</button>" in html
