"""Acceptance: in the oscar sample shop, each kind of offer is shown at its moment, accepted, and
lands in a placed oscar order at the agreed price (and the set discount), through oscar's own
basket, pricing and checkout machinery, with Debian's Chromium."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from upsell_app.contrib.oscar.orders import line_plan
from upsell_app.models import OfferAcceptance

from .journeys import (
    accept,
    add_to_basket,
    basket_line,
    basket_totals,
    checkout_as_guest,
    close_any_popup,
    popup,
    remove_from_basket,
    view_basket,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server, products) -> str:
    return live_server.url


def discounts(order) -> dict[str, Decimal]:
    return {d.offer_name: d.amount for d in order.discounts.all()}


def lines(order) -> dict[str, Decimal]:
    """Each line's price after discounts, by product title."""
    return {line.title: line.line_price_incl_tax for line in order.lines.all()}


def assert_agreed_and_reported_clean(order) -> None:
    """The app compared the order with what it agreed and found no difference."""
    used = OfferAcceptance.objects.filter(order_id=order.number)
    assert used.exists()
    assert list(used.values_list("order_mismatch", flat=True)) == [""] * used.count()


def test_upsell_on_add_to_basket_swaps_the_line_and_the_order_charges_the_agreed_price(
    page, shop, products, js_errors
):
    add_to_basket(page, shop, products["phone-128"])
    dialog = popup(page, "upsell")
    expect(dialog).to_contain_text("¥120,000")
    accept(page, dialog, "Aozora Phone Pro 256 GB")

    view_basket(page, shop)
    close_any_popup(page)
    expect(basket_line(page, "Aozora Phone Pro 256 GB")).to_contain_text("¥120,000")
    expect(basket_totals(page)).to_contain_text("¥120,000")
    order = checkout_as_guest(page, shop)

    assert lines(order) == {"Aozora Phone Pro 256 GB": Decimal("120000.00")}
    assert order.total_incl_tax == Decimal("120000.00")
    assert discounts(order) == {}  # the agreed price is the line's own price
    assert_agreed_and_reported_clean(order)
    assert js_errors == []


def test_cross_sell_on_the_basket_page_adds_the_case_at_its_offer_price(
    page, shop, products, js_errors
):
    add_to_basket(page, shop, products["phone-128"])
    close_any_popup(page)  # the upsell of this moment is not this test's subject
    view_basket(page, shop)
    dialog = popup(page, "cross_sell")
    accept(page, dialog, "Clear Case")

    expect(basket_line(page, "Clear Case")).to_contain_text("¥2,000")
    order = checkout_as_guest(page, shop)

    assert lines(order) == {
        "Aozora Phone 128 GB": Decimal("98000.00"),
        "Clear Case": Decimal("2000.00"),
    }
    assert order.total_incl_tax == Decimal("100000.00")
    assert discounts(order) == {}
    assert_agreed_and_reported_clean(order)
    assert js_errors == []


def test_bundle_adds_the_set_and_its_discount_lands_in_the_order_total(
    page, shop, products, js_errors
):
    add_to_basket(page, shop, products["camera"])
    dialog = popup(page, "bundle")
    accept(page, dialog)

    view_basket(page, shop)
    close_any_popup(page)
    expect(basket_totals(page)).to_contain_text("¥71,500")
    order = checkout_as_guest(page, shop)

    assert set(lines(order)) == {"Sora Camera", "SD Card 128 GB", "Camera Bag"}
    assert order.total_incl_tax == Decimal("64000") + Decimal("3800") + Decimal("5200") - 1500
    assert discounts(order) == {}  # the set discount came off the set's lines
    assert_agreed_and_reported_clean(order)
    assert js_errors == []


def test_subscription_switch_charges_the_price_per_delivery_and_carries_the_plan_to_the_line(
    page, shop, products, js_errors
):
    add_to_basket(page, shop, products["coffee-500"])
    dialog = popup(page, "subscription")
    accept(page, dialog)

    view_basket(page, shop)
    close_any_popup(page)
    expect(basket_line(page, "Coffee")).to_contain_text("¥2,160")
    order = checkout_as_guest(page, shop)

    assert order.total_incl_tax == Decimal("2160.00")
    line = order.lines.get()
    plan = line_plan(line)
    assert plan["price_per_delivery"] == "2160"
    assert (plan["interval_count"], plan["interval_unit"]) == (1, "month")
    assert plan["cancellation"].startswith("Cancel or skip online")
    assert_agreed_and_reported_clean(order)
    assert js_errors == []


def test_downsell_after_a_removal_in_oscars_basket_adds_the_lighter_laptop(
    page, shop, products, js_errors
):
    add_to_basket(page, shop, products["laptop-pro-14"])
    close_any_popup(page)
    remove_from_basket(page, shop, "Sora Book Pro 14")
    dialog = popup(page, "downsell")
    accept(page, dialog, "Sora Book Air 13")

    view_basket(page, shop)
    close_any_popup(page)
    expect(basket_line(page, "Sora Book Air 13")).to_contain_text("¥143,000")
    order = checkout_as_guest(page, shop)

    assert lines(order) == {"Sora Book Air 13": Decimal("143000.00")}
    assert discounts(order) == {}
    assert_agreed_and_reported_clean(order)
    assert js_errors == []
