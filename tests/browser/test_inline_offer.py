"""The pop-up decided inside the page's own request: it shows as the cart page loads, with no
offers request, and accepting it works as it always did. The AJAX path stays for pages that ask
for it, and takes over when the page could not decide."""

from __future__ import annotations

import re
from io import StringIO
from unittest import mock

import pytest
import redis
from django.core.management import call_command
from playwright.sync_api import Page, Request, expect

from upsell_app.serving import inline_offers

from .test_demo_shop import add_to_cart, close_any_popup, header_total, popup, view_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The offers request (``GET .../offers/?trigger=...``), not the per-offer actions below it.
OFFERS_REQUEST = re.compile(r"/upsell/api/offers/(\?|$)")


@pytest.fixture
def demo_shop(live_server) -> str:
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def record_requests(page: Page) -> list[Request]:
    """Every request the page makes from now on."""
    made: list[Request] = []
    page.on("request", lambda request: made.append(request))
    return made


def offers_requests(made: list[Request]) -> list[str]:
    return [r.url for r in made if OFFERS_REQUEST.search(r.url)]


def a_laptop_in_the_cart(page: Page, shop: str) -> None:
    add_to_cart(page, shop, "sora-book-lite-13")
    close_any_popup(page)


def test_the_cart_pages_offer_shows_as_it_loads_with_no_offers_request(
    page, demo_shop, js_errors
):
    a_laptop_in_the_cart(page, demo_shop)
    made = record_requests(page)

    view_cart(page, demo_shop)
    dialog = popup(page, "bundle")

    assert offers_requests(made) == []
    assert [r.url for r in made if r.resource_type in ("fetch", "xhr")] == []
    assert js_errors == []
    expect(dialog).to_be_visible()  # still open: nothing the page did afterwards closed it


def test_accepting_an_offer_shown_with_the_page_changes_the_cart(page, demo_shop, js_errors):
    a_laptop_in_the_cart(page, demo_shop)
    made = record_requests(page)
    view_cart(page, demo_shop)
    dialog = popup(page, "bundle")
    package_price = dialog.locator(".upsell-summary-total .upsell-price").inner_text()

    with page.expect_response(re.compile(r"/offers/\d+/accept/$")) as accepted:
        dialog.get_by_role("button", name="Add the set").click()

    assert accepted.value.status == 200
    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(package_price)
    expect(page.locator("#cart-contents [data-cart-line]")).to_have_count(3)
    assert offers_requests(made) == []
    assert js_errors == []


def test_a_page_in_ajax_mode_asks_the_offers_api_after_load(page, demo_shop, settings):
    settings.UPSELL = {**settings.UPSELL, "WIDGET_MODE": "ajax"}
    a_laptop_in_the_cart(page, demo_shop)
    made = record_requests(page)

    view_cart(page, demo_shop)
    popup(page, "bundle")

    assert len(offers_requests(made)) == 1


def test_when_the_page_cannot_decide_the_widget_asks_the_api_and_the_offer_still_shows(
    page, demo_shop
):
    a_laptop_in_the_cart(page, demo_shop)
    made = record_requests(page)
    down = redis.exceptions.ConnectionError("Connection refused")

    # The live server runs in this process: only the page's own decision fails.
    with mock.patch.object(inline_offers, "offer_payload", side_effect=down):
        view_cart(page, demo_shop)
    popup(page, "bundle")

    assert len(offers_requests(made)) == 1
