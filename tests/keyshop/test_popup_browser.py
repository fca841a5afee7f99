"""Kumo Tea in a real browser: the pop-up's script carries UUIDs and string codes as they are,
from the shop's moment to a placed order at the agreed prices."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.shopbase.browser import close_any_popup, popup, read_every_term, settled
from upsell_app.models import OfferAcceptance

from .models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    return live_server.url


def add(page: Page, shop: str, title: str) -> None:
    page.goto(f"{shop}/")
    page.get_by_role("button", name=f"Add {title}", exact=True).first.click()
    page.wait_for_url(f"{shop}/")


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


# -- the five kinds to a placed order -------------------------------------------------------------
ACCEPTED = re.compile(r"/upsell/api/offers/\d+/accept/$")


def yen(text: str) -> int:
    """Whole yen from a price as a page shows it (``¥15,020``); a fraction of a yen fails."""
    match = re.fullmatch(r"¥([\d,]+)", text.strip())
    assert match, f"not a whole-yen price: {text!r}"
    return int(match.group(1).replace(",", ""))


def accept_for_total(page: Page, dialog: Locator, button: str | re.Pattern) -> int:
    """Accept; the new cart total the pop-up's accept answered with (this shop reloads its page
    after an accept, so the total is read from the answer as the pop-up received it)."""
    answers: list[dict] = []

    def keep(route: Route) -> None:
        response = route.fetch()
        answers.append({"status": response.status, "body": response.json()})
        route.fulfill(response=response)

    page.route(ACCEPTED, keep)
    try:
        with page.expect_event("load"):
            dialog.get_by_role("button", name=button).click()
    finally:
        page.unroute(ACCEPTED, keep)
    settled(page)
    [answer] = answers
    assert answer["status"] == 200, answer
    return yen(answer["body"]["confirmation"]["total_display"])


def shops_cart_total(page: Page, shop: str) -> int:
    if page.url != f"{shop}/cart/":
        page.goto(f"{shop}/cart/")
    close_any_popup(page)
    return yen(page.locator("[data-cart-total]").inner_text())


def test_all_five_kinds_reach_a_placed_order_at_the_shops_totals(page, shop, js_errors):
    add(page, shop, "Iron kettle")  # upsell: the Pro, 10 % off
    total = accept_for_total(page, popup(page, "upsell"), "Upgrade")
    assert total == shops_cart_total(page, shop) == 4050

    add(page, shop, "Kyusu teapot")  # cross-sell: the towel, 20 % off
    total = accept_for_total(page, popup(page, "cross_sell"), "Add to cart")
    assert total == shops_cart_total(page, shop) == 4050 + 6000 + 800

    add(page, shop, "Dripper")
    page.goto(f"{shop}/cart/")  # bundle: on the cart page
    total = accept_for_total(page, popup(page, "bundle"), "Add the set")
    assert total == shops_cart_total(page, shop) == 10850 + 2500 + 500 + 2000 - 400

    with page.expect_event("load"):  # downsell: the Mini, after the Pro is removed
        page.get_by_role("button", name="Remove Iron kettle Pro").click()
    total = accept_for_total(page, popup(page, "downsell"), "Add to cart")
    assert total == shops_cart_total(page, shop) == 15450 - 4050 + 2000

    add(page, shop, "Sencha 100 g")
    close_any_popup(page)
    page.goto(f"{shop}/checkout/")  # subscription: at checkout, its terms before consent
    dialog = popup(page, "subscription")
    consent = dialog.get_by_role("button", name=re.compile("switch to a subscription"))
    terms = dialog.locator(".upsell-terms")
    for term in (
        "Until 5 days before the next shipment",
        "Renews each month until cancelled",
        "The card used for this order",
        "Charged when each delivery ships",
    ):
        expect(terms).to_contain_text(term)
    expect(consent).to_be_disabled()  # not before every term has been in view
    read_every_term(dialog)
    expect(consent).to_be_enabled()
    total = accept_for_total(page, dialog, re.compile("switch to a subscription"))
    close_any_popup(page)
    to_pay = yen(page.locator("[data-cart-total]").inner_text())  # the checkout page's total
    assert total == to_pay == 13400 + 1800 - 180

    page.get_by_role("button", name="Place order").click()
    expect(page.locator("[data-order-total]")).to_have_text(f"¥{to_pay}")
    order = Order.objects.get()
    rows = {row.variant_id: (row.qty, row.yen_each) for row in order.rows.all()}
    assert rows == {
        "TEAPOT": (1, 6000),
        "TOWEL": (1, 800),  # the towel at its agreed 20 % off
        "DRIPPER": (1, 2500),
        "FILTERS": (1, 500),
        "SERVER": (1, 2000),
        "KETTLE-MINI": (1, 2000),
        "SENCHA": (1, 1620),  # the tea at its plan's price
    }
    assert (order.discount_yen, order.total_yen) == (400, to_pay)
    assert order.total_yen == sum(q * each for q, each in rows.values()) - order.discount_yen
    agreed = OfferAcceptance.objects.exclude(kind="bundle").values_list("unit_price", flat=True)
    assert all(price == price.to_integral_value() for price in agreed)  # no fraction of a yen
    assert js_errors == []
