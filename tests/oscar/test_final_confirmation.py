"""The final confirmation in the oscar sample shop: oscar's checkout preview, where the order is
placed, states every subscription term (特定商取引法 12条の6) in the shopper's language, and the
order line keeps them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import translation
from oscar.core.loading import get_model
from playwright.sync_api import Browser, Locator, Page, expect

from upsell_app.adapters import SubscriptionPlan
from upsell_app.confirmation import confirmation_terms
from upsell_app.contrib.oscar.orders import line_plan
from upsell_app.models import Offer

from .journeys import accept, add_to_basket, popup, reach_preview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The subscription offer's texts in Japanese, as the shop's admin writes them in its 日本語 tab.
JAPANESE = {
    "first_delivery": "今回のご注文と一緒に発送します",
    "payment_method": "ご注文手続きで選んだお支払い方法",
    "payment_timing": "各回の発送時にお支払い",
    "contract_period": "期間の定めはありません。解約されるまで毎月自動で継続します",
    "cancellation": "マイページからいつでも解約・スキップできます",
    "cancellation_deadline": "次回お届けの5日前まで",
}
TERM_KEYS = (
    "product", "quantity", "price", "shipping_fee", "total", "payment_method", "payment_timing",
    "first_delivery", "interval", "contract_period", "commitment", "cancellation",
    "cancellation_deadline",
)


@pytest.fixture
def shop(live_server, products) -> str:  # noqa: ARG001 - the catalogue and offers must exist
    offer = Offer.objects.get(kind="subscription", name="Coffee every month")
    offer.set_current_language("ja")
    for name, text in JAPANESE.items():
        setattr(offer, name, text)
    offer.save()
    return live_server.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A Japanese shopper's browser (it asks for Japanese pages)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def switched_and_at_preview(page: Page, shop: str, products: dict) -> Locator:
    add_to_basket(page, shop, products["coffee-500"])
    accept(page, popup(page, "subscription"))
    reach_preview(page, shop)
    return page.get_by_role("region", name="定期購入の条件")


def assert_every_term_in_japanese(terms: Locator) -> None:
    for key in TERM_KEYS:
        expect(terms.locator(f"[data-term='{key}'] dd")).not_to_be_empty()
    expect(terms.locator("[data-term]")).to_have_count(len(TERM_KEYS))
    expect(terms.locator("dd[lang='ja']")).to_have_count(len(TERM_KEYS))
    for key, text in JAPANESE.items():
        expect(terms.locator(f"[data-term='{key}'] dd")).to_have_text(text)
    expect(terms.locator("[data-term='shipping_fee'] dt")).to_have_text("1回あたりの送料")
    expect(terms.locator("[data-term='cancellation_deadline'] dt")).to_have_text("解約の期限")
    expect(terms.locator("[data-term='price'] dd")).to_have_text("¥2,160")
    expect(terms).not_to_contain_text("Every 1 month")


def test_a_japanese_shopper_who_switched_sees_every_term_in_japanese_on_the_preview(
    page, shop, products, js_errors
):
    terms = switched_and_at_preview(page, shop, products)

    expect(terms).to_be_visible()
    expect(terms).to_contain_text("Hinata Coffee Beans 500 g")
    assert_every_term_in_japanese(terms)
    assert js_errors == []



def test_the_order_line_keeps_the_terms_as_stated_and_the_plan_in_every_language(
    page, shop, products
):
    switched_and_at_preview(page, shop, products)

    page.locator("#place-order").click()

    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))
    line = get_model("order", "Order").objects.get().lines.get()
    kept = line_plan(line)
    assert kept["language"] == "ja"
    assert [t["key"] for t in kept["terms_shown"]] == list(TERM_KEYS)
    assert {t["value"] for t in kept["terms_shown"]} >= set(JAPANESE.values())
    plan = SubscriptionPlan.from_json(kept["plan"])
    with translation.override("en"):
        english = {t["key"]: t["value"] for t in confirmation_terms(plan)}
    assert english["cancellation"].startswith("Cancel or skip online")
    assert english["interval"] == "Every 1 month"
