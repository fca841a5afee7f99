"""A shopper's steps around the pop-up, the same in every test shop's browser tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def settled(page: Page) -> None:
    """The page's offers request has answered (a pop-up, or nothing)."""
    page.wait_for_function("() => window.Upsell !== undefined && !window.Upsell.isLoading()")


def close_any_popup(page: Page) -> None:
    """Esc whatever the page's moment showed (a step, not the subject)."""
    settled(page)
    if page.locator("dialog.upsell-dialog").count():
        page.keyboard.press("Escape")
        expect(page.locator("dialog.upsell-dialog")).to_have_count(0)


def popup(page: Page, kind: str) -> Locator:
    dialog = page.locator(f"dialog.upsell-dialog[data-kind='{kind}']")
    expect(dialog).to_be_visible()
    return dialog


def read_every_term(dialog: Locator) -> None:
    """Scroll a subscription's terms through the box, as a shopper reads them (bounded)."""
    body = dialog.locator(".upsell-body")
    for _ in range(40):
        if dialog.locator(".upsell-term:not([data-read])").count() == 0:
            break
        body.evaluate("el => el.scrollBy(0, el.clientHeight / 2)")
        dialog.page.wait_for_timeout(50)
