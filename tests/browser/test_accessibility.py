"""axe-core finds nothing to fix on the five pop-ups and the cart page, in English and Japanese.

axe-core runs in Debian's Chromium from the script axe-playwright-python carries (no download),
with its default rules (WCAG 2.x A and AA and best practices), on the whole page, as a shopper
meets it in the demo shop: each kind of pop-up as it opens (the cross-sell as a multi-pick and as
a single offer), after the shopper acted in it, on a 390x844 phone; the cart page with a plain
line, a set and a subscription in it, and a product page (where pop-ups open). A failure lists
each violation's rule, elements and fix.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from .conftest import DESKTOP, PHONE
from .test_demo_shop import (
    add_to_cart,
    close_any_popup,
    demo_shop,  # noqa: F401  (fixture)
    popup,
    read_every_term,
    view_cart,
)
from .test_languages import MOMENTS, in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "ja"]


#: axe's defaults, plus "label in name" (WCAG 2.5.3, level A), still experimental in axe.
OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now (CSS transitions and animations done)."""
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    return Axe().run(page, options=OPTIONS).response["violations"]


def report(violations: list[dict]) -> str:
    """What is wrong, where, and axe's advice: enough to fix it without running axe again."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " / ".join(
                line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:]
            )
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)


def thank_you(page: Page, shop: str) -> str:
    """The single-offer cross-sell after the order (the multi-pick one comes on add to cart)."""
    add_to_cart(page, shop, "nami-buds-compact")
    close_any_popup(page)
    page.goto(f"{shop}/checkout/")
    close_any_popup(page)
    page.locator("input[name=name]").fill("Hanako Yamada")
    page.locator("input[name=email]").fill("hanako@example.com")
    page.locator("[data-place-order]").click()
    return "cross_sell"


#: Every pop-up a shopper of the demo shop meets: the five kinds, the cross-sell in both forms.
POPUPS: dict[str, Callable[[Page, str], str]] = {**MOMENTS, "cross_sell_after_order": thank_you}


def open_popup(page: Page, shop: str, name: str, language: str) -> Locator:
    in_language(page, shop, language)
    dialog = popup(page, POPUPS[name](page, shop))
    expect(dialog).to_have_attribute("lang", language)
    return dialog


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(POPUPS))
def test_popup_as_it_opens_has_no_axe_violations(page, demo_shop, name, language):  # noqa: F811
    open_popup(page, demo_shop, name, language)

    violations = axe_violations(page)

    assert violations == [], report(violations)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(POPUPS))
def test_popup_on_a_phone_has_no_axe_violations(phone_page, demo_shop, name, language):  # noqa: F811
    open_popup(phone_page, demo_shop, name, language)

    violations = axe_violations(phone_page)

    assert violations == [], report(violations)


# -- after the shopper acted ------------------------------------------------------------------
def pick_a_tier(page: Page, dialog: Locator) -> None:
    dialog.get_by_role("radio").nth(1).check()
    expect(dialog.locator(".upsell-hint").first).to_be_hidden()


def pick_two(page: Page, dialog: Locator) -> None:
    dialog.get_by_role("checkbox").nth(0).check()
    dialog.get_by_role("checkbox").nth(1).check()
    expect(dialog.locator(".upsell-live-total strong")).not_to_have_count(0)


def read_the_terms(page: Page, dialog: Locator) -> None:
    read_every_term(dialog)
    expect(dialog.locator(".upsell-terms-hint")).to_be_hidden()


def accept_and_see_the_confirmation(page: Page, dialog: Locator) -> None:
    dialog.locator(".upsell-accept").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".upsell-toast .upsell-undo")).to_be_visible()
    expect(page.locator(".upsell-toast [role=status]")).not_to_be_empty()


#: (pop-up, what the shopper did in it): states a pop-up only reaches after a shopper's step.
STEPS: dict[str, tuple[str, Callable[[Page, Locator], None]]] = {
    "upsell-tier-picked": ("upsell", pick_a_tier),
    "cross_sell-two-picked-live-total": ("cross_sell", pick_two),
    "subscription-every-term-read": ("subscription", read_the_terms),
    "downsell-accepted-confirmation-with-undo": ("downsell", accept_and_see_the_confirmation),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", list(STEPS))
def test_popup_after_the_shoppers_step_has_no_axe_violations(page, demo_shop, step, language):  # noqa: F811
    name, act = STEPS[step]
    dialog = open_popup(page, demo_shop, name, language)
    act(page, dialog)

    violations = axe_violations(page)

    assert violations == [], report(violations)


def test_popup_text_is_at_full_contrast_while_it_slides_in(page, demo_shop):  # noqa: F811
    in_language(page, demo_shop, "ja")
    MOMENTS["downsell"](page, demo_shop)
    dialog = page.locator("dialog.upsell-dialog[data-kind='downsell']")
    dialog.wait_for()
    # Halfway through the entrance, held there: what a shopper (or axe) sees at that instant.
    dialog.evaluate(
        "el => el.getAnimations().forEach(a => { a.pause(); a.currentTime = 90; })"
    )

    result = Axe().run(page, options={"runOnly": ["color-contrast"]})

    violations = result.response["violations"]
    assert violations == [], report(violations)


# -- the shop's pages --------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_product_page_has_no_axe_violations(page, demo_shop, language):  # noqa: F811
    in_language(page, demo_shop, language)
    page.goto(f"{demo_shop}/p/aozora-phone-128/")
    close_any_popup(page)

    violations = axe_violations(page)

    assert violations == [], report(violations)


# -- the cart page ----------------------------------------------------------------------------
def fill_the_cart(page: Page, shop: str) -> None:
    """A plain line, a set (a discount row) and a subscription line, as shoppers fill carts."""
    add_to_cart(page, shop, "nami-earbuds")
    close_any_popup(page)
    add_to_cart(page, shop, "sora-book-lite-13")
    close_any_popup(page)
    view_cart(page, shop)
    popup(page, "bundle").locator(".upsell-accept").click()
    expect(page.locator("dialog.upsell-dialog")).to_have_count(0)
    add_to_cart(page, shop, "water-filter-cartridge")
    close_any_popup(page)
    view_cart(page, shop)
    dialog = popup(page, "subscription")
    read_every_term(dialog)
    dialog.locator(".upsell-accept").click()
    expect(dialog).to_have_count(0)
    view_cart(page, shop)
    close_any_popup(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_cart_page_has_no_axe_violations(page, demo_shop, language, viewport):  # noqa: F811
    page.set_viewport_size(viewport)
    in_language(page, demo_shop, language)
    fill_the_cart(page, demo_shop)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("[data-cart-line][data-subscription]")).to_have_count(1)
    expect(page.locator("[data-cart-discount]")).to_have_count(1)

    violations = axe_violations(page)

    assert violations == [], report(violations)
