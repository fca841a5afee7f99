"""``{% upsell_subscription_terms %}``: the final confirmation (特定商取引法 12条の6) states every
term of every subscription line, in the language of the page, on checkout and on the order page."""

from __future__ import annotations

import html
from dataclasses import asdict
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from shop_demo.shop.models import Order
from tests.agreements import agree_plan
from tests.factories import CartLineFactory
from upsell_app.adapters import PLAN_TEXT_FIELDS, SubscriptionPlan
from upsell_app.selection.types import OfferTexts, SubscriptionTerms

pytestmark = pytest.mark.django_db

TERMS = SubscriptionTerms(
    interval_count=2,
    interval_unit="week",
    first_delivery="Ships with this order",
    payment_timing="Charged when each delivery ships",
    minimum_deliveries=3,
    cancellation="Cancel or skip online in My account",
    payment_method="The card used for this order",
    contract_period="Renews after every delivery until cancelled",
    cancellation_deadline="Until 5 days before the next delivery",
    shipping_fee=Decimal("350"),
)
ENGLISH = OfferTexts("en", tuple((name, getattr(TERMS, name)) for name in PLAN_TEXT_FIELDS))
JAPANESE = OfferTexts(
    "ja",
    (
        ("first_delivery", "このご注文と一緒にお届け"),
        ("payment_timing", "各回の発送時に決済"),
        ("cancellation", "マイページからいつでも解約・スキップ"),
        ("payment_method", "今回のご注文と同じカード"),
        ("contract_period", "解約されるまで毎回自動更新"),
        ("cancellation_deadline", "次回お届けの5日前まで"),
    ),
)
PLAN_FIELDS = {"translations": (ENGLISH, JAPANESE), "product_title": "Coffee beans 500 g"}
PLAN = SubscriptionPlan(1, Decimal("1512"), TERMS, quantity=2, **PLAN_FIELDS)
KEYS = {
    "product", "quantity", "price", "shipping_fee", "total", "payment_method", "payment_timing",
    "first_delivery", "interval", "contract_period", "commitment", "cancellation",
    "cancellation_deadline",
}


def render(plans, language: str) -> str:
    with translation.override(language):
        template = Template("{% load upsell_terms %}{% upsell_subscription_terms plans=plans %}")
        return html.unescape(template.render(Context({"plans": plans})))


def test_the_tag_states_every_term_in_english():
    page = render([PLAN], "en")

    assert page.count("data-term=") == len(KEYS)
    for label, value in [
        ("Subscription terms", "Coffee beans 500 g"),
        ("Price per delivery", "¥3,024 (2 × ¥1,512)"),
        ("Shipping fee per delivery", "¥350"),
        ("Total over the minimum commitment", "¥10,122 (3 deliveries × ¥3,374)"),
        ("Payment method", "The card used for this order"),
        ("Payment timing", "Charged when each delivery ships"),
        ("Delivery interval", "Every 2 weeks"),
        ("Contract period and renewal", "Renews after every delivery until cancelled"),
        ("Minimum commitment", "At least 3 deliveries"),
        ("How to cancel", "Cancel or skip online in My account"),
        ("Cancel until", "Until 5 days before the next delivery"),
    ]:
        assert label in page and value in page


def test_the_tag_states_every_term_in_japanese():
    page = render([PLAN], "ja")

    assert page.count('lang="ja"') == len(KEYS)
    for label, value in [
        ("定期購入の条件", "Coffee beans 500 g"),
        ("1回あたりの送料", "¥350"),
        ("解約の期限", "次回お届けの5日前まで"),
        ("解約方法", "マイページからいつでも解約・スキップ"),
        ("お支払い方法", "今回のご注文と同じカード"),
    ]:
        assert label in page and value in page
    assert "Ships with this order" not in page and "Every 2 weeks" not in page


def test_the_tag_marks_a_text_not_yet_translated_with_its_own_language():
    plan = SubscriptionPlan(
        1, Decimal("1512"), TERMS, translations=(ENGLISH,), product_title="Coffee beans 500 g"
    )

    page = render([plan], "ja")

    assert '<dd lang="en">Cancel or skip online in My account</dd>' in page


def test_the_tag_reads_plans_kept_as_json_on_order_lines():
    assert render([PLAN.as_json(), {}], "ja") == render([PLAN], "ja")


def test_the_tag_renders_nothing_without_a_plan():
    assert render([], "en").strip() == ""


def test_the_checkout_page_states_every_term_in_the_shoppers_language(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=1_680, quantity=2)
    agree_plan(client_cart.session_key, line, 1_512, asdict(TERMS), **PLAN_FIELDS)
    client.cookies["django_language"] = "ja"

    page = html.unescape(client.get(reverse("shop:checkout")).content.decode())

    assert page.count("data-term=") == len(KEYS)
    for text in ("定期購入の条件", "1回あたりの送料", "次回お届けの5日前まで"):
        assert text in page
    assert "¥3,024（2 × ¥1,512）" in page


def test_the_order_page_states_the_terms_in_the_language_it_is_read_in(client, client_cart):
    line = CartLineFactory(cart=client_cart, unit_price=1_680, quantity=2)
    agree_plan(client_cart.session_key, line, 1_512, asdict(TERMS), **PLAN_FIELDS)
    client.post(reverse("shop:checkout"), {"name": "Hanako Yamada", "email": "h@example.jp"})
    url = reverse("shop:order", args=[Order.objects.get().number])

    client.cookies["django_language"] = "ja"
    japanese = html.unescape(client.get(url).content.decode())
    client.cookies["django_language"] = "en"
    english = html.unescape(client.get(url).content.decode())

    assert "マイページからいつでも解約・スキップ" in japanese and "解約の期限" in japanese
    assert "Cancel or skip online in My account" in english and "Cancel until" in english



def test_the_tag_takes_the_heading_level_the_page_needs():
    with translation.override("en"):
        template = Template(
            "{% load upsell_terms %}{% upsell_subscription_terms plans=plan heading_level=3 %}"
        )
        page = template.render(Context({"plan": PLAN}))

    assert '<h3 id="upsell-plan-terms"' in page and '<h4 id="upsell-plan-terms-1"' in page
