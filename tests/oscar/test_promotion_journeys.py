"""Acceptance: in the oscar sample shop, a shopper who accepted an upgrade uses the shop's 10 %
voucher, exclusive or not: basket and checkout render, the voucher counts, and the order costs no
more than the same phone added directly with the same voucher (Debian's Chromium)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from .journeys import accept, add_to_basket, basket_totals, checkout_as_guest, popup, view_basket
from .journeys import close_any_popup as close_popup
from .promotions import percent_off

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, products) -> str:
    return live_server.url


def use_voucher(page: Page, code: str) -> None:
    """Oscar's own voucher form on the basket page."""
    page.locator("#voucher_form_link a").click()
    page.locator("#voucher_form [name=code]").fill(code)
    page.locator("#voucher_form button[type=submit]").click()
    expect(page).to_have_url(f"{page.url.split('/basket/')[0]}/basket/")
    close_popup(page)


def direct_total(products, code: str):
    """What a shopper pays who adds the Pro 256 GB directly and uses the same voucher."""
    client = Client()
    assert (
        client.post(f"/basket/add/{products['phone-pro-256'].pk}/", {"quantity": 1}).status_code
        == 302
    )
    assert client.post("/basket/vouchers/add/", {"code": code}).status_code == 302
    response = client.get("/basket/")
    assert response.status_code == 200
    basket = response.context["basket"]
    assert [d["voucher"].code for d in basket.voucher_discounts] == [code]
    return basket.total_incl_tax


def accept_the_upgrade_and_use(page: Page, shop: str, products, code: str) -> None:
    add_to_basket(page, shop, products["phone-128"])
    accept(page, popup(page, "upsell"), "Aozora Phone Pro 256 GB")
    view_basket(page, shop)
    close_popup(page)
    use_voucher(page, code)


@pytest.mark.parametrize("exclusive", [False, True], ids=["non-exclusive", "exclusive"])
def test_an_accepted_upgrade_and_the_shops_voucher_both_count_and_cost_no_more_than_adding_directly(
    page, shop, products, js_errors, exclusive
):
    percent_off("Ten percent off", 10, exclusive=exclusive, voucher_code="TEN")

    accept_the_upgrade_and_use(page, shop, products, "TEN")

    expect(basket_totals(page)).to_contain_text("TEN")
    order = checkout_as_guest(page, shop)
    assert [d.voucher_code for d in order.discounts.all()] == ["TEN"]
    assert order.total_incl_tax <= direct_total(products, "TEN")
    assert js_errors == []
