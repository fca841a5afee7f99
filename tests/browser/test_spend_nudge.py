"""The spend-threshold nudge in the demo shop, as a shopper meets it on the cart page.

The demo charges ¥500 shipping below ¥5,000 and names that amount in django-upsell's admin
(``load_demo``): a cart ¥800 short hears how much is left and sees items that close the gap;
adding one is an ordinary accept, the nudge goes, and the order ships free.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from shop_demo.shop.models import CartLine, Order, Product

from .test_demo_shop import add_to_cart, close_any_popup, demo_shop, place_order  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The demo's catalogue has no ¥4,200 basket: the mug is priced for this walk, shop side.
MUG = "hasami-mug"


@pytest.fixture
def cart_800_short(page: Page, demo_shop: str) -> str:  # noqa: F811
    Product.objects.filter(slug=MUG).update(price=Decimal(4200))
    add_to_cart(page, demo_shop, MUG)
    close_any_popup(page)
    page.goto(f"{demo_shop}/cart/")
    close_any_popup(page)
    return demo_shop


def nudge(page: Page) -> Locator:
    return page.locator("#upsell-spend-nudge")


def suggested_slugs(page: Page) -> list[str]:
    ids = nudge(page).locator("[data-upsell-nudge-item]").evaluate_all(
        "items => items.map(item => Number(item.dataset.productId))"
    )
    by_id = dict(Product.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [by_id[i] for i in ids]


def test_a_cart_800_short_shows_the_gap_and_items_that_close_it_then_ships_free(
    page: Page, cart_800_short: str, js_errors: list[str]
):
    status = nudge(page).get_by_role("status")
    expect(status).to_have_text("Add ¥800 more for free shipping")
    expect(page.locator("[data-cart-shipping]")).to_have_text("¥500")
    suggested = suggested_slugs(page)
    assert suggested and MUG not in suggested
    for product in Product.objects.filter(slug__in=suggested):
        assert product.price >= 800 and product.stock > 0

    first = Product.objects.get(slug=suggested[0])
    nudge(page).get_by_role("button", name=f"Add {first.name} to cart").click()

    expect(page.locator(f"[data-cart-line][data-product-id='{first.pk}']")).to_have_count(1)
    expect(nudge(page)).to_be_hidden()
    expect(page.locator("[data-cart-shipping]")).to_have_text("Free")
    place_order(page, cart_800_short)
    expect(page).to_have_url(re.compile(r"/orders/"))
    expect(page.locator("[data-order-shipping]")).to_have_text("Free")
    order = Order.objects.get()
    assert order.shipping == 0
    assert sorted(order.lines.values_list("product__slug", flat=True)) == sorted([MUG, first.slug])
    assert js_errors == []


def test_a_product_out_of_stock_or_in_the_cart_is_never_suggested(page: Page, demo_shop: str):  # noqa: F811
    Product.objects.filter(slug=MUG).update(price=Decimal(4200))
    Product.objects.filter(slug="genmaicha-25").update(stock=0)  # the cheapest closer, sold out
    add_to_cart(page, demo_shop, "drip-bags-10")  # the next cheapest, already in the cart
    close_any_popup(page)
    Product.objects.filter(slug=MUG).update(price=Decimal(3000))  # 1,200 + 3,000: ¥800 short
    add_to_cart(page, demo_shop, MUG)
    close_any_popup(page)
    page.goto(f"{demo_shop}/cart/")
    close_any_popup(page)

    expect(nudge(page).get_by_role("status")).to_have_text("Add ¥800 more for free shipping")
    suggested = suggested_slugs(page)
    assert suggested
    assert not {"genmaicha-25", "drip-bags-10", MUG} & set(suggested)


def test_a_cart_far_below_the_threshold_shows_no_nudge(page: Page, demo_shop: str):  # noqa: F811
    add_to_cart(page, demo_shop, "drip-bags-10")  # ¥1,200: ¥3,800 short, beyond ¥2,000
    close_any_popup(page)
    page.goto(f"{demo_shop}/cart/")
    close_any_popup(page)

    expect(page.locator("[data-cart-shipping]")).to_have_text("¥500")
    expect(nudge(page)).to_be_hidden()
    expect(nudge(page).locator("[data-upsell-nudge-item]")).to_have_count(0)


def test_a_japanese_shopper_reads_the_gap_in_japanese(page: Page, demo_shop: str):  # noqa: F811
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": demo_shop}])
    Product.objects.filter(slug=MUG).update(price=Decimal(4200))
    add_to_cart(page, demo_shop, MUG)
    close_any_popup(page)
    page.goto(f"{demo_shop}/cart/")
    close_any_popup(page)

    expect(nudge(page).get_by_role("status")).to_have_text("あと¥800で送料無料")
    expect(nudge(page).get_by_role("button").first).to_have_text("カートに追加する")


def test_axe_finds_no_violation_in_the_nudge(page: Page, cart_800_short: str):
    result = Axe().run(page, context="#upsell-spend-nudge")

    assert result.response["violations"] == []


def test_the_line_the_nudge_added_is_at_the_shops_price(page: Page, cart_800_short: str):
    first = suggested_slugs(page)[0]
    product = Product.objects.get(slug=first)
    nudge(page).get_by_role("button", name=f"Add {product.name} to cart").click()

    expect(page.locator(f"[data-cart-line][data-product-id='{product.pk}']")).to_have_count(1)
    assert CartLine.objects.get(product=product).unit_price == product.price
