"""Acceptance: one click after purchase, in the demo shop.

A shopper places an order; the thank-you pop-up says the item is added to that order and charged
with it; accepting adds the line, and the same order page shows it with the new total. After the
window (the order's placed time moved back in the database, no sleeping) the pop-up says plainly
that accepting starts a new order.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from playwright.sync_api import Page, Route, expect

from shop_demo.shop.models import Order
from upsell_app.selection.pricing import format_money

from .test_demo_shop import add_to_cart, close_any_popup, header_total, place_order, popup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_shop(live_server) -> str:
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def amount(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d]", "", text))


def test_thank_you_offer_joins_the_order_and_the_order_page_shows_the_new_total(
    page: Page, demo_shop: str, js_errors
):
    add_to_cart(page, demo_shop, "nami-buds-compact")
    close_any_popup(page)
    place_order(page, demo_shop)
    dialog = popup(page, "cross_sell")
    number = page.locator("[data-order-number]").inner_text()
    before = amount(page.locator("[data-order-total]").inner_text())
    price = amount(dialog.locator(".upsell-price").first.inner_text())
    notice = dialog.locator(".upsell-order-notice")
    expect(notice).to_contain_text(f"Added to order #{number}")
    expect(notice).to_contain_text(format_money(price))

    dialog.get_by_role("button", name=f"Add to order #{number}").click()

    expect(dialog).to_have_count(0)
    expect(page.locator("[data-order-line]")).to_have_count(2)
    expect(page.locator("[data-order-total]")).to_have_text(format_money(before + price))
    expect(header_total(page)).to_have_text("¥0")  # no new cart
    page.reload()
    expect(page.locator("[data-order-line]")).to_have_count(2)
    expect(page.locator("[data-order-total]")).to_have_text(format_money(before + price))
    assert js_errors == []


def test_after_the_window_the_thank_you_offer_says_it_starts_a_new_order(
    page: Page, demo_shop: str
):
    def sixteen_minutes_later(route: Route) -> None:
        # The order is placed; before the browser follows on to the thank-you page, its placed
        # time moves 16 minutes back.
        if route.request.method != "POST":
            route.continue_()
            return
        placed = route.fetch(max_redirects=0)
        Order.objects.update(created_at=F("created_at") - timedelta(minutes=16))
        route.fulfill(response=placed)

    add_to_cart(page, demo_shop, "nami-buds-compact")
    close_any_popup(page)
    page.route(re.compile(r"/checkout/$"), sixteen_minutes_later)
    place_order(page, demo_shop)
    dialog = popup(page, "cross_sell")
    number = page.locator("[data-order-number]").inner_text()
    expect(dialog.locator(".upsell-order-notice")).to_contain_text("starts a new order")
    expect(dialog.get_by_role("button", name=f"Add to order #{number}")).to_have_count(0)
    price = dialog.locator(".upsell-price").first.inner_text()

    dialog.get_by_role("button", name="Add to cart").click()

    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(price)
    expect(page.locator("[data-order-line]")).to_have_count(1)
