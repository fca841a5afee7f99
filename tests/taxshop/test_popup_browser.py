"""Chaya Tea in a real browser: all five kinds of offer, one after another, to a placed purchase.

At every accept the pop-up's "new cart total" is the shop's own total to the yen (each line's tax
rounded down on its own, the set discount split by rate), every price the pop-up shows carries
the shop's label 税込, and the purchase keeps the agreed prices without tax and the tax by rate.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.shopbase import browser
from tests.shopbase.browser import close_any_popup, read_every_term
from upsell_app.models import OfferAcceptance

from .models import Purchase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = Decimal


@pytest.fixture
def shop(live_server, offers) -> str:  # noqa: ARG001 - the offers must exist
    return live_server.url


def yen(text: str) -> Decimal:
    """``¥16,540 税込`` -> 16540; ``¥2896.00`` -> 2896."""
    return D(re.sub(r"[¥,\s]", "", text.split("税込")[0]))


def add(page: Page, shop: str, title: str) -> None:
    page.goto(f"{shop}/")
    page.get_by_role("button", name=f"Add {title}", exact=True).click()
    page.wait_for_url(f"{shop}/")


def popup(page: Page, kind: str) -> Locator:
    """The pop-up of ``kind``; its prices carry the label every price on the shop's pages has."""
    dialog = browser.popup(page, kind)
    expect(dialog.locator(".upsell-price, .upsell-terms").first).to_contain_text("税込")
    return dialog


@pytest.fixture
def answers(page: Page) -> list[dict]:
    """The accept answers the pop-up received (the page reloads right after each)."""
    seen: list[dict] = []

    def keep(route) -> None:  # noqa: ANN001 - Playwright's Route
        response = route.fetch()
        seen.append(response.json())
        route.fulfill(response=response)

    page.route(re.compile(r"/accept/$"), keep)
    return seen


def accept(page: Page, dialog: Locator, button: str | re.Pattern, answers: list[dict]) -> Decimal:
    """Accept; the new cart total the pop-up received must be the shop's own after its reload."""
    read_every_term(dialog)
    before = len(answers)
    with page.expect_event("load"):
        dialog.get_by_role("button", name=button).click()
    close_any_popup(page)
    assert len(answers) == before + 1
    cart = answers[-1]["cart"]
    assert cart["total_display"].endswith("税込")
    shop_total = yen(page.locator("[data-basket-total]").inner_text())
    assert yen(cart["total_display"]) == D(cart["total"]) == shop_total
    return shop_total


def test_all_five_kinds_to_a_purchase_with_the_shops_totals_and_tax_by_rate(
    page, shop, answers, js_errors
):
    add(page, shop, "Sencha 100 g")
    dialog = popup(page, "upsell")
    expect(dialog.locator(".upsell-price").first).to_have_text("¥2,896 税込")
    assert accept(page, dialog, "Upgrade", answers) == 2896  # 2682 + floor(214.56)

    add(page, shop, "Tokoname kyusu")
    dialog = popup(page, "cross_sell")
    dialog.get_by_role("checkbox", name=re.compile("Yunomi cup")).check()
    live = dialog.locator(".upsell-live-total")
    # The cart holds 2896 + 5478 (4980 + 498); the cup adds 1088 + 108.
    expect(live).to_contain_text("New cart total: ¥9,570 税込")
    assert accept(page, dialog, re.compile("^Add .*to cart"), answers) == 9570

    add(page, shop, "Chasen whisk")
    close_any_popup(page)
    page.goto(f"{shop}/basket/")
    dialog = popup(page, "bundle")
    expect(dialog).to_contain_text("¥8,693 税込")  # the set, less 402 + 40 and 98 + 7
    assert accept(page, dialog, "Add the set", answers) == 9570 + 8693

    page.get_by_role("button", name="Remove Premium sencha 100 g").click()
    dialog = popup(page, "downsell")
    expect(dialog.locator(".upsell-price").first).to_have_text("¥842 税込")
    assert accept(page, dialog, "Add to cart", answers) == 18263 - 2896 + 842

    add(page, shop, "Hojicha 200 g")
    close_any_popup(page)
    page.goto(f"{shop}/checkout/")
    dialog = popup(page, "subscription")
    expect(dialog.locator("dl.upsell-terms")).to_contain_text("¥331 税込")
    assert accept(page, dialog, re.compile("switch to a subscription"), answers) == 16209 + 331

    assert yen(page.locator("[data-total]").inner_text()) == 16540
    page.get_by_label("Your name").fill("Chaya Hanako")
    page.get_by_role("button", name="Place purchase").click()

    expect(page.locator("[data-total]")).to_have_text("¥16540")  # the receipt
    purchase = Purchase.objects.get()
    assert {r.item.code: (r.price_each, r.rate, r.tax) for r in purchase.rows.all()} == {
        "sencha-small": (D("780"), 8, D("62")),
        "kyusu": (D("4980"), 10, D("498")),
        "yunomi": (D("1088"), 10, D("108")),
        "chasen": (D("3480"), 10, D("348")),
        "matcha": (D("1650"), 8, D("132")),
        "chawan": (D("3300"), 10, D("330")),
        "hojicha": (D("307"), 8, D("24")),
    }
    assert (purchase.subtotal, purchase.discount) == (D("15585"), D("500"))
    assert (purchase.tax_8, purchase.tax_10, purchase.total) == (D("211"), D("1244"), D("16540"))
    amounts = [purchase.subtotal, purchase.discount, purchase.tax_8, purchase.tax_10]
    amounts += [a for r in purchase.rows.all() for a in (r.price_each, r.amount, r.tax)]
    amounts += [a for d in purchase.discounts.all() for a in (d.amount, d.tax)]
    assert [a for a in amounts if a != a.to_integral_value()] == []
    reports = OfferAcceptance.objects.values_list("order_id", "order_mismatch")
    assert {report for report in reports if report[0]} == {(purchase.number, "")}
    assert js_errors == []
