"""``{% upsell_slot %}``: offers placed in the page, decided with the pop-up's own decision.

The page is the bare slot page of ``tests/browser/pages.py`` served through the demo's whole
middleware; carts and offers are the demo shop's, as in the API tests. An offer is a pop-up or in
the page, never both; restraint (the cap, the silence after "No thanks") is shared between them;
a product page's "often bought together" offers the product itself with its partners, every
price the server's.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template, TemplateSyntaxError

from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.factories import OfferFactory, ProductFactory
from upsell_app.models import OfferEvent
from upsell_app.models.analytics import EventType

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.browser.pages")]

SLOT = re.compile(
    r'<div class="upsell-slot-host"[^>]*><script type="application/json">(.*?)</script>', re.S
)
CONFIG = re.compile(r'<script id="upsell-config" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def shopper(db, client) -> Shopper:
    return Shopper(client)


def slot(shopper: Shopper, **params) -> dict | None:
    """The slot's data as the page embeds it (``None``: the page shows no slot)."""
    response = shopper.client.get("/slot/", params)
    assert response.status_code == 200
    match = SLOT.search(response.content.decode())
    return json.loads(match.group(1)) if match else None


def widget_offer(shopper: Shopper, **params) -> dict | None:
    """The pop-up's offer decided in the same page, after the slot."""
    response = shopper.client.get("/slot/", {"trigger": "cart_view", **params})
    return json.loads(CONFIG.search(response.content.decode()).group(1))["offer"]


@pytest.fixture
def in_page(shopper):
    """A cross-sell the admin placed in the page, for the shopper's cart."""
    s = scenarios.cross_sell(triggers=["cart_view"], placement="page")
    shopper.add(s.source)
    return s


@pytest.fixture
def together(shopper):
    """A phone's page: a case and a screen protector, often bought together with it."""
    phone = ProductFactory(name="Phone", price=Decimal("89800"))
    case = ProductFactory(name="Clear case", price=Decimal("2980"))
    glass = ProductFactory(name="Screen protector", price=Decimal("1980"))
    offer = OfferFactory(
        kind="cross_sell",
        triggers=["product_view"],
        placement="page",
        headline="Often bought together",
        value_message="Made for your phone",
        sources=[phone],
        targets=[case, glass],
        discount_type="percent",
        discount_value=Decimal("10"),
    )
    return offer, phone, case, glass


# -- one place per offer -----------------------------------------------------------------------
def test_an_offer_placed_in_the_page_shows_in_the_cart_slot(shopper, in_page):
    data = slot(shopper)

    assert data["offer"]["id"] == in_page.offer.pk
    assert data["offer"]["choices"][0]["product_id"] == in_page.targets[0].pk


def test_the_pop_up_never_shows_an_offer_placed_in_the_page(shopper, in_page):
    assert shopper.offer("cart_view") is None


def test_a_slot_never_shows_a_pop_up_offer(shopper):
    s = scenarios.cross_sell(triggers=["cart_view"])  # a pop-up
    shopper.add(s.source)

    assert slot(shopper) is None


def test_a_page_with_a_slot_and_the_widget_opens_no_modal_for_the_slots_offer(shopper, in_page):
    assert widget_offer(shopper) is None


# -- the same restraint ------------------------------------------------------------------------
def test_a_slot_counts_against_the_pop_ups_cap(shopper, in_page, settings):
    settings.UPSELL = {**settings.UPSELL, "MAX_POPUPS_PER_SESSION": 1, "POPUP_COOLDOWN_SECONDS": 0}
    popup = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(popup.source)
    assert shopper.offer("cart_view")["id"] == popup.offer.pk  # the session's one offer

    assert slot(shopper) is None


def test_a_slot_is_silent_after_no_thanks(shopper, in_page, settings):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    shown = slot(shopper)["offer"]
    other = scenarios.cross_sell(triggers=["cart_view"], placement="page")
    shopper.add(other.source)

    assert shopper.decline(shown["id"]).status_code == 200

    assert slot(shopper) is None


def test_a_slot_shown_records_its_impression(shopper, in_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        slot(shopper)

    assert OfferEvent.objects.filter(offer=in_page.offer, type=EventType.IMPRESSION).exists()


def test_a_slot_yields_to_the_pop_up_of_a_moment_that_just_happened(shopper, in_page):
    s = scenarios.cross_sell(triggers=["add_to_cart"])
    shopper.prove("add_to_cart", s.source.pk)

    assert slot(shopper) is None


# -- often bought together ---------------------------------------------------------------------
def test_often_bought_together_lists_the_product_first_at_its_own_price(shopper, together):
    offer, phone, case, glass = together

    choices = slot(shopper, product_id=phone.pk)["offer"]["choices"]

    assert [(c["product_id"], c["price"], c.get("anchor", False)) for c in choices] == [
        (phone.pk, "89800", True),
        (case.pk, "2682", False),  # the offer's 10 % is for what goes with it
        (glass.pk, "1782", False),
    ]


def test_often_bought_together_prices_every_combination_on_the_server(shopper, together):
    offer, phone, case, glass = together

    totals = slot(shopper, product_id=phone.pk)["offer"]["selection"]["totals"]

    assert [row["picked"] for row in totals] == [
        "0",
        "89800",
        "2682",
        "92482",
        "1782",
        "91582",
        "4464",
        "94264",
    ]


def test_the_product_and_one_partner_are_added_at_the_quoted_prices(shopper, together):
    offer, phone, case, glass = together
    shown = slot(shopper, product_id=phone.pk)["offer"]

    response = shopper.accept_picks(shown, shown["choices"][:2])

    assert response.status_code == 200, response.content
    lines, _ = shopper.state()
    assert [(product, price) for _, product, _, price, _ in lines] == [
        (phone.pk, Decimal("89800")),
        (case.pk, Decimal("2682")),
    ]


def test_the_product_is_not_offered_again_once_in_the_cart(shopper, together):
    offer, phone, case, glass = together
    shopper.add(phone)

    choices = slot(shopper, product_id=phone.pk)["offer"]["choices"]

    assert [c["product_id"] for c in choices] == [case.pk, glass.pk]


def test_the_product_cannot_be_added_through_another_pages_quote(shopper, together):
    offer, phone, case, glass = together
    shown = slot(shopper, product_id=phone.pk)["offer"]
    other = ProductFactory(name="Other phone", price=Decimal("1"))
    forged = dict(shown["choices"][0], product_id=other.pk)

    response = shopper.accept_picks(shown, [forged])

    assert response.status_code == 400
    assert shopper.product_ids() == []


# -- the tag -----------------------------------------------------------------------------------
def test_an_unknown_slot_is_a_template_error():
    with pytest.raises(TemplateSyntaxError, match="unknown slot"):
        Template('{% load upsell %}{% upsell_slot "sidebar" %}').render(Context({}))


def test_the_product_slot_needs_the_pages_product():
    with pytest.raises(TemplateSyntaxError, match="needs the page's product"):
        Template('{% load upsell %}{% upsell_slot "product" %}').render(Context({}))
