"""Kitsune Sweets in a real browser: pages filled by the shop's own script from its JSON API, a
cart in a signed cookie. The five kinds of offer reach a placed order, the pop-up's totals are the
shop's own, and the first cart visit after a JavaScript add-to-cart shows the cart's offer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.shopbase.browser import popup, read_every_term
from upsell_app.models import OfferAcceptance

from .models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    return live_server.url


# -- a shopper's steps --------------------------------------------------------------------------
def ready(page: Page) -> None:
    """The shop's script has filled the page and the widget's offers request has answered."""
    page.wait_for_function(
        "() => document.body.dataset.ready === '1' && window.Upsell && !window.Upsell.isLoading()"
    )


def visit(page: Page, url: str) -> None:
    page.goto(url)
    ready(page)


def add(page: Page, shop: str, title: str) -> None:
    """Add on the shelf: the shop's script posts to its API, then tells the widget."""
    if page.url.rstrip("/") != shop:
        visit(page, f"{shop}/")
    page.evaluate("() => { delete document.body.dataset.added; }")
    page.get_by_role("button", name=f"Add {title}", exact=True).click()
    # The shop's script has added it and the widget has answered for the moment.
    page.wait_for_function("() => document.body.dataset.added !== undefined")
    ready(page)


def close_any_popup(page: Page) -> None:
    ready(page)
    if page.locator("dialog.upsell-dialog").count():
        page.keyboard.press("Escape")
        expect(page.locator("dialog.upsell-dialog")).to_have_count(0)


def accept(page: Page, dialog: Locator, button: str | re.Pattern) -> str:
    """Accept; the new total the pop-up's confirmation states."""
    read_every_term(dialog)
    dialog.get_by_role("button", name=button).click()
    total = page.locator(".upsell-toast .upsell-confirmation-total strong")
    expect(total).to_be_visible()
    return total.inner_text()


def cart_total(page: Page) -> Locator:
    return page.locator("[data-total]")


# -- JavaScript storefronts ---------------------------------------------------------------------
def test_the_first_cart_visit_after_a_javascript_add_shows_the_carts_offer(page, shop, js_errors):
    add(page, shop, "Daifuku")

    visit(page, f"{shop}/cart/")

    expect(popup(page, "bundle")).to_contain_text("Kinako dust")
    assert js_errors == []


def test_an_offer_for_a_javascript_add_opens_on_the_same_page(page, shop):
    add(page, shop, "Yokan")

    expect(popup(page, "cross_sell")).to_contain_text("Sencha 50 g")


def test_a_trigger_without_the_product_id_rejects_and_says_so_in_the_console(page, shop):
    visit(page, f"{shop}/")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    error = page.evaluate(
        "() => Upsell.trigger('add_to_cart').then(() => 'answered', (e) => e.message)"
    )

    assert "needs the product's id" in error
    assert any("needs the product's id" in text for text in console)


def test_a_trigger_for_an_unknown_moment_rejects_and_names_the_moments(page, shop):
    visit(page, f"{shop}/")

    error = page.evaluate("() => Upsell.trigger('added').then(() => 'answered', (e) => e.message)")

    assert 'unknown moment "added"' in error and "add_to_cart" in error


# -- the five kinds to a placed order -------------------------------------------------------------
def test_a_bundle_accepted_in_the_cart_reaches_the_order_page_with_its_set_discount(page, shop):
    add(page, shop, "Daifuku")
    visit(page, f"{shop}/cart/")

    new_total = accept(page, popup(page, "bundle"), "Add the set")

    expect(cart_total(page)).to_have_text(new_total)  # the pop-up's total is the shop's
    expect(cart_total(page)).to_have_text("¥700")  # 250 + 150 + 400 - 100
    visit(page, f"{shop}/checkout/")
    close_any_popup(page)
    page.get_by_label("Your name").fill("Kitsune Kon")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/"))
    ready(page)
    expect(page.locator("[data-order-total]")).to_have_text("¥700")
    terms = page.get_by_role("region", name="What you agreed in this order")
    expect(terms.locator("[data-upsell-set-discount]")).to_contain_text("−¥100")
    order = Order.objects.get()
    assert (order.discount_yen, order.total_yen) == (100, 700)


