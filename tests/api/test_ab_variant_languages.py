"""An A/B arm speaks the shopper's language: its own text in that language, else the offer's own
text in that language, and only when neither has it, the fallback language's (as for offers)."""

from __future__ import annotations

import pytest

from tests.factories import OfferVariantFactory
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


def only_arm(offer: Offer, **kwargs):
    """The offer's one arm, so every shopper is in it."""
    return OfferVariantFactory(offer=offer, name="B", weight=1, **kwargs)


def test_japanese_shopper_in_arm_b_reads_arm_bs_japanese_headline(japanese):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか")
    only_arm(
        s.offer,
        headline="Complete it with {product}",
        texts={"ja": {"headline": "{product}で完成", "value_message": "あと{price}だけ"}},
    )
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"{s.targets[0].name}で完成"
    assert offer["message"].startswith("あと¥")
    assert offer["languages"] == {"headline": "ja", "message": "ja"}


def test_english_shopper_in_arm_b_reads_arm_bs_english_headline(shopper):
    s = scenarios.cross_sell()
    only_arm(
        s.offer,
        headline="Complete it with {product}",
        texts={"ja": {"headline": "{product}で完成"}},
    )
    shopper.add(s.source)

    offer = shopper.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"Complete it with {s.targets[0].name}"
    assert offer["languages"]["headline"] == "en"


def test_arm_without_japanese_shows_japanese_shopper_the_offers_japanese_headline(japanese):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか")
    only_arm(s.offer, headline="Complete it with {product}")
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"{s.targets[0].name}もいかがですか"
    assert offer["languages"]["headline"] == "ja"


def test_arm_and_offer_without_japanese_fall_back_to_the_arms_english_and_say_so(japanese):
    s = scenarios.cross_sell()
    only_arm(s.offer, headline="Complete it with {product}")
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"Complete it with {s.targets[0].name}"
    assert offer["languages"]["headline"] == "en"


def test_arm_with_a_japanese_headline_only_keeps_the_offers_japanese_message(japanese):
    s = scenarios.cross_sell()
    translate(s.offer, "ja", headline="{product}もいかがですか", value_message="たった{price}")
    only_arm(s.offer, texts={"ja": {"headline": "{product}で完成"}})
    japanese.add(s.source)

    offer = japanese.offer("add_to_cart", s.source.pk)

    assert offer["headline"] == f"{s.targets[0].name}で完成"
    assert offer["message"].startswith("たった¥")
