"""The offer admin edits texts one language tab at a time; the other languages are left alone."""

from __future__ import annotations

import pytest

from tests.factories import ProductFactory
from upsell_app.models import Offer

from .offer_form import form_errors, offer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    cheap, dear = ProductFactory(price=1000), ProductFactory(price=2000)
    data = offer_data("upsell", sources=[cheap], targets=[dear])
    return cheap, dear, data


def test_change_page_has_a_tab_per_shop_language(admin_client, offer):
    cheap, dear, data = offer
    admin_client.post("/admin/upsell_app/offer/add/?language=en", data)
    saved = Offer.objects.get()

    page = admin_client.get(f"/admin/upsell_app/offer/{saved.pk}/change/")

    html = page.content.decode()
    assert "parler-language-tabs" in html
    assert "?language=ja" in html and "?language=en" in html


def test_saving_the_japanese_tab_adds_japanese_texts_and_keeps_the_english(admin_client, offer):
    cheap, dear, data = offer
    admin_client.post("/admin/upsell_app/offer/add/?language=en", data)
    saved = Offer.objects.get()

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/?language=ja",
        {**data, "headline": "{product}にしませんか", "value_message": "あと{difference}"},
    )

    assert response.status_code == 302, form_errors(response)
    texts = {t.language_code: t.headline for t in saved.translations.all()}
    assert texts == {"en": "Make it {product}", "ja": "{product}にしませんか"}


def test_a_subscription_term_left_empty_on_a_tab_falls_back_and_is_accepted(admin_client):
    from .offer_form import SUBSCRIPTION_TERMS

    coffee = ProductFactory(price=1500)
    data = offer_data("subscription", sources=[coffee], triggers=["cart_view"],
                      **SUBSCRIPTION_TERMS)
    admin_client.post("/admin/upsell_app/offer/add/?language=en", data)
    saved = Offer.objects.get()

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/?language=ja",
        {**data, "headline": "定期便", "payment_method": ""},  # not translated yet
    )

    assert response.status_code == 302, form_errors(response)
