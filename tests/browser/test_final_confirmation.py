"""The demo shop's checkout is the final confirmation screen (特定商取引法 12条の6): a shopper
who switched a line to a subscription in the pop-up finds every term there again, word for word,
in the language they shop in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from .test_demo_shop import (
    add_to_cart,
    close_any_popup,
    demo_shop,  # noqa: F401  (fixture)
    popup,
    read_every_term,
    view_cart,
)
from .test_subscription_terms import LAW_ITEMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERMS_JS = "dl => [...dl.querySelectorAll('[data-term]')].map(t => [t.dataset.term, " \
    "t.querySelector('dt').innerText, t.querySelector('dd').innerText])"


def switch_to_subscription(page: Page, shop: str, language: str) -> list[list[str]]:
    """Switch the coffee to a subscription on the cart page; the terms the pop-up showed."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": shop}])
    add_to_cart(page, shop, "hinata-blend-200g")
    close_any_popup(page)
    view_cart(page, shop)
    dialog = popup(page, "subscription")
    shown = dialog.locator("dl.upsell-terms").evaluate(TERMS_JS)
    read_every_term(dialog)
    dialog.locator(".upsell-accept").click()
    expect(dialog).to_have_count(0)
    return shown


def checkout_terms(page: Page, shop: str, heading: str) -> Locator:
    page.goto(f"{shop}/checkout/")
    close_any_popup(page)
    return page.get_by_role("region", name=heading)


def test_a_japanese_shopper_finds_every_term_in_japanese_on_the_checkout_page(page, demo_shop):  # noqa: F811
    shown = switch_to_subscription(page, demo_shop, "ja")

    terms = checkout_terms(page, demo_shop, "定期購入の条件")

    expect(terms).to_be_visible()
    stated = terms.locator("dl").evaluate(TERMS_JS)
    assert [key for key, _, _ in stated] == list(LAW_ITEMS)
    assert stated == shown  # word for word what the pop-up showed before consent
    expect(terms.locator("dd[lang='ja']")).to_have_count(len(LAW_ITEMS))
    expect(terms.locator("[data-term='cancellation_deadline'] dt")).to_have_text("解約の期限")
    expect(terms.locator("[data-term='shipping_fee'] dt")).to_have_text("1回あたりの送料")
    expect(terms.locator("[data-term='payment_method'] dd")).to_have_text(
        "ご注文手続きで選んだお支払い方法"
    )


def test_the_checkout_terms_pass_axe(page, demo_shop):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    switch_to_subscription(page, demo_shop, "en")
    expect(checkout_terms(page, demo_shop, "Subscription terms")).to_be_visible()

    result = Axe().run(page, context="[data-upsell-plan-terms]")

    assert result.violations_count == 0, [v["id"] for v in result.response["violations"]]
