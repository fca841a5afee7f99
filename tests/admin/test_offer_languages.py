"""The offer form carries every shop language's texts at once: it opens on the admin's language,
the tabs switch in the page (no reload, nothing typed is lost) and one save stores every language.
"""

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


def japanese(client):
    client.cookies["django_language"] = "ja"
    return client


def test_the_add_form_has_the_texts_of_every_shop_language(admin_client):
    html = admin_client.get("/admin/upsell_app/offer/add/?kind=upsell").content.decode()

    for name in ("headline__en", "headline__ja", "value_message__en", "value_message__ja"):
        assert f'name="{name}"' in html


def test_the_language_tabs_switch_in_the_page_not_by_reloading_it(admin_client):
    html = admin_client.get("/admin/upsell_app/offer/add/?kind=upsell").content.decode()

    assert 'class="upsell-language-tabs"' in html
    assert 'data-language="ja"' in html
    assert "parler-language-tabs" not in html and "?language=ja" not in html


def test_the_form_opens_on_the_admins_own_language(admin_client):
    response = japanese(admin_client).get("/admin/upsell_app/offer/add/?kind=upsell")

    assert response.context["text_language"] == "ja"
    assert 'data-initial="ja"' in response.content.decode()


def test_an_english_admin_opens_the_form_on_english(admin_client):
    response = admin_client.get("/admin/upsell_app/offer/add/?kind=upsell")

    assert response.context["text_language"] == "en"


def test_one_save_stores_the_texts_of_every_language(admin_client, offer):
    _cheap, _dear, data = offer
    data = {**data, "headline__ja": "{product}にしませんか"}

    response = admin_client.post("/admin/upsell_app/offer/add/", data)

    assert response.status_code == 302, form_errors(response)
    texts = {t.language_code: t.headline for t in Offer.objects.get().translations.all()}
    assert texts == {"en": "Make it {product}", "ja": "{product}にしませんか"}


def test_editing_one_language_keeps_the_other_languages_texts(admin_client, offer):
    _cheap, _dear, data = offer
    admin_client.post("/admin/upsell_app/offer/add/", {**data, "headline__ja": "上位モデルへ"})
    saved = Offer.objects.get()
    page = admin_client.get(f"/admin/upsell_app/offer/{saved.pk}/change/")
    form = page.context["adminform"].form
    assert form["headline__ja"].value() == "上位モデルへ"

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/",
        {**data, "headline__en": "Go {product}", "headline__ja": "上位モデルへ"},
    )

    assert response.status_code == 302, form_errors(response)
    texts = {t.language_code: t.headline for t in saved.translations.all()}
    assert texts == {"en": "Go {product}", "ja": "上位モデルへ"}


def test_a_headline_in_one_language_is_enough(admin_client, offer):
    _cheap, _dear, data = offer
    data = {**data, "headline__en": "", "value_message__en": "", "headline__ja": "上位モデルへ"}

    response = admin_client.post("/admin/upsell_app/offer/add/", data)

    assert response.status_code == 302, form_errors(response)
    assert [t.language_code for t in Offer.objects.get().translations.all()] == ["ja"]


def test_an_offer_without_any_headline_is_refused_on_the_admins_language(admin_client, offer):
    _cheap, _dear, data = offer
    data = {**data, "headline__en": ""}

    response = japanese(admin_client).post("/admin/upsell_app/offer/add/", data)

    assert response.status_code == 200
    assert list(form_errors(response)) == ["headline__ja"]


def test_a_subscription_term_left_empty_in_one_language_falls_back_and_is_accepted(admin_client):
    from .offer_form import SUBSCRIPTION_TERMS

    coffee = ProductFactory(price=1500)
    data = offer_data("subscription", sources=[coffee], triggers=["cart_view"],
                      **SUBSCRIPTION_TERMS)
    data = {**data, "headline__ja": "定期便", "payment_method__ja": ""}  # not translated yet

    response = admin_client.post("/admin/upsell_app/offer/add/", data)

    assert response.status_code == 302, form_errors(response)


