"""Tanuki Goods, in a real browser: each of the five kinds of offer works in a shop whose basket
has no place for a price, a discount or a plan, and the purchase is placed at the agreed prices."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.shopbase.browser import close_any_popup, popup, read_every_term
from upsell_app.models import OfferAcceptance

from .models import Purchase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    return live_server.url


# -- a shopper's steps --------------------------------------------------------------------------
def add(page: Page, shop: str, title: str) -> None:
    page.goto(f"{shop}/")
    page.get_by_role("button", name=f"Add {title}", exact=True).click()
    page.wait_for_url(f"{shop}/")


def accept(page: Page, dialog: Locator, button: str | re.Pattern) -> None:
    """Accept, and wait for the reload the shop asks for after an accepted offer."""
    read_every_term(dialog)  # a subscription's accept waits until every term was in view
    with page.expect_event("load"):
        dialog.get_by_role("button", name=button).click()
    close_any_popup(page)


def basket(page: Page, shop: str) -> None:
    page.goto(f"{shop}/basket/")


def row(page: Page, code: str) -> Locator:
    return page.locator(f"tr[data-row='{code}']")


def header_total(page: Page) -> Locator:
    return page.locator("[data-basket-total]")


# -- the five kinds -------------------------------------------------------------------------------
def test_upsell_swaps_the_row_at_the_agreed_price_and_keeps_retired_items_out(
    page, shop, js_errors
):
    add(page, shop, "Copper kettle")
    dialog = popup(page, "upsell")
    expect(dialog).not_to_contain_text("Enamel kettle")  # retired: never offered

    accept(page, dialog, "Upgrade")

    expect(header_total(page)).to_have_text("¥4050")  # 4500 less 10 %, agreed by the app
    basket(page, shop)
    close_any_popup(page)
    expect(page.locator("tr[data-row]")).to_have_count(1)
    expect(row(page, "kettle-pro").locator("[data-each]")).to_have_text("¥4050")
    expect(page.locator("[data-total]")).to_have_text("¥4050")
    assert js_errors == []


def test_cross_sell_adds_the_towel_at_its_offer_price(page, shop):
    add(page, shop, "Tetsubin teapot")
    dialog = popup(page, "cross_sell")

    accept(page, dialog, "Add to cart")

    basket(page, shop)
    close_any_popup(page)
    expect(row(page, "towel").locator("[data-each]")).to_have_text("¥800")
    expect(page.locator("[data-total]")).to_have_text("¥6800")


def test_bundle_shows_its_set_discount_in_the_basket_total(page, shop):
    add(page, shop, "Hasami dripper")
    close_any_popup(page)
    basket(page, shop)
    dialog = popup(page, "bundle")

    accept(page, dialog, "Add the set")

    expect(page.locator("tr[data-row]")).to_have_count(3)
    expect(page.locator("tr[data-discount]")).to_have_count(1)
    expect(page.locator("tr[data-discount]")).to_contain_text("-¥400")
    expect(page.locator("[data-total]")).to_have_text("¥4600")  # 2500 + 500 + 2000 - 400


def test_set_discount_goes_when_a_row_of_the_set_is_removed(page, shop):
    add(page, shop, "Hasami dripper")
    close_any_popup(page)
    basket(page, shop)
    accept(page, popup(page, "bundle"), "Add the set")

    page.get_by_role("button", name="Remove Glass server").click()
    close_any_popup(page)

    expect(page.locator("tr[data-discount]")).to_have_count(0)
    expect(page.locator("[data-total]")).to_have_text("¥3000")


def test_subscription_switch_at_checkout_keeps_the_row_and_prices_each_delivery(page, shop):
    add(page, shop, "Hinata beans 200 g")
    close_any_popup(page)
    page.goto(f"{shop}/checkout/")
    dialog = popup(page, "subscription")
    expect(dialog.locator("dl.upsell-terms")).to_contain_text("Cancel any time")

    accept(page, dialog, re.compile("switch to a subscription"))

    expect(page.locator("[data-total]")).to_have_text("¥1620")
    # The purchase is placed on this page: it states every term the shopper agreed to.
    terms = page.get_by_role("region", name="Subscription terms")
    expect(terms.locator("[data-term]")).to_have_count(13)
    expect(terms).to_contain_text("Until 5 days before the next shipment")
    basket(page, shop)
    close_any_popup(page)
    expect(row(page, "beans").locator("[data-note]")).to_contain_text("every 1 month")


def test_downsell_after_removing_the_pro_kettle_adds_the_mini(page, shop):
    add(page, shop, "Copper kettle Pro")
    close_any_popup(page)
    basket(page, shop)
    close_any_popup(page)
    page.get_by_role("button", name="Remove Copper kettle Pro").click()
    dialog = popup(page, "downsell")

    accept(page, dialog, "Add to cart")

    expect(page.locator("tr[data-row]")).to_have_count(1)
    expect(row(page, "kettle-mini").locator("[data-each]")).to_have_text("¥2000")


# -- the purchase ---------------------------------------------------------------------------------
def test_purchase_is_placed_at_the_agreed_prices_and_set_discount(page, shop):
    add(page, shop, "Copper kettle")
    accept(page, popup(page, "upsell"), "Upgrade")
    add(page, shop, "Hasami dripper")
    close_any_popup(page)
    basket(page, shop)
    accept(page, popup(page, "bundle"), "Add the set")

    page.goto(f"{shop}/checkout/")
    close_any_popup(page)
    page.get_by_label("Your name").fill("Tanuki Taro")
    page.get_by_role("button", name="Place purchase").click()

    expect(page.locator("[data-total]")).to_have_text("¥8650")  # 4050 + 2500 + 500 + 2000 - 400
    purchase = Purchase.objects.get()
    assert {r.item.code: r.yen_each for r in purchase.rows.all()} == {
        "kettle-pro": 4050,
        "dripper": 2500,
        "filters": 500,
        "server": 2000,
    }
    assert (purchase.discount_yen, purchase.total_yen) == (400, 8650)
    # The app compared the purchase with what it agreed: nothing to report.
    reports = OfferAcceptance.objects.values_list("order_id", "order_mismatch")
    assert sorted(reports) == [(purchase.number, ""), (purchase.number, "")]
