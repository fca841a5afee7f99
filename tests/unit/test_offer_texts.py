"""Which language each offer text is shown in: pure choices, no database."""

from __future__ import annotations

from upsell_app.offers.texts import (
    Text,
    language_chain,
    localize,
    missing_languages,
    overlay,
    pick,
    served_languages,
    without,
)
from upsell_app.selection.types import OfferTexts

EN = OfferTexts("en", (("headline", "Save on beans"), ("cancellation", "Online")))
JA = OfferTexts("ja", (("headline", "豆をお得に"),))


def test_chain_tries_the_regional_language_then_its_base_then_the_fallbacks_once():
    assert language_chain("ja-JP", ["en", "ja"]) == ("ja-jp", "ja", "en")


def test_a_text_in_the_shoppers_language_is_shown_in_it():
    assert pick([EN, JA], "headline", ("ja", "en")) == Text("豆をお得に", "ja")


def test_a_text_missing_in_the_shoppers_language_falls_back_field_by_field():
    assert pick([EN, JA], "cancellation", ("ja", "en")) == Text("Online", "en")


def test_a_text_in_no_language_of_the_chain_comes_from_any_language_that_has_it():
    assert pick([JA], "headline", ("fr", "en")) == Text("豆をお得に", "ja")


def test_a_text_no_language_has_is_none():
    assert pick([EN, JA], "payment_method", ("ja", "en")) is None


def test_localize_uses_the_rules_own_text_for_a_field_no_translation_has(settings):
    settings.LANGUAGE_CODE = "en"

    shown = localize([JA], {"value_message": "A/B arm text"}, ("ja",))

    assert shown["headline"] == Text("豆をお得に", "ja")
    assert shown["value_message"] == Text("A/B arm text", "en")


def test_without_drops_an_overridden_field_in_every_language():
    kept = without([EN, JA], ["headline"])

    assert [t.get("headline") for t in kept] == ["", ""]
    assert kept[0].get("cancellation") == "Online"


ARM_EN = OfferTexts("en", (("headline", "Never run out"),))
ARM_JA = OfferTexts("ja", (("headline", "もう切らさない"),))


def test_overlay_puts_the_arms_text_first_in_its_own_language():
    merged = overlay([EN, JA], [ARM_EN, ARM_JA])

    assert pick(merged, "headline", ("ja", "en")) == Text("もう切らさない", "ja")


def test_overlay_keeps_the_offers_text_in_a_language_the_arm_lacks():
    merged = overlay([EN, JA], [ARM_EN])

    assert pick(merged, "headline", ("ja", "en")) == Text("豆をお得に", "ja")


def test_overlay_keeps_the_offers_other_fields_where_the_arm_is_silent():
    merged = overlay([EN, JA], [ARM_JA])

    assert pick(merged, "cancellation", ("ja", "en")) == Text("Online", "en")


def test_overlay_adds_a_language_only_the_arm_has():
    merged = overlay([EN], [ARM_JA])

    assert pick(merged, "headline", ("ja", "en")) == Text("もう切らさない", "ja")


def test_an_arm_writing_nothing_lacks_no_language():
    assert missing_languages({}, ("en", "ja")) == ()


def test_an_arm_written_in_english_only_lacks_japanese():
    assert missing_languages({"en": {"headline": "Never run out"}}, ("en", "ja")) == ("ja",)


def test_an_arm_lacks_a_language_missing_one_of_the_texts_it_writes_elsewhere():
    texts = {
        "en": {"headline": "Never run out", "value_message": "Only {price}"},
        "ja": {"headline": "もう切らさない"},
    }

    assert missing_languages(texts, ("en", "ja")) == ("ja",)


def test_an_arm_written_in_every_served_language_lacks_none():
    texts = {"en": {"headline": "Never run out"}, "ja": {"headline": "もう切らさない"}}

    assert missing_languages(texts, ("en", "ja")) == ()


def test_the_shops_languages_are_its_admin_language_tabs():
    # The demo's PARLER_LANGUAGES: a tab for English and one for Japanese.
    assert served_languages() == ("en", "ja")
