"""Several picks with a live total, the confirmation and Undo, in the demo shop's real pages."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from shop_demo.shop.models import CartLine, Product
from upsell_app.selection.pricing import format_money

from .test_demo_shop import add_to_cart, header_total, popup, view_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_shop(live_server) -> str:
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def price(slug: str):
    return Product.objects.get(slug=slug).price


def lines() -> list[tuple[int, int]]:
    return list(CartLine.objects.order_by("pk").values_list("product_id", "unit_price"))


def axe_violations(page: Page, selector: str) -> list[dict]:
    result = Axe().run(page, context=selector)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result.response["violations"]
    ]


def test_two_of_three_picks_are_added_with_a_live_total_and_undo_restores_the_cart(
    page, demo_shop, js_errors
):
    add_to_cart(page, demo_shop, "aozora-phone-pro-256")
    dialog = popup(page, "cross_sell")
    before = lines()
    phone, case, glass = (
        price("aozora-phone-pro-256"),
        price("aozora-case-clear"),
        price("glass-screen-protector"),
    )
    checkboxes = dialog.get_by_role("checkbox")
    expect(checkboxes).to_have_count(3)
    for index in range(3):
        expect(checkboxes.nth(index)).not_to_be_checked()
    expect(dialog.get_by_role("button", name="Add to cart")).to_be_disabled()

    dialog.get_by_role("checkbox", name=re.compile("Clear Case")).check()
    dialog.get_by_role("checkbox", name=re.compile("Screen Protector")).check()

    live = dialog.locator(".upsell-live-total")
    expect(live).to_contain_text(f"Selected items: {format_money(case + glass)}")
    expect(live).to_contain_text(f"New cart total: {format_money(phone + case + glass)}")
    dialog.get_by_role("button", name="Add 2 to cart").click()

    expect(dialog).to_have_count(0)
    toast = page.locator(".upsell-toast")
    expect(toast.get_by_role("status")).to_contain_text(
        f"New cart total: {format_money(phone + case + glass)}"
    )
    expect(header_total(page)).to_have_text(format_money(phone + case + glass))
    added = {pid for pid, _ in lines()} - {pid for pid, _ in before}
    assert added == {
        Product.objects.get(slug="aozora-case-clear").pk,
        Product.objects.get(slug="glass-screen-protector").pk,
    }

    toast.get_by_role("button", name="Undo").click()

    expect(toast.get_by_role("status")).to_contain_text("Undone")
    expect(header_total(page)).to_have_text(format_money(phone))
    assert lines() == before
    assert js_errors == []


def test_the_cart_page_shows_the_new_cart_without_a_reload(page, demo_shop):
    add_to_cart(page, demo_shop, "aozora-phone-128")
    popup(page, "upsell")  # the add-to-cart pop-up, left unanswered: the cart page asks again
    view_cart(page, demo_shop)
    dialog = popup(page, "upsell")
    page.evaluate("window.__samePage = true")

    dialog.get_by_role("radio", name=re.compile("Aozora Phone 256 GB")).check()
    dialog.get_by_role("button", name="Upgrade").click()

    expect(page.locator("[data-cart-line]")).to_contain_text("Aozora Phone 256 GB")
    expect(page.locator(".summary [data-cart-total]")).to_have_text(
        format_money(price("aozora-phone-256"))
    )
    assert page.evaluate("window.__samePage") is True


def test_axe_finds_no_violation_on_the_multi_pick_pop_up_and_the_confirmation(page, demo_shop):
    add_to_cart(page, demo_shop, "aozora-phone-pro-256")
    dialog = popup(page, "cross_sell")
    dialog.get_by_role("checkbox", name=re.compile("Clear Case")).check()

    assert axe_violations(page, "dialog.upsell-dialog") == []

    dialog.get_by_role("button", name="Add 1 to cart").click()
    toast = page.locator(".upsell-toast")
    expect(toast.get_by_role("status")).to_contain_text("Added to your cart")

    assert axe_violations(page, ".upsell-toast") == []
