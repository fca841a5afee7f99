"""Acceptance: one click after purchase in the oscar sample shop, through oscar's own checkout.

The thank-you pop-up says the item is added to the order just placed; accepting adds a line to
that oscar order (its totals updated, a payment event recorded for the amended charge), and the
thank-you page shows it with the new total. After the window (the order's placed time moved back
in the database, no sleeping) the pop-up says accepting starts a new order.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import translation
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from playwright.sync_api import Page, Route, expect

from upsell_app.contrib.oscar.post_purchase import AMENDED_CHARGE, amended_charges
from upsell_app.models import Attribution, Offer

from .journeys import add_to_basket, checkout_as_guest, close_any_popup, popup, reach_preview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")


@pytest.fixture
def shop(live_server, products) -> str:
    return live_server.url


@pytest.fixture
def thank_you_offer(products) -> Offer:
    """A thank-you cross-sell, as a shop admin would add one: a case for after the order."""
    with translation.override(settings.LANGUAGE_CODE):
        offer = Offer.objects.create(
            name="Thank you: a case",
            kind="cross_sell",
            triggers=["order_completed"],
            headline="Thank you! A case for later?",
            value_message="{product} for {price}",
            is_active=True,
            priority=100,
        )
    offer.target_products.set([products["clear-case"]])
    return offer


def test_thank_you_offer_joins_the_oscar_order_with_its_totals_and_payment_event(
    page: Page, shop: str, products, thank_you_offer, js_errors
):
    add_to_basket(page, shop, products["phone-128"])
    order = checkout_as_guest(page, shop)
    dialog = popup(page, "cross_sell")
    before = order.total_incl_tax
    notice = dialog.locator(".upsell-order-notice")
    expect(notice).to_contain_text(f"Added to order #{order.number}")

    with page.expect_navigation():  # the oscar widget reloads the page after an accept
        dialog.get_by_role("button", name=f"Add to order #{order.number}").click()

    order.refresh_from_db()
    case = order.lines.get(product=products["clear-case"])
    assert order.lines.count() == 2
    assert order.total_incl_tax == before + case.line_price_incl_tax
    assert amended_charges(order) == case.line_price_incl_tax > Decimal("0")
    assert order.payment_events.get(event_type__name=AMENDED_CHARGE).lines.get() == case
    assert Attribution.objects.filter(post_purchase=True, order__order_id=order.number).exists()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))  # the same order page
    close_any_popup(page)
    expect(page.locator("body")).to_contain_text(case.title)
    expect(page.locator("body")).to_contain_text(currency(order.total_incl_tax, order.currency))
    assert js_errors == []


def test_after_the_window_the_oscar_thank_you_offer_says_it_starts_a_new_order(
    page: Page, shop: str, products, thank_you_offer
):
    def sixteen_minutes_later(route: Route) -> None:
        # The order is placed; before the browser follows on to the thank-you page, its placed
        # time moves 16 minutes back.
        if route.request.method != "POST":
            route.continue_()
            return
        placed = route.fetch(max_redirects=0)
        Order.objects.update(date_placed=F("date_placed") - timedelta(minutes=16))
        route.fulfill(response=placed)

    add_to_basket(page, shop, products["phone-128"])
    reach_preview(page, shop)
    page.route(re.compile(r"/checkout/preview/$"), sixteen_minutes_later)
    page.locator("#place-order").click()
    expect(page).to_have_url(re.compile(r"/checkout/thank-you/$"))
    dialog = popup(page, "cross_sell")
    expect(dialog.locator(".upsell-order-notice")).to_contain_text("starts a new order")
    order = Order.objects.get()
    expect(dialog.get_by_role("button", name=f"Add to order #{order.number}")).to_have_count(0)

    with page.expect_navigation():
        dialog.locator(".upsell-accept").click()

    assert order.lines.count() == 1
    assert amended_charges(order) == Decimal("0")
