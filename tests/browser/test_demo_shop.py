"""Acceptance point 2: the demo shop, end to end, for each kind of offer.

A shopper walks through the real pages (product, cart) with the real API and the demo catalogue
and offers from ``load_demo``: the moment happens, the pop-up appears, accepting changes the cart
and the total the page shows, and "No thanks" stops that offer for the rest of the session.
"""

from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, Response, expect

from shop_demo.shop.models import Product
from upsell_app.models import Offer
from upsell_app.selection.pricing import format_money

from .conftest import PHONE, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Set to refresh the README's screenshots (docs/popup.png, docs/popup-phone.png).
UPDATE_DOCS = os.environ.get("UPSELL_UPDATE_DOCS_SCREENSHOTS") == "1"


@pytest.fixture
def demo_shop(live_server) -> str:
    call_command("load_demo", stdout=StringIO())
    return live_server.url


# -- a shopper's steps --------------------------------------------------------------------------
def add_to_cart(page: Page, shop: str, slug: str) -> None:
    page.goto(f"{shop}/p/{slug}/")
    # Wait for the page the add redirects to: a navigation started before it lands would abort
    # it and leave the add's moment to whichever page comes next.
    with page.expect_navigation():
        page.locator(f"form[action='/p/{slug}/add/'] button[type=submit]").click()


def view_cart(page: Page, shop: str) -> None:
    page.goto(f"{shop}/cart/")


def remove_from_cart(page: Page, shop: str, product_name: str) -> None:
    view_cart(page, shop)
    close_any_popup(page)
    page.get_by_role("button", name=f"Remove {product_name}").click()


def close_any_popup(page: Page) -> None:
    """Wait for the page's offer (embedded, or its request), then Esc whatever it showed (a step,
    not the subject)."""
    page.wait_for_function("() => window.Upsell !== undefined && !window.Upsell.isLoading()")
    if page.locator("dialog.upsell-dialog").count():
        page.keyboard.press("Escape")
        expect(page.locator("dialog.upsell-dialog")).to_have_count(0)


def popup(page: Page, kind: str) -> Locator:
    dialog = page.locator(f"dialog.upsell-dialog[data-kind='{kind}']")
    expect(dialog).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('dialog img')].every(img => img.complete)"
    )
    dialog.evaluate("el => Promise.all(el.getAnimations().map(a => a.finished))")  # slide-in
    return dialog


def read_every_term(dialog: Locator) -> None:
    """Scroll the subscription terms through the box, as a shopper reads them (bounded)."""
    body = dialog.locator(".upsell-body")
    for _ in range(40):
        if dialog.locator(".upsell-term:not([data-read])").count() == 0:
            break
        body.evaluate("el => el.scrollBy(0, el.clientHeight / 2)")
        dialog.page.wait_for_timeout(50)
    expect(dialog.locator(".upsell-accept")).to_be_enabled()


def header_total(page: Page) -> Locator:
    return page.locator(".site-header [data-cart-total]")


def yen(slug: str) -> str:
    return format_money(Product.objects.get(slug=slug).price)


def offer_after(page: Page, trigger: str, step) -> dict[str, Any] | None:
    """Run ``step`` (which loads a page that fires ``trigger``) and return the offer decided for
    it: embedded in the page (the demo's default), or answered by the offers API when the page
    left the moment to the widget."""
    answers: list[Response] = []
    offers = re.compile(rf"/upsell/api/offers/\?trigger={trigger}\b")

    def listen(response: Response) -> None:
        if offers.search(response.url):
            answers.append(response)

    page.on("response", listen)
    step()
    page.wait_for_function(
        "t => { if (window.Upsell === undefined || window.Upsell.isLoading()) return false;"
        " const c = JSON.parse(document.getElementById('upsell-config').textContent);"
        " return c.trigger === t || c.noOfferFor === t; }",
        arg=trigger,
    )
    page.remove_listener("response", listen)
    config = page.evaluate("JSON.parse(document.getElementById('upsell-config').textContent)")
    if config["noOfferFor"] == trigger:
        return None  # decided with no offer; the page then asked its own moment
    if config["decided"]:
        return config["offer"]
    return answers[-1].json()["offer"]


def decline(page: Page, dialog: Locator) -> int:
    offer_id = int(dialog.get_attribute("data-offer-id"))
    with page.expect_response(re.compile(rf"/offers/{offer_id}/decline/$")):
        dialog.get_by_role("button", name="No thanks").click()
    expect(dialog).to_have_count(0)
    return offer_id


def screenshot(page: Page, kind: str, directory: Path) -> None:
    page.screenshot(path=str(directory / f"{kind}.png"), animations="disabled")


