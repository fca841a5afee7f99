"""An A/B arm on its own admin page: the same form as in the offer's page, its texts in every
shop language at once under language tabs."""

from __future__ import annotations

import pytest

from tests.factories import OfferFactory, OfferVariantFactory
from upsell_app.models import OfferVariant

pytestmark = pytest.mark.django_db

ADD = "/admin/upsell_app/offervariant/add/"


def _arm(offer, **texts: str) -> dict:  # noqa: ANN001 - an Offer
    return {
        "offer": offer.pk, "name": "B", "weight": "1", "is_active": "on",
        "discount_type": "", "discount_value": "", **texts,
    }


def test_the_arms_page_has_its_texts_in_every_language_under_tabs(admin_client):
    html = admin_client.get(ADD).content.decode()

    for name in ("headline__en", "headline__ja", "value_message__en", "value_message__ja"):
        assert f'name="{name}"' in html
    assert 'class="upsell-language-tabs"' in html
    assert "parler-language-tabs" not in html


def test_one_save_on_the_arms_page_stores_its_english_and_japanese_texts(admin_client):
    offer = OfferFactory()

    response = admin_client.post(
        ADD, _arm(offer, headline__en="Never run out", headline__ja="もう切らさない")
    )

    assert response.status_code == 302
    assert OfferVariant.objects.get().texts_by_language() == {
        "en": {"headline": "Never run out"}, "ja": {"headline": "もう切らさない"},
    }


def test_the_arms_page_shows_the_texts_saved_in_each_language(admin_client):
    japanese_text = {"ja": {"headline": "もう切らさない"}}
    arm = OfferVariantFactory(headline="Never run out", texts=japanese_text)

    page = admin_client.get(f"/admin/upsell_app/offervariant/{arm.pk}/change/")

    form = page.context["adminform"].form

    assert form["headline__en"].value() == "Never run out"
    assert form["headline__ja"].value() == "もう切らさない"


def test_a_control_group_with_a_japanese_text_is_refused_on_the_arms_page(admin_client):
    offer = OfferFactory()

    response = admin_client.post(
        ADD, {**_arm(offer, headline__ja="もう切らさない"), "is_control": "on"}
    )

    assert response.status_code == 200
    assert "is_control" in response.context["adminform"].form.errors
    assert not OfferVariant.objects.exists()
