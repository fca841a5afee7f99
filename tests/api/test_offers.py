"""GET /upsell/api/offers/: the one offer for a shop moment, in the contract's shape, or null."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import OfferFactory, ProductFactory
from upsell_app.associations import storage
from upsell_app.associations.ranking import Partner
from upsell_app.serving import shopper_state

from . import scenarios

pytestmark = pytest.mark.django_db

OFFER_KEYS = {
    "id",
    "kind",
    "trigger",
    "headline",
    "message",
    "languages",
    "reason",
    "accept_label",
    "decline_label",
    "choices",
    "bundle",
    "subscription",
    "multiple",
    "selection",
    "order",
}
CHOICE_KEYS = {
    "product_id",
    "line_id",
    "title",
    "image_url",
    "url",
    "price",
    "price_display",
    "original_price",
    "original_price_display",
    "difference",
    "difference_display",
    "saving",
    "saving_display",
    "source_title",
    "message",
    "quote",
}


def _cross_sell(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    return s, s.source.pk


def _upsell(shopper):
    s = scenarios.upsell()
    shopper.add(s.source)
    return s, None


def _bundle(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)
    return s, None


def _downsell(shopper):
    s = scenarios.downsell_after_removal()
    return s, s.source.pk  # the Pro was just removed: the cart is empty


def _thank_you(shopper):
    return scenarios.thank_you_cross_sell(), None


MOMENTS = {
    "add_to_cart": ("cross_sell", _cross_sell),
    "cart_view": ("upsell", _upsell),
    "checkout_start": ("bundle", _bundle),
    "item_removed": ("downsell", _downsell),
    "order_completed": ("cross_sell", _thank_you),
}


@pytest.mark.parametrize("trigger", list(MOMENTS))
def test_offer_for_each_moment_has_the_contract_shape(shopper, trigger):
    kind, setup = MOMENTS[trigger]
    scenario, product_id = setup(shopper)

    offer = shopper.offer(trigger, product_id)

    assert set(offer) == OFFER_KEYS
    assert offer["id"] == scenario.offer.pk
    assert offer["kind"] == kind
    assert offer["trigger"] == trigger
    assert offer["decline_label"] == "No thanks"
    assert offer["choices"]
    for choice in offer["choices"]:
        assert set(choice) == CHOICE_KEYS
        assert choice["quote"]
        assert {choice["product_id"]} <= {t.pk for t in scenario.targets}


def test_no_offer_is_null(shopper):
    scenarios.cross_sell()

    response = shopper.get_offers("cart_view")

    assert response.status_code == 200
    assert response.json() == {"offer": None}


def test_upsell_fills_placeholders_and_formats_money(shopper):
    s = scenarios.upsell()
    line = shopper.add(s.source)

    offer = shopper.offer("cart_view")

    assert offer["headline"] == "Upgrade to Phone 16 Pro"
    assert offer["message"] == "Only ¥30,000 more than Phone 16"
    assert offer["accept_label"] == "Upgrade"
    assert offer["reason"] is None
    choice = offer["choices"][0]
    assert choice["line_id"] == str(line.pk)
    assert (choice["price"], choice["price_display"]) == ("130000", "¥130,000")
    assert (choice["difference"], choice["difference_display"]) == ("30000", "+¥30,000")
    assert (choice["saving"], choice["saving_display"]) == ("0", "")
    assert choice["source_title"] == "Phone 16"


def test_downsell_after_removal_shows_a_negative_difference(shopper):
    s = scenarios.downsell_after_removal()

    offer = shopper.offer("item_removed", s.source.pk)

    choice = offer["choices"][0]
    assert choice["line_id"] is None
    assert choice["difference_display"] == "-¥30,000"
    assert offer["message"] == "¥30,000 less than Phone 16 Pro"
    assert offer["accept_label"] == "Add to cart"


def test_bundle_shows_the_package_price_and_saving(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)

    offer = shopper.offer("checkout_start")

    assert offer["accept_label"] == "Add the set"
    assert offer["bundle"] == {
        "items": ["Laptop", "Mouse", "Laptop bag"],
        "package_price_display": "¥152,000",
        "list_price_display": "¥160,000",
        "saving_display": "¥8,000",
    }
    assert offer["message"] == "Save ¥8,000 on the set"
    assert len({c["quote"] for c in offer["choices"]}) == 1  # the set is accepted whole


def test_subscription_lists_every_term_before_consent(shopper):
    s = scenarios.subscription()
    shopper.add(s.source, quantity=2)

    offer = shopper.offer("cart_view")

    assert offer["kind"] == "subscription"
    assert offer["accept_label"] == "Switch to subscription"
    terms = {t["label"]: t["value"] for t in offer["subscription"]["terms"]}
    assert terms["Quantity per delivery"] == "2"
    assert terms["Price per delivery"] == "¥2,700 (2 × ¥1,350)"
    assert terms["Delivery interval"] == "Every 1 month"
    assert terms["First delivery"] == "Ships with this order"
    assert terms["Payment timing"] == "Charged when each delivery ships"
    assert terms["Minimum commitment"] == "None: cancel any time"
    assert terms["How to cancel"].startswith("Cancel or skip any time")
    assert offer["subscription"]["consent_label"]


def test_headline_shows_a_field_it_may_not_use_literally(shopper):
    s = scenarios.upsell(headline="{product.__class__} {product}")
    shopper.add(s.source)

    offer = shopper.offer("cart_view")

    assert offer["headline"] == "{product.__class__} Phone 16 Pro"


def test_no_offer_when_the_target_is_already_in_the_cart(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.add(s.targets[0])

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_when_the_target_is_out_of_stock(shopper):
    s = scenarios.cross_sell()
    s.targets[0].stock = 0
    s.targets[0].save()
    shopper.add(s.source)

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_before_the_offer_starts(shopper):
    s = scenarios.cross_sell(starts_at=timezone.now() + timedelta(days=1))
    shopper.add(s.source)

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_after_the_offer_ended(shopper):
    s = scenarios.cross_sell(ends_at=timezone.now() - timedelta(minutes=1))
    shopper.add(s.source)

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_when_the_cart_is_below_the_minimum_subtotal(shopper):
    s = scenarios.cross_sell(min_subtotal=Decimal("60000"))
    shopper.add(s.source)

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_once_declined(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    assert shopper.decline(offer["id"]).status_code == 200

    assert shopper.offer("add_to_cart", s.source.pk) is None


def test_no_offer_once_the_session_cap_is_reached(shopper, settings):
    settings.UPSELL = {
        **settings.UPSELL,
        "MAX_POPUPS_PER_SESSION": 2,
        "POPUP_COOLDOWN_SECONDS": 0,
        "POPUPS_RESERVED_FOR_KEY_MOMENTS": 0,  # the reserve is specified in test_timing.py
    }
    s = scenarios.cross_sell()
    shopper.add(s.source)

    shown = [shopper.offer("add_to_cart", s.source.pk) for _ in range(3)]

    assert [offer is not None for offer in shown] == [True, True, False]


def test_no_second_offer_during_the_cool_down(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)

    first = shopper.offer("add_to_cart", s.source.pk)
    second = shopper.offer("add_to_cart", s.source.pk)

    assert first is not None
    assert second is None


def test_a_returned_offer_counts_as_one_popup_shown(shopper, client):
    s = scenarios.cross_sell()
    shopper.add(s.source)

    shopper.offer("add_to_cart", s.source.pk)

    state = shopper_state.load(shopper.request())
    assert state.popups_shown == 1
    assert state.last_popup_at is not None


def test_no_offer_does_not_count_as_a_popup(shopper):
    shopper.offer("cart_view")

    assert shopper_state.load(shopper.request()).popups_shown == 0


def test_unknown_trigger_returns_400_with_a_clear_message(shopper):
    response = shopper.get_offers("page_view")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_trigger"
    assert "page_view" in body["detail"]
    assert "add_to_cart" in body["detail"]


def test_missing_trigger_returns_400(shopper, client):
    response = client.get("/upsell/api/offers/")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_trigger"


def test_non_integer_product_id_returns_400_with_a_clear_message(shopper):
    response = shopper.get_offers("add_to_cart", product_id="five")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_product_id"
    assert "whole number" in response.json()["detail"]


def test_offers_are_not_cached_by_the_browser(shopper):
    response = shopper.get_offers("cart_view")

    assert "no-store" in response["Cache-Control"]


def test_learned_cross_sell_says_what_it_is_often_bought_with(shopper, monkeypatch):
    camera = ProductFactory(name="Camera")
    card = ProductFactory(name="Memory card", price=Decimal("3000"))
    offer = OfferFactory(
        kind="cross_sell", target_source="learned", headline="{product}", sources=[camera]
    )
    partners = {camera.pk: (Partner(card.pk, count=40, confidence=0.4, lift=3.0, score=0.5),)}
    monkeypatch.setattr(storage, "get_partners_for", lambda ids: partners)
    shopper.add(camera)

    shown = shopper.offer("add_to_cart", camera.pk)

    assert shown["id"] == offer.pk
    assert [c["product_id"] for c in shown["choices"]] == [card.pk]
    assert shown["reason"] == "Often bought together with Camera"
    assert shopper.accept(shown).status_code == 200
    assert shopper.product_ids() == [camera.pk, card.pk]


def test_product_id_beyond_any_database_key_returns_400(shopper):
    response = shopper.get_offers("add_to_cart", product_id=str(2**63))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_product_id"