# -- upsell: add to cart ------------------------------------------------------------------------
def test_upsell_on_add_to_cart_replaces_the_phone_with_the_chosen_tier(
    page, demo_shop, screenshot_dir, js_errors
):
    add_to_cart(page, demo_shop, "aozora-phone-128")
    dialog = popup(page, "upsell")
    expect(header_total(page)).to_have_text(yen("aozora-phone-128"))

    dialog.get_by_role("radio", name=re.compile("Aozora Phone 256 GB")).check()
    screenshot(page, "upsell", screenshot_dir)
    if UPDATE_DOCS:
        shutil.copyfile(screenshot_dir / "upsell.png", ROOT / "docs" / "popup.png")
    dialog.get_by_role("button", name="Upgrade").click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(yen("aozora-phone-256"))
    view_cart(page, demo_shop)
    expect(page.locator("[data-cart-line]")).to_have_count(1)
    expect(page.locator("[data-cart-line]")).to_contain_text("Aozora Phone 256 GB")
    assert js_errors == []


def test_no_thanks_to_the_upsell_stops_it_for_the_session(page, demo_shop):
    add_to_cart(page, demo_shop, "aozora-phone-128")
    declined = decline(page, popup(page, "upsell"))

    def add_the_phone_again() -> None:
        add_to_cart(page, demo_shop, "aozora-phone-128")

    again = offer_after(page, "add_to_cart", add_the_phone_again)

    assert again is None or again["id"] != declined
    expect(page.locator(f"dialog[data-offer-id='{declined}']")).to_have_count(0)


def test_upsell_popup_on_a_phone_screen(phone_page, demo_shop, screenshot_dir):
    add_to_cart(phone_page, demo_shop, "aozora-phone-128")
    dialog = popup(phone_page, "upsell")

    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(dialog.get_by_role("button", name="Upgrade")).to_be_in_viewport()
    dialog.get_by_role("radio", name=re.compile("Aozora Phone 256 GB")).check()
    screenshot(phone_page, "upsell-phone", screenshot_dir)
    if UPDATE_DOCS:
        shutil.copyfile(screenshot_dir / "upsell-phone.png", ROOT / "docs" / "popup-phone.png")


# -- cross-sell: add to cart --------------------------------------------------------------------
def test_cross_sell_on_add_to_cart_adds_the_chosen_accessory(page, demo_shop, screenshot_dir):
    add_to_cart(page, demo_shop, "aozora-phone-pro-256")
    dialog = popup(page, "cross_sell")
    expect(dialog.get_by_role("checkbox")).to_have_count(3)
    screenshot(page, "cross_sell", screenshot_dir)
    case = Product.objects.get(slug="aozora-case-clear")

    dialog.get_by_role("checkbox", name=re.compile(case.name)).check()
    dialog.get_by_role("button", name="Add 1 to cart").click()

    expect(dialog).to_have_count(0)
    phone = Product.objects.get(slug="aozora-phone-pro-256")
    expect(header_total(page)).to_have_text(format_money(phone.price + case.price))


def test_no_thanks_to_the_cross_sell_stops_it_for_the_session(page, demo_shop):
    add_to_cart(page, demo_shop, "aozora-phone-pro-256")
    declined = decline(page, popup(page, "cross_sell"))

    def add_the_phone_again() -> None:
        add_to_cart(page, demo_shop, "aozora-phone-pro-256")

    again = offer_after(page, "add_to_cart", add_the_phone_again)

    assert again is None or again["id"] != declined


# -- bundle: cart view --------------------------------------------------------------------------
def test_bundle_on_the_cart_page_adds_the_set_at_the_package_price(page, demo_shop, screenshot_dir):
    add_to_cart(page, demo_shop, "sora-book-lite-13")
    close_any_popup(page)
    view_cart(page, demo_shop)
    dialog = popup(page, "bundle")
    package_price = dialog.locator(".upsell-summary-total .upsell-price").inner_text()
    screenshot(page, "bundle", screenshot_dir)

    dialog.get_by_role("button", name="Add the set").click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(package_price)
    view_cart(page, demo_shop)
    expect(page.locator("[data-cart-line]")).to_have_count(3)


def test_no_thanks_to_the_bundle_stops_it_for_the_session(page, demo_shop):
    add_to_cart(page, demo_shop, "sora-book-lite-13")
    close_any_popup(page)
    view_cart(page, demo_shop)
    declined = decline(page, popup(page, "bundle"))

    again = offer_after(page, "cart_view", page.reload)

    assert again is None or again["id"] != declined


# -- subscription: cart view --------------------------------------------------------------------
def test_subscription_switch_on_the_cart_page_converts_the_line(page, demo_shop, screenshot_dir):
    add_to_cart(page, demo_shop, "hinata-blend-200g")
    close_any_popup(page)
    view_cart(page, demo_shop)
    dialog = popup(page, "subscription")
    expect(dialog.locator("dl.upsell-terms dt")).to_contain_text(
        ["Price per delivery", "Delivery interval", "How to cancel"]
    )
    per_delivery = dialog.locator(".upsell-price").inner_text()
    screenshot(page, "subscription", screenshot_dir)

    read_every_term(dialog)
    dialog.get_by_role("button", name=re.compile("switch to a subscription")).click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(per_delivery)
    view_cart(page, demo_shop)
    expect(page.locator("[data-cart-line][data-subscription]")).to_have_count(1)


