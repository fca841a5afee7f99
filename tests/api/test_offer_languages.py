"""Offer texts per language: the shopper's language when the admin wrote it, the default otherwise,
and the answer says which language each text is in (the pop-up marks it with ``lang``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from upsell_app.models import Offer

from . import scenarios

pytestmark = pytest.mark.django_db


def translate(offer: Offer, language: str, **texts: str) -> None:
    offer.set_current_language(language)
    for name, value in texts.items():
        setattr(offer, name, value)
    offer.save()


@pytest.fixture
def japanese(shopper):
    shopper.client.cookies["django_language"] = "ja"
    return shopper


def test_japanese_shopper_gets_the_japanese_headline_and_message(japanese):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか", value_message="たった{price}")
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"{s.targets[0].name}もいかがですか"
    assert offer["message"].startswith("たった¥")
    assert offer["languages"] == {"headline": "ja", "message": "ja"}


def test_english_shopper_keeps_the_english_texts_of_a_translated_offer(shopper):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか", value_message="たった{price}")
    shopper.add(s.source)

    offer = shopper.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"Add a {s.targets[0].name} to your {s.source.name}"
    assert offer["languages"] == {"headline": "en", "message": "en"}


def test_untranslated_offer_falls_back_to_english_and_says_so(japanese):
    s = scenarios.cross_sell()
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"Add a {s.targets[0].name} to your {s.source.name}"
    assert offer["languages"] == {"headline": "en", "message": "en"}
    assert offer["decline_label"] == "いいえ、結構です"  # the widget's own words stay Japanese


def test_a_missing_japanese_message_falls_back_alone(japanese):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか", value_message="")
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["languages"] == {"headline": "ja", "message": "en"}
    assert offer["message"].startswith("Only ¥")


def test_subscription_terms_say_the_language_of_each_value(japanese):
    s = scenarios.subscription()
    translate(s.offer, "ja", headline="定期便で{saving}お得", cancellation="マイページから解約")
    japanese.add(s.source)

    offer = japanese.offer("cart_view")

    terms = {t["key"]: t for t in offer["subscription"]["terms"]}
    assert (terms["cancellation"]["value"], terms["cancellation"]["lang"]) == (
        "マイページから解約",
        "ja",
    )
    assert terms["payment_method"]["lang"] == "en"  # not translated yet: English, marked so
    assert terms["total"]["lang"] == "ja"  # computed and worded by the app, in Japanese
    assert terms["cancellation"]["label"] == "解約方法"


def test_subscription_states_shipping_and_the_total_over_the_minimum_commitment(shopper):
    s = scenarios.subscription(
        discount_value=Decimal("15"), minimum_deliveries=3, shipping_fee=Decimal("0")
    )
    s.source.price = Decimal("1980")
    s.source.save()
    shopper.add(s.source)

    offer = shopper.offer("cart_view")

    terms = {t["key"]: t["value"] for t in offer["subscription"]["terms"]}
    assert terms["price"] == "¥1,683"
    assert terms["shipping_fee"] == "Free"
    assert terms["total"] == "¥5,049 (3 deliveries × ¥1,683)"


def test_total_over_the_commitment_includes_the_shipping_fee_of_every_delivery(shopper):
    s = scenarios.subscription(minimum_deliveries=2, shipping_fee=Decimal("350"))
    shopper.add(s.source, quantity=2)

    offer = shopper.offer("cart_view")

    terms = {t["key"]: t["value"] for t in offer["subscription"]["terms"]}
    assert terms["shipping_fee"] == "¥350"
    # 2 x ¥1,350 (10% off ¥1,500) + ¥350 shipping, twice
    assert terms["total"] == "¥6,100 (2 deliveries × ¥3,050)"


def test_every_term_of_the_law_is_listed_in_its_order(shopper):
    s = scenarios.subscription()
    shopper.add(s.source)

    offer = shopper.offer("cart_view")

    assert [t["key"] for t in offer["subscription"]["terms"]] == [
        "product",
        "quantity",
        "price",
        "shipping_fee",
        "total",
        "payment_method",
        "payment_timing",
        "first_delivery",
        "interval",
        "contract_period",
        "commitment",
        "cancellation",
        "cancellation_deadline",
    ]