def test_all_five_kinds_reach_a_placed_order_at_the_shops_totals(page, shop):
    add(page, shop, "Dorayaki")  # upsell: the gold one, 10 % off
    total = accept(page, popup(page, "upsell"), "Upgrade")
    expect(page.locator("[data-cart-total]")).to_have_text(total)
    page.locator(".upsell-toast-close").click()

    add(page, shop, "Yokan")  # cross-sell: the tea, 20 % off
    total = accept(page, popup(page, "cross_sell"), "Add to cart")
    expect(page.locator("[data-cart-total]")).to_have_text(total)
    page.locator(".upsell-toast-close").click()

    add(page, shop, "Daifuku")
    visit(page, f"{shop}/cart/")  # bundle: on the first cart visit
    total = accept(page, popup(page, "bundle"), "Add the set")
    expect(cart_total(page)).to_have_text(total)
    page.locator(".upsell-toast-close").click()

    page.get_by_role("button", name="Remove Dorayaki gold").click()  # downsell: the mini
    total = accept(page, popup(page, "downsell"), "Add to cart")
    expect(cart_total(page)).to_have_text(total)

    add(page, shop, "Matcha 30 g")
    close_any_popup(page)
    visit(page, f"{shop}/checkout/")  # subscription: at checkout
    dialog = popup(page, "subscription")
    answers: list[dict] = []

    def keep(route: Route) -> None:  # the checkout page reloads: keep the pop-up's answer
        response = route.fetch()
        answers.append(response.json())
        route.fulfill(response=response)

    page.route(re.compile(r"/upsell/api/offers/\d+/accept/$"), keep)
    with page.expect_event("load"):  # the checkout page redraws its terms
        read_every_term(dialog)
        dialog.get_by_role("button", name=re.compile("switch to a subscription")).click()
    ready(page)
    close_any_popup(page)
    to_pay = page.locator("[data-total]").inner_text()
    [answer] = answers
    assert answer["confirmation"]["total_display"] == to_pay  # the pop-up's total is the shop's
    page.get_by_label("Your name").fill("Kitsune Kon")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/"))
    ready(page)

    # 1200 + 640 (tea) + 250 + 150 + 400 - 100 (set) + 200 (mini) + 1350 (matcha, plan)
    expect(page.locator("[data-order-total]")).to_have_text(to_pay)
    expect(page.locator("[data-order-total]")).to_have_text("¥4,090")
    terms = page.get_by_role("region", name="What you agreed in this order")
    # the tea, the set's two items, the mini and the matcha: each at the price agreed for it
    expect(terms.locator("[data-upsell-agreed-line]")).to_have_count(5)
    expect(terms.locator("[data-upsell-agreed-line]").filter(has_text="Sencha")).to_contain_text(
        "¥640"
    )
    expect(terms.locator("[data-upsell-plan]")).to_contain_text("Until 5 days before")
    order = Order.objects.get()
    lines = {line.sweet.code: (line.qty, line.yen_each) for line in order.lines.all()}
    assert lines == {
        "yokan": (1, 1200),
        "tea": (1, 640),  # the cross-sell at its 20 % off
        "daifuku": (1, 250),
        "kinako": (1, 150),
        "kuromitsu": (1, 400),
        "dorayaki-mini": (1, 200),
        "matcha": (1, 1350),  # the plan's price
    }
    assert (order.discount_yen, order.total_yen) == (100, 4090)
    assert order.total_yen == sum(q * each for q, each in lines.values()) - order.discount_yen
    agreed = OfferAcceptance.objects.exclude(kind="bundle").values_list("unit_price", flat=True)
    assert all(price == price.to_integral_value() for price in agreed)  # no fraction of a yen
