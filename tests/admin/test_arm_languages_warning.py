"""The offer admin warns when a live A/B arm lacks texts in a language the shop serves: on the
offer's page (in the admin's language) and as a badge in the offer list."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import OfferFactory, OfferVariantFactory, StaffUserFactory
from upsell_app.admin.arms import arms_lacking_languages

from .offer_form import changelist_url

pytestmark = pytest.mark.django_db

JAPANESE = {"ja": {"headline": "もう切らさない"}}


def warnings(response) -> list[str]:  # noqa: ANN001 - a test client response
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def change_page(client, offer):  # noqa: ANN001, ANN201
    return client.get(reverse("admin:upsell_app_offer_change", args=[offer.pk]))


@pytest.fixture
def japanese_admin(client):
    client.force_login(StaffUserFactory())
    client.cookies["django_language"] = "ja"
    return client


def test_an_arm_written_in_english_only_lacks_japanese():
    arm = OfferVariantFactory(name="B", headline="Never run out")

    assert [(a.name, missing) for a, missing in arms_lacking_languages(arm.offer)] == [
        ("B", ("ja",))
    ]


def test_an_arm_written_in_every_language_lacks_none():
    arm = OfferVariantFactory(headline="Never run out", texts=JAPANESE)

    assert arms_lacking_languages(arm.offer) == []


def test_an_arm_without_texts_of_its_own_lacks_none():
    arm = OfferVariantFactory(discount_type="percent", discount_value=10)

    assert arms_lacking_languages(arm.offer) == []


@pytest.mark.parametrize(
    "stopped", [{"is_active": False}, {"weight": 0}], ids=["switched off", "no traffic"]
)
def test_an_arm_shoppers_are_not_assigned_to_is_not_warned_about(stopped):
    arm = OfferVariantFactory(headline="Never run out", **stopped)

    assert arms_lacking_languages(arm.offer) == []


def test_the_offer_page_warns_in_japanese_about_an_arm_lacking_japanese(japanese_admin):
    arm = OfferVariantFactory(name="B", headline="Never run out")

    response = change_page(japanese_admin, arm.offer)

    assert warnings(response) == [
        "A/B バリエーション「B」には日本語の文言がありません。その言語のお客様には"
        "このバリエーションの代わりにご提案そのものの文言が表示されるため、テストはこの"
        "バリエーションの文言を比べていません。その言語のタブでバリエーションの文言を入力してください。"
    ]


def test_the_offer_page_says_nothing_when_every_arm_speaks_every_language(admin_client):
    arm = OfferVariantFactory(headline="Never run out", texts=JAPANESE)

    assert warnings(change_page(admin_client, arm.offer)) == []


def test_the_offer_list_marks_an_offer_whose_arm_lacks_a_language(japanese_admin):
    OfferVariantFactory(offer=OfferFactory(name="Lacking"), headline="Never run out")
    OfferFactory(name="Fine")

    response = japanese_admin.get(changelist_url())

    html = response.content.decode()
    assert "A/B バリエーションの言語" in html
    assert html.count("A/B バリエーションの文言が未入力：日本語") == 1
