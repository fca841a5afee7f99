"""A shopper's steps in the oscar sample shop, through oscar's own pages."""

from __future__ import annotations

import re

from oscar.core.loading import get_model
from playwright.sync_api import Locator, Page, expect

ADDRESS = {
    "first_name": "Hanako",
    "last_name": "Yamada",
    "line1": "1-2-3 Jingumae",
    "line4": "Shibuya, Tokyo",
    "postcode": "150-0001",
}


def settle(page: Page) -> None:
    """Wait until the page's offer request has been answered."""
    page.wait_for_function("() => window.Upsell !== undefined && !window.Upsell.isLoading()")


def close_any_popup(page: Page) -> None:
    """Esc whatever the moment showed (a step of the journey, not its subject)."""
    settle(page)
    if page.locator("dialog.upsell-dialog").count():
        page.keyboard.press("Escape")
        expect(page.locator("dialog.upsell-dialog")).to_have_count(0)


def add_to_basket(page: Page, shop: str, product) -> None:
    page.goto(shop + product.get_absolute_url())
    close_any_popup(page)
    page.locator("#add_to_basket_form button[type=submit]").click()


def popup(page: Page, kind: str) -> Locator:
    dialog = page.locator(f"dialog.upsell-dialog[data-kind='{kind}']")
    expect(dialog).to_be_visible()
    return dialog


def accept(page: Page, dialog: Locator, choice: str | None = None) -> None:
    """Pick ``choice`` (when the pop-up offers several) and accept; the page reloads its totals."""
    if choice is not None:
        options = dialog.get_by_role("radio", name=re.compile(re.escape(choice)))
        if options.count():
            options.check()
        else:  # a single option needs no picking
            expect(dialog).to_contain_text(choice)
    read_every_term(dialog)
    with page.expect_navigation():
        dialog.locator(".upsell-accept").click()


def read_every_term(dialog: Locator) -> None:
    """A subscription's accept button waits until every term was in view: scroll them through
    the box as a shopper reads them (bounded); other pop-ups have no terms."""
    body = dialog.locator(".upsell-body")
    for _ in range(40):
        if dialog.locator(".upsell-term:not([data-read])").count() == 0:
            break
        body.evaluate("el => el.scrollBy(0, el.clientHeight / 2)")
        dialog.page.wait_for_timeout(50)
    expect(dialog.locator(".upsell-accept")).to_be_enabled()


def view_basket(page: Page, shop: str) -> None:
    page.goto(f"{shop}/basket/")


def basket_totals(page: Page) -> Locator:
    return page.locator("#basket_totals")


def basket_line(page: Page, title: str) -> Locator:
    """The basket page's row of the line holding ``title``."""
    return page.locator(".basket-items").filter(has_text=title)


def remove_from_basket(page: Page, shop: str, title: str) -> None:
    """oscar's own "Remove" link on the basket page: its script posts the basket form and
    swaps the basket in place, without a page load."""
    view_basket(page, shop)
    close_any_popup(page)
    line = page.locator(".basket-items").filter(has_text=title)
    with page.expect_response(lambda r: r.request.method == "POST" and "/basket/" in r.url):
        line.get_by_role("link", name="Remove").click()
    expect(page.locator(".basket-items").filter(has_text=title)).to_have_count(0)


def checkout_as_guest(page: Page, shop: str, email: str = "hanako@example.com"):
    """oscar's checkout: guest e-mail, shipping address, payment, preview, place order."""
    reach_preview(page, shop, email)
    page.locator("#place-order").click()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))
    order = get_model("order", "Order").objects.order_by("-pk").first()
    # oscar's thank-you page lists the order's lines: it renders, whatever the app kept on them
    expect(page.locator("body")).to_contain_text(order.number)
    return order


def reach_preview(page: Page, shop: str, email: str = "hanako@example.com") -> None:
    """oscar's checkout up to its preview, the final confirmation screen (in any language)."""
    page.goto(f"{shop}/checkout/")
    close_any_popup(page)
    page.fill("#id_username", email)
    page.locator("#id_options_0").check()
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/checkout/shipping-address/$"))
    close_any_popup(page)
    form = page.locator("form#new_shipping_address")
    for name, value in ADDRESS.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/checkout/payment-details/$"))
    close_any_popup(page)
    page.locator("#view_preview").click()
    expect(page).to_have_url(re.compile(r"/checkout/preview/$"))
    close_any_popup(page)
