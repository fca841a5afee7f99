"""Timing in the demo shop: a cart-view pop-up never takes the removal's moment, and the same
cart is not shown a second cart-view pop-up."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from shop_demo.shop.models import Product

from .test_demo_shop import offer_after, popup, view_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_shop(live_server) -> str:
    call_command("load_demo", stdout=StringIO())
    return live_server.url


@pytest.fixture
def shop_restraint(settings):
    """The shop's real restraint (the browser suite relaxes it for its other tests)."""
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 60,
        "SILENCE_AFTER_DECLINE_SECONDS": 300,
        "MAX_POPUPS_PER_SESSION": 3,
    }


def put_in_cart(page: Page, shop: str, slug: str) -> None:
    """Add a product without opening its add-to-cart pop-up (that moment is not the subject):
    a script on the product page posts the form, so the page it is redirected to is fetched,
    never shown, and takes the moment with it."""
    page.goto(f"{shop}/p/{slug}/")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    status = page.evaluate(
        """async ([url, token]) => {
          const body = new FormData();
          body.append("csrfmiddlewaretoken", token);
          body.append("quantity", "1");
          return (await fetch(url, {method: "POST", body, credentials: "same-origin"})).status;
        }""",
        [f"{shop}/p/{slug}/add/", token],
    )
    assert status == 200


def dismiss(page: Page, kind: str) -> None:
    dialog = popup(page, kind)
    with page.expect_response(lambda r: r.url.endswith("/dismiss/")):
        page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)


def test_after_a_dismissed_cart_view_pop_up_removing_an_item_shows_the_downsell(
    page, demo_shop, shop_restraint
):
    put_in_cart(page, demo_shop, "aozora-phone-256")
    view_cart(page, demo_shop)
    dismiss(page, "upsell")
    phone = Product.objects.get(slug="aozora-phone-256")

    page.get_by_role("button", name=f"Remove {phone.name}").click()

    dialog = popup(page, "downsell")
    expect(dialog).to_contain_text("Aozora Phone 128 GB")


def test_revisiting_the_unchanged_cart_shows_no_second_cart_view_pop_up(
    page, demo_shop, shop_restraint, settings
):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}  # only the cart counts
    put_in_cart(page, demo_shop, "aozora-phone-128")
    view_cart(page, demo_shop)
    dismiss(page, "upsell")

    again = offer_after(page, "cart_view", page.reload)

    assert again is None
    expect(page.locator("dialog.upsell-dialog")).to_have_count(0)
    # Another cart may get its own cart-view pop-up: the memory card offer was waiting.
    put_in_cart(page, demo_shop, "aozora-case-clear")
    changed = offer_after(page, "cart_view", lambda: view_cart(page, demo_shop))
    assert changed is not None and changed["kind"] == "cross_sell"