def _arm_data(data: dict, arm=None, **texts: str) -> dict:  # noqa: ANN001 - an OfferVariant
    """The change form with one A/B arm in the inline (saved, or new when ``arm`` is None), its
    texts posted per language as given (``headline__ja=...``)."""
    row = {
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1" if arm else "0",
        "variants-0-name": arm.name if arm else "B",
        "variants-0-weight": "1",
        "variants-0-is_active": "on",
        "variants-0-discount_type": "",
        "variants-0-discount_value": "",
        **{f"variants-0-{name}": value for name, value in texts.items()},
    }
    if arm:
        row.update({"variants-0-id": str(arm.pk), "variants-0-offer": str(arm.offer_id)})
    return {**data, **row}


def _saved_offer(client, data: dict) -> Offer:  # noqa: ANN001 - a test client
    client.post("/admin/upsell_app/offer/add/", data)
    return Offer.objects.get()


def test_one_save_stores_an_arms_english_and_japanese_texts(admin_client, offer):
    _cheap, _dear, data = offer
    saved = _saved_offer(admin_client, data)

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/",
        _arm_data(
            data,
            headline__en="Never run out", value_message__en="",
            headline__ja="もう切らさない", value_message__ja="あと{difference}",
        ),
    )

    assert response.status_code == 302, form_errors(response)
    assert saved.variants.get().texts_by_language() == {
        "en": {"headline": "Never run out"},
        "ja": {"headline": "もう切らさない", "value_message": "あと{difference}"},
    }


def test_editing_an_arms_english_keeps_its_japanese(admin_client, offer):
    from tests.factories import OfferVariantFactory

    _cheap, _dear, data = offer
    saved = _saved_offer(admin_client, data)
    japanese_text = {"ja": {"headline": "もう切らさない"}}
    arm = OfferVariantFactory(offer=saved, name="B", headline="Never run out", texts=japanese_text)
    page = admin_client.get(f"/admin/upsell_app/offer/{saved.pk}/change/")
    japanese_field = page.context["inline_admin_formsets"][0].formset.forms[0]["headline__ja"]

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/",
        _arm_data(data, arm, headline__en="Stock up", headline__ja=japanese_field.value()),
    )

    assert response.status_code == 302, form_errors(response)
    assert arm.texts_by_language() == {
        "en": {"headline": "Stock up"}, "ja": {"headline": "もう切らさない"},
    }


def test_the_arms_texts_of_every_language_are_in_the_page_marked_for_the_tabs(
    admin_client, offer
):
    from tests.factories import OfferVariantFactory

    _cheap, _dear, data = offer
    saved = _saved_offer(admin_client, data)
    japanese_text = {"ja": {"headline": "もう切らさない"}}
    OfferVariantFactory(offer=saved, name="B", headline="Never run out", texts=japanese_text)

    page = admin_client.get(f"/admin/upsell_app/offer/{saved.pk}/change/")

    html = page.content.decode()
    for code, text in (("en", "Never run out"), ("ja", "もう切らさない")):
        assert f'name="variants-0-headline__{code}"' in html
        assert f'value="{text}"' in html
    assert 'data-upsell-language="ja"' in html


def test_the_arms_switch_language_with_tabs_not_a_reload_link(admin_client, offer):
    _cheap, _dear, data = offer
    saved = _saved_offer(admin_client, data)

    html = japanese(admin_client).get(f"/admin/upsell_app/offer/{saved.pk}/change/")

    text = html.content.decode()
    assert "A/B バリエーションの文言の言語：" in text
    assert "?language=" not in text


def test_a_control_arm_with_a_text_in_another_language_than_the_admins_is_refused(
    admin_client, offer
):
    _cheap, _dear, data = offer
    saved = _saved_offer(admin_client, data)
    arm = _arm_data(data, headline__en="", headline__ja="もう切らさない")

    response = admin_client.post(
        f"/admin/upsell_app/offer/{saved.pk}/change/", {**arm, "variants-0-is_control": "on"}
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "is_control" in errors[0]
    assert not saved.variants.exists()