def test_no_thanks_to_the_subscription_stops_it_for_the_session(page, demo_shop):
    add_to_cart(page, demo_shop, "hinata-blend-200g")
    close_any_popup(page)
    view_cart(page, demo_shop)
    declined = decline(page, popup(page, "subscription"))

    again = offer_after(page, "cart_view", page.reload)

    assert again is None or again["id"] != declined


# -- subscription again, at the checkout's start ----------------------------------------------
def test_subscription_switch_at_checkout_start_converts_the_line(page, demo_shop):
    add_to_cart(page, demo_shop, "drip-bags-10")
    close_any_popup(page)
    page.goto(f"{demo_shop}/checkout/")
    dialog = popup(page, "subscription")
    per_delivery = dialog.locator(".upsell-price").inner_text()

    read_every_term(dialog)
    dialog.get_by_role("button", name=re.compile("switch to a subscription")).click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(per_delivery)


# -- cross-sell after the order: order completed -----------------------------------------------
def place_order(page: Page, shop: str) -> None:
    page.goto(f"{shop}/checkout/")
    close_any_popup(page)
    page.get_by_label("Full name").fill("Hanako Yamada")
    page.get_by_label("E-mail", exact=True).fill("hanako@example.com")
    page.locator("[data-place-order]").click()


def test_thank_you_offer_without_an_order_adapter_starts_a_new_cart(page, demo_shop, settings):
    # With its order adapter the demo adds it to the order instead (test_post_purchase.py).
    settings.UPSELL = {**settings.UPSELL, "ORDER_ADAPTER": None}
    add_to_cart(page, demo_shop, "nami-buds-compact")
    close_any_popup(page)
    place_order(page, demo_shop)
    dialog = popup(page, "cross_sell")
    expect(page).to_have_url(re.compile(r"/orders/"))
    expect(header_total(page)).to_have_text("¥0")
    price = dialog.locator(".upsell-price").inner_text()

    dialog.get_by_role("button", name="Add to cart").click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(price)


def test_no_thanks_to_the_thank_you_offer_stops_it_for_the_session(page, demo_shop):
    add_to_cart(page, demo_shop, "nami-buds-compact")
    close_any_popup(page)
    place_order(page, demo_shop)
    declined = decline(page, popup(page, "cross_sell"))
    add_to_cart(page, demo_shop, "nami-buds-compact")
    close_any_popup(page)

    again = offer_after(page, "order_completed", lambda: place_order(page, demo_shop))

    assert again is None or again["id"] != declined


# -- downsell: item removed ---------------------------------------------------------------------
def test_downsell_after_removing_earbuds_adds_the_cheaper_pair(page, demo_shop, screenshot_dir):
    add_to_cart(page, demo_shop, "nami-earbuds")
    close_any_popup(page)
    remove_from_cart(page, demo_shop, Product.objects.get(slug="nami-earbuds").name)
    dialog = popup(page, "downsell")
    expect(header_total(page)).to_have_text("¥0")
    screenshot(page, "downsell", screenshot_dir)

    dialog.get_by_role("button", name="Add to cart").click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(yen("nami-buds-compact"))


def test_no_thanks_to_the_downsell_stops_it_for_the_session(page, demo_shop):
    earbuds = Product.objects.get(slug="nami-earbuds").name
    add_to_cart(page, demo_shop, "nami-earbuds")
    close_any_popup(page)
    remove_from_cart(page, demo_shop, earbuds)
    declined = decline(page, popup(page, "downsell"))
    add_to_cart(page, demo_shop, "nami-earbuds")
    close_any_popup(page)

    again = offer_after(page, "item_removed", lambda: remove_from_cart(page, demo_shop, earbuds))

    assert again is None or again["id"] != declined


# -- what every shopper can rely on -------------------------------------------------------------
def test_offer_text_from_the_admin_is_shown_literally_not_as_html(page, demo_shop):
    attack = '<img src=x onerror="window.__xss = 1">'
    offer = Offer.objects.get(name="Phone essentials")
    offer.headline = attack
    offer.save()

    add_to_cart(page, demo_shop, "aozora-phone-pro-256")
    dialog = popup(page, "cross_sell")

    expect(dialog.locator(".upsell-title")).to_have_text(attack)
    expect(dialog.locator("img[src='x']")).to_have_count(0)
    assert page.evaluate("window.__xss") is None


def test_popup_speaks_japanese_when_the_shopper_chose_japanese(page, demo_shop):
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": demo_shop}])
    add_to_cart(page, demo_shop, "hinata-blend-200g")
    close_any_popup(page)
    view_cart(page, demo_shop)
    dialog = popup(page, "subscription")

    expect(dialog.get_by_role("button", name="いいえ、結構です")).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("定期購入に切り替えます"))).to_be_visible()
    expect(dialog.locator("dl.upsell-terms dt")).to_contain_text(["お届け間隔", "解約方法"])
    expect(dialog.locator(".upsell-eyebrow")).to_have_text("定期購入でお得に")
