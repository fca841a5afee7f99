"""The final confirmation screen (特定商取引法 12条の6): the plan the app hands the shop for a
switched line states every term the pop-up showed, in the language of the page rendering it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from shop_demo.shop.models import CartLine
from upsell_app import adjustments
from upsell_app.adapters import SubscriptionPlan
from upsell_app.confirmation import confirmation_terms

from . import scenarios
from .test_offer_languages import translate

pytestmark = pytest.mark.django_db

JAPANESE_TEXTS = {
    "first_delivery": "このご注文と一緒にお届け",
    "payment_method": "今回のご注文と同じカード",
    "payment_timing": "各回の発送時に決済",
    "contract_period": "期間の定めなし：解約まで毎回自動更新",
    "cancellation": "マイページからいつでも解約・スキップ",
    "cancellation_deadline": "次回お届けの5日前まで",
}


def switched(shopper, quantity: int = 1, **offer_kwargs):
    """The shopper switched a line to a subscription in the pop-up; (offer shown, line)."""
    s = scenarios.subscription(**offer_kwargs)
    translate(s.offer, "ja", **JAPANESE_TEXTS)
    line = shopper.add(s.source, quantity=quantity)
    offer = shopper.offer("cart_view")
    response = shopper.accept(offer, terms_digest=offer["subscription"]["terms_digest"])
    assert response.status_code == 200, response.content
    return offer, line


@pytest.fixture
def japanese(shopper):
    shopper.client.cookies["django_language"] = "ja"
    return shopper


def test_a_japanese_shoppers_plan_from_for_cart_states_every_term_in_japanese(japanese):
    offer, line = switched(japanese, quantity=2, minimum_deliveries=3, shipping_fee=Decimal("500"))

    with translation.override("ja"):
        terms = confirmation_terms(japanese.agreed().plan(str(line.pk)))

    assert terms == offer["subscription"]["terms"]  # word for word what the pop-up showed
    shown = {t["key"]: t["value"] for t in terms}
    assert set(shown) == {
        "product", "quantity", "price", "shipping_fee", "total", "payment_method",
        "payment_timing", "first_delivery", "interval", "contract_period", "commitment",
        "cancellation", "cancellation_deadline",
    }
    assert all(shown.values())
    assert {shown[name] for name in JAPANESE_TEXTS} == set(JAPANESE_TEXTS.values())
    labels = {t["key"]: t["label"] for t in terms}
    assert labels["shipping_fee"] == "1回あたりの送料"
    assert labels["cancellation_deadline"] == "解約の期限"
    assert all(t["lang"] == "ja" for t in terms)


def test_the_plan_speaks_the_language_of_the_page_not_the_one_it_was_agreed_in(japanese):
    _, line = switched(japanese)

    with translation.override("en"):
        terms = {t["key"]: t for t in confirmation_terms(japanese.agreed().plan(str(line.pk)))}

    assert terms["cancellation"]["label"] == "How to cancel"
    assert terms["cancellation"]["value"] == "Cancel or skip any time from your account page"
    assert terms["interval"]["value"] == "Every 1 month"


def test_the_plan_prices_the_quantity_the_cart_holds_now(shopper):
    _, line = switched(shopper, quantity=1)
    CartLine.objects.filter(pk=line.pk).update(quantity=3)

    plan = shopper.agreed().plan(str(line.pk))

    with translation.override("en"):
        price = {t["key"]: t["value"] for t in confirmation_terms(plan)}["price"]
    assert plan.quantity == 3
    assert price == "¥4,050 (3 × ¥1,350)"


def test_the_plan_the_order_uses_states_the_same_terms(japanese):
    _, line = switched(japanese)
    lines = list(CartLine.objects.filter(pk=line.pk))

    with translation.override("ja"):
        cart = confirmation_terms(japanese.agreed().plan(str(line.pk)))
        ordered = adjustments.for_order(
            japanese.request(), lines, order_id="A-1"
        ).plan(str(line.pk))
        assert confirmation_terms(ordered) == cart


def test_a_plan_kept_as_json_on_an_order_line_keeps_its_texts_per_language(japanese):
    _, line = switched(japanese)
    plan = japanese.agreed().plan(str(line.pk))

    kept = SubscriptionPlan.from_json(plan.as_json())

    assert kept == plan
    with translation.override("ja"):
        assert confirmation_terms(kept) == confirmation_terms(plan)
