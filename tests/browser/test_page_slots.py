"""Offers placed in the page, in the demo shop's real pages: "often bought together" on a product
page and the cart page's slot, never a modal, in English and Japanese, with nothing for axe-core
to report."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from shop_demo.shop.models import CartLine, Product
from upsell_app.selection.pricing import format_money

from .test_accessibility import axe_violations, report
from .test_demo_shop import (
    add_to_cart,
    close_any_popup,
    demo_shop,  # noqa: F401  (fixture)
    header_total,
    view_cart,
)
from .test_languages import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def price(slug: str) -> Decimal:
    return Product.objects.get(slug=slug).price


def lines() -> list[tuple[str, Decimal]]:
    return list(CartLine.objects.order_by("pk").values_list("product__slug", "unit_price"))


def together(page: Page, shop: str):
    page.goto(f"{shop}/p/gooseneck-kettle/")
    region = page.get_by_role("region", name="Often bought together")
    expect(region).to_be_visible()
    return region


def test_two_ticked_items_of_often_bought_together_are_added_at_their_combined_price(
    page,
    demo_shop,  # noqa: F811
    js_errors,
):
    kettle, mug, beans = price("gooseneck-kettle"), price("hasami-mug"), price("hinata-blend-200g")
    region = together(page, demo_shop)
    boxes = region.get_by_role("checkbox")
    expect(boxes).to_have_count(3)
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()  # the set, ticked; nothing added yet
    live = region.locator(".upsell-live-total")
    expect(live).to_contain_text(format_money(kettle + mug + beans))

    region.get_by_role("checkbox", name=re.compile("Coffee Beans")).uncheck()

    expect(live).to_contain_text(f"Selected items: {format_money(kettle + mug)}")
    region.get_by_role("button", name="Add selected to cart").click()
    expect(page.locator(".upsell-toast").get_by_role("status")).to_contain_text(
        format_money(kettle + mug)
    )
    assert lines() == [("gooseneck-kettle", kettle), ("hasami-mug", mug)]
    expect(header_total(page)).to_have_text(format_money(kettle + mug))
    expect(page.locator("dialog.upsell-dialog")).to_have_count(0)
    view_cart(page, demo_shop)
    close_any_popup(page)
    cart = page.locator("#cart-contents")
    expect(cart.locator("[data-cart-line]")).to_have_count(2)
    expect(cart.locator(".cart-line__price").nth(0)).to_contain_text(format_money(kettle))
    expect(cart.locator(".cart-line__price").nth(1)).to_contain_text(format_money(mug))
    assert js_errors == []


@pytest.mark.parametrize("language", ["en", "ja"])
def test_often_bought_together_has_no_axe_violations(page, demo_shop, language):  # noqa: F811
    in_language(page, demo_shop, language)
    page.goto(f"{demo_shop}/p/gooseneck-kettle/")
    region = page.locator("section.upsell-slot")
    expect(region).to_have_attribute("lang", language)
    region.get_by_role("checkbox").nth(2).uncheck()  # the live price changed once

    violations = axe_violations(page)

    assert violations == [], report(violations)


def test_the_cart_pages_slot_is_in_the_page_and_no_modal_opens_for_it(page, demo_shop):  # noqa: F811
    add_to_cart(page, demo_shop, "shizuku-pitcher")
    close_any_popup(page)

    view_cart(page, demo_shop)

    region = page.get_by_role("region", name="Spare cartridges for your pitcher")
    expect(region).to_be_visible()
    offer_id = region.get_attribute("data-offer-id")
    expect(page.locator(f"dialog[data-offer-id='{offer_id}']")).to_have_count(0)
    region.get_by_role("button", name=re.compile("Add")).click()
    expect(region).to_have_count(0)
    assert [slug for slug, _ in lines()] == ["shizuku-pitcher", "water-filter-cartridge-3"]


def test_no_thanks_in_the_page_removes_the_offer_and_it_stays_away(page, demo_shop):  # noqa: F811
    region = together(page, demo_shop)

    # The "no" is sent without keeping the shopper waiting: wait for it before coming back.
    with page.expect_response(lambda response: "/decline/" in response.url):
        region.get_by_role("button", name="No thanks").click()

    expect(region).to_have_count(0)
    page.reload()
    expect(page.locator("section.upsell-slot")).to_have_count(0)
