"""特定商取引法 12条の6 on a phone: every term is in view above the accept button before it works.

The demo's filter-cartridge subscription (3 deliveries minimum) on a 390x844 phone held upright
and an 844x390 phone held sideways: the accept button stays disabled until the shopper has had
every term inside the scroll box, above the buttons; jumping to the end is not reading.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_demo_shop import (
    add_to_cart,
    close_any_popup,
    demo_shop,  # noqa: F401  (fixture)
    popup,
    view_cart,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The items the law lists for the final confirmation screen, as the pop-up keys them.
LAW_ITEMS = (
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
)
PORTRAIT = {"width": 390, "height": 844}
LANDSCAPE = {"width": 844, "height": 390}

#: Which terms are now wholly inside the scroll box and above the accept button.
IN_VIEW_JS = """dialog => {
  const box = dialog.querySelector(".upsell-body").getBoundingClientRect();
  const button = dialog.querySelector(".upsell-accept").getBoundingClientRect();
  return [...dialog.querySelectorAll(".upsell-term")].filter(term => {
    const r = term.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.bottom <= button.top;
  }).map(term => term.dataset.term);
}"""


@pytest.fixture(params=[PORTRAIT, LANDSCAPE], ids=["390x844", "844x390"])
def phone(request, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=request.param, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="ja-JP",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def cartridge_subscription(page: Page, shop: str, language: str = "en"):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": shop}])
    add_to_cart(page, shop, "water-filter-cartridge")
    close_any_popup(page)
    view_cart(page, shop)
    return popup(page, "subscription")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_term_is_above_the_accept_button_before_it_becomes_usable(
    phone,
    demo_shop,  # noqa: F811
    language,
):
    dialog = cartridge_subscription(phone, demo_shop, language)
    accept = dialog.locator(".upsell-accept")
    body = dialog.locator(".upsell-body")
    keys = dialog.locator(".upsell-term").evaluate_all("terms => terms.map(t => t.dataset.term)")
    assert tuple(keys) == LAW_ITEMS

    seen: set[str] = set()
    was_disabled = accept.is_disabled()
    for _ in range(60):  # bounded: a few screens of terms, half a box per step
        seen.update(dialog.evaluate(IN_VIEW_JS))
        if accept.is_enabled():
            break
        body.evaluate("el => el.scrollBy(0, el.clientHeight / 2)")
        phone.wait_for_timeout(50)  # the scroll event runs before the next check

    expect(accept).to_be_enabled()
    assert seen == set(LAW_ITEMS), set(LAW_ITEMS) - seen
    if was_disabled:  # the terms did not all fit: the box scrolls and takes keyboard focus
        expect(body).to_have_attribute("tabindex", "0")
        label = "ご提案の詳細" if language == "ja" else "Offer details"
        expect(body).to_have_attribute("aria-label", label)
        expect(dialog.locator(".upsell-terms-hint")).to_be_hidden()


def test_accept_stays_unusable_while_a_term_was_never_in_view(phone, demo_shop):  # noqa: F811
    dialog = cartridge_subscription(phone, demo_shop)
    accept = dialog.locator(".upsell-accept")
    body = dialog.locator(".upsell-body")
    if set(dialog.evaluate(IN_VIEW_JS)) == set(LAW_ITEMS):
        pytest.skip("every term fits above the button at this size")

    expect(accept).to_be_disabled()
    expect(dialog.locator(".upsell-terms-hint")).to_be_visible()
    body.evaluate("el => el.scrollTo(0, el.scrollHeight)")  # straight to the end: not reading
    phone.wait_for_timeout(100)

    expect(accept).to_be_disabled()
    expect(accept).to_have_attribute("aria-describedby", dialog.locator(".upsell-terms-hint")
                                     .get_attribute("id"))
    assert dialog.locator(".upsell-term:not([data-read])").count() > 0


def test_the_total_over_the_minimum_commitment_is_stated_before_consent(phone, demo_shop):  # noqa: F811
    dialog = cartridge_subscription(phone, demo_shop)

    total = dialog.locator("[data-term='total'] dd")
    expect(total).to_have_text("¥5,049 (3 deliveries × ¥1,683)")
    expect(dialog.locator("[data-term='shipping_fee'] dd")).to_have_text("Free")


def test_the_scrolling_terms_box_is_reachable_by_keyboard_for_axe(phone, demo_shop):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    cartridge_subscription(phone, demo_shop)

    result = Axe().run(phone, context="dialog.upsell-dialog")

    ids = [v["id"] for v in result.response["violations"]]
    assert "scrollable-region-focusable" not in ids, ids
