"""Kumo Tea in a real browser: the pop-up's script carries UUIDs and string codes as they are,
from the shop's moment to a placed order at the agreed prices."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from .models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    return live_server.url


def settled(page: Page) -> None:
    page.wait_for_function("() => window.Upsell !== undefined && !window.Upsell.isLoading()")


def add(page: Page, shop: str, title: str) -> None:
    page.goto(f"{shop}/")
    page.get_by_role("button", name=f"Add {title}", exact=True).first.click()
    page.wait_for_url(f"{shop}/")


def popup(page: Page, kind: str) -> Locator:
    dialog = page.locator(f"dialog.upsell-dialog[data-kind='{kind}']")
    expect(dialog).to_be_visible()
    return dialog


def accept(page: Page, dialog: Locator, button: str) -> None:
    with page.expect_event("load"):
        dialog.get_by_role("button", name=button).click()
    settled(page)


def test_an_upsell_keyed_by_the_shops_keys_is_accepted_and_ordered(page, shop, js_errors):
    add(page, shop, "Iron kettle")

    accept(page, popup(page, "upsell"), "Upgrade")

    page.goto(f"{shop}/cart/")
    settled(page)
    expect(page.locator("tr[data-row='KETTLE-PRO'] [data-each]")).to_have_text("¥4050")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Place order").click()
    expect(page.locator("[data-order-total]")).to_have_text("¥4050")
    assert Order.objects.get().rows.get().variant_id == "KETTLE-PRO"
    assert js_errors == []


def test_a_bundle_on_the_cart_page_adds_the_set_and_its_discount(page, shop, js_errors):
    add(page, shop, "Dripper")
    page.goto(f"{shop}/cart/")

    accept(page, popup(page, "bundle"), "Add the set")

    expect(page.locator("[data-cart-total]")).to_have_text("¥4600")
    assert js_errors == []
