"""A moment the shop's signal left never swallows the page's own moment.

Storefronts driven by JavaScript add to the cart over their own JSON API and tell the widget
(``Upsell.trigger``) at once; the next page, the cart, is itself a ``cart_view`` moment and must
show the cart's offer on the first visit.
"""

from __future__ import annotations

import pytest

from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.widget.test_inline_decision import page

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.browser.pages")]


@pytest.fixture
def shopper(db, client) -> Shopper:  # noqa: ARG001
    return Shopper(client)


def test_a_moment_the_widget_already_asked_for_is_not_fired_again_by_the_next_page(shopper):
    s = scenarios.cross_sell()  # an add_to_cart offer
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)  # the shop's JSON add view sent its signal
    assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None  # Upsell.trigger

    _, config = page(shopper, trigger="cart_view")

    assert config["trigger"] == "cart_view"


def test_the_cart_page_shows_its_own_offer_when_the_pending_moment_brings_none(shopper):
    cart = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(cart.source)
    shopper.prove("add_to_cart", cart.source.pk)  # no offer for this add

    _, config = page(shopper, trigger="cart_view")

    assert (config["trigger"], config["offer"]["id"]) == ("cart_view", cart.offer.pk)
    assert config["noOfferFor"] == "add_to_cart"


def test_the_pending_moment_still_goes_first_when_it_brings_an_offer(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)

    _, config = page(shopper, trigger="cart_view")

    assert (config["trigger"], config["offer"]["id"]) == ("add_to_cart", s.offer.pk)


def test_a_page_left_to_the_widget_names_its_own_moment_to_ask_next(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)

    _, config = page(shopper, mode="ajax", trigger="cart_view")

    assert config["trigger"] == "add_to_cart"
    assert config["fallback"] == {"trigger": "cart_view", "productId": None}
