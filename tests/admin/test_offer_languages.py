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


def _arm_data(data: dict, arm, **texts: str) -> dict:  # noqa: ANN001 - an OfferVariant
    """The change form with one existing A/B arm in the inline, its texts as given."""
    return {
        **data,
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-0-id": str(arm.pk),
        "variants-0-offer": str(arm.offer_id),
        "variants-0-name": arm.name,
        "variants-0-weight": "1",
        "variants-0-is_active": "on",
        "variants-0-discount_type": "",
        "variants-0-discount_value": "",
        **{f"variants-0-{name}": value for name, value in texts.items()},
    }


def test_saving_the_japanese_tab_writes_the_arms_japanese_texts_and_keeps_its_english(
    admin_client, offer
):
    from tests.factories import OfferVariantFactory

    cheap, dear, data = offer
    admin_client.post("/admin/upsell_app/offer/add/?language=en", data)
    saved = Offer.objects.get()
    arm = OfferVariantFactory(offer=saved, name="B", headline="Never run out")

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/?language=ja",
        _arm_data(data, arm, headline="もう切らさない", value_message="あと{difference}"),
    )

    assert response.status_code == 302, form_errors(response)
    assert arm.texts_by_language() == {
        "en": {"headline": "Never run out"},
        "ja": {"headline": "もう切らさない", "value_message": "あと{difference}"},
    }


def test_the_japanese_tab_shows_the_arms_japanese_headline(admin_client, offer):
    from tests.factories import OfferVariantFactory

    cheap, dear, data = offer
    admin_client.post("/admin/upsell_app/offer/add/?language=en", data)
    saved = Offer.objects.get()
    japanese = {"ja": {"headline": "もう切らさない"}}
    OfferVariantFactory(offer=saved, name="B", headline="Never run out", texts=japanese)

    page = admin_client.get(f"/admin/upsell_app/offer/{saved.pk}/change/?language=ja")

    html = page.content.decode()
    assert 'value="もう切らさない"' in html and "Never run out" not in html
