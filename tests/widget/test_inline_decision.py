"""``{% upsell_widget %}`` deciding inside the page's own request (``mode="inline"``, the default).

The page is the bare widget page of ``tests/browser/pages.py`` served through the demo's whole
middleware; the shopper's cart and the offers are the demo shop's, as in the API tests. The
decision is the offers API's own, so restraint, the throttle budget, impressions and quotes are
shared with it: each test says one of those.
"""

from __future__ import annotations

import json
import logging
import re
from unittest import mock

import pytest
import redis
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from tests.api import scenarios
from tests.api.conftest import Shopper
from upsell_app.models import OfferEvent
from upsell_app.serving import inline_offers
from upsell_app.serving.outages import forget_reports

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.browser.pages")]

CONFIG = re.compile(r'<script id="upsell-config" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def shopper(db, client) -> Shopper:
    return Shopper(client)


@pytest.fixture
def make_shopper(db):
    """Another browser, with its own session."""
    return lambda: Shopper(Client())


@pytest.fixture
def cart_offer(shopper):
    """A cross-sell for the shopper's cart, shown on the cart page."""
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    return s


def page(shopper: Shopper, mode: str = "inline", trigger: str = "cart_view", **headers):
    """The page as the browser gets it: (response, the widget's config)."""
    response = shopper.client.get(
        "/widget/", {"trigger": trigger, "mode": mode}, headers=headers or None
    )
    assert response.status_code == 200
    match = CONFIG.search(response.content.decode())
    assert match, response.content[:500]
    return response, json.loads(match.group(1))


def without_quotes(offer: dict) -> dict:
    """An offer with its shopper-bound quotes left out (each shopper's are their own)."""
    return {
        **offer,
        "choices": [{k: v for k, v in c.items() if k != "quote"} for c in offer["choices"]],
    }


# -- what the page embeds ---------------------------------------------------------------------
def test_a_page_with_a_moment_embeds_the_offer_decided_for_it(shopper, cart_offer):
    _, config = page(shopper)

    assert config["decided"] is True
    assert config["offer"]["id"] == cart_offer.offer.pk
    assert config["offer"]["choices"][0]["product_id"] == cart_offer.targets[0].pk


def test_the_embedded_offer_is_the_offers_apis_offer_object(shopper, make_shopper, cart_offer):
    other = make_shopper()
    other.add(cart_offer.source)

    _, config = page(shopper)
    answered = other.offer("cart_view")

    assert without_quotes(config["offer"]) == without_quotes(answered)


def test_a_page_held_back_by_restraint_is_decided_with_no_offer(shopper, cart_offer):
    page(shopper)  # the pop-up shown; the cool-down starts

    _, config = page(shopper)

    assert (config["decided"], config["offer"]) == (True, None)


def test_a_page_without_a_moment_decides_nothing(shopper, cart_offer):
    response = shopper.client.get("/widget/", {"mode": "inline"})
    config = json.loads(CONFIG.search(response.content.decode()).group(1))

    assert (config["trigger"], config["decided"], config["offer"]) == (None, False, None)


def test_an_event_moment_left_by_the_shops_signal_is_decided_in_the_next_page(shopper):
    s = scenarios.cross_sell()  # an add_to_cart offer
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)  # the shop's add view sent its signal

    _, config = page(shopper)

    assert (config["trigger"], config["productId"]) == ("add_to_cart", s.source.pk)
    assert config["offer"]["id"] == s.offer.pk


def test_an_offer_in_the_page_is_json_that_cannot_close_its_script_element(shopper):
    s = scenarios.cross_sell(triggers=["cart_view"], headline="</script><b>{product}</b>")
    shopper.add(s.source)

    response, config = page(shopper)

    assert config["offer"]["headline"].startswith("</script><b>")
    assert "</script><b>" not in response.content.decode()


# -- one decision, whichever path: restraint, impressions, quotes, throttle ---------------------
def test_an_offer_shown_in_the_page_counts_as_a_pop_up_for_the_offers_api(shopper, cart_offer):
    page(shopper)

    assert shopper.offer("cart_view") is None  # the cool-down after the page's pop-up


def test_an_offer_shown_in_the_page_records_its_impression(
    shopper, cart_offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page(shopper)

    impressions = OfferEvent.objects.filter(type="impression", offer=cart_offer.offer)
    assert impressions.count() == 1


def test_an_offer_shown_in_the_page_is_accepted_through_the_api(shopper, cart_offer):
    _, config = page(shopper)

    response = shopper.accept(config["offer"])

    assert response.status_code == 200, response.content
    assert cart_offer.targets[0].pk in shopper.product_ids()


def test_an_offer_shown_in_one_shoppers_page_cannot_be_accepted_by_another(
    shopper, make_shopper, cart_offer
):
    _, config = page(shopper)
    other = make_shopper()
    other.add(cart_offer.source)

    assert other.accept(config["offer"]).status_code == 403


def test_a_page_decision_spends_the_offers_throttle_budget(shopper, cart_offer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "1/min"},
    }
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    page(shopper)

    assert shopper.get_offers("cart_view").status_code == 429


def test_a_throttled_page_renders_with_no_offer_and_asks_nothing(shopper, cart_offer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_offers": "1/min"},
    }
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    page(shopper)

    _, config = page(shopper)

    assert (config["decided"], config["offer"]) == (True, None)


# -- pages that must not decide ---------------------------------------------------------------
def test_the_widgets_refresh_of_cart_regions_decides_nothing(shopper, cart_offer):
    _, config = page(shopper, **{"X-Upsell-Refresh": "1"})

    assert (config["decided"], config["offer"]) == (False, None)
    assert shopper.offer("cart_view") is not None  # nothing was counted as shown


def test_a_page_fetched_by_a_script_decides_nothing(shopper, cart_offer):
    _, config = page(shopper, **{"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"})

    assert (config["decided"], config["offer"]) == (False, None)


def test_a_browsers_navigation_is_decided(shopper, cart_offer):
    _, config = page(shopper, **{"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"})

    assert config["offer"] is not None


def test_a_browser_prefetch_decides_nothing(shopper, cart_offer):
    _, config = page(shopper, **{"Sec-Purpose": "prefetch;prerender"})

    assert (config["decided"], config["offer"]) == (False, None)


def test_ajax_mode_leaves_the_moment_to_the_widget(shopper, cart_offer):
    _, config = page(shopper, mode="ajax")

    assert (config["trigger"], config["decided"], config["offer"]) == ("cart_view", False, None)
    assert shopper.offer("cart_view") is not None


# -- fail-soft --------------------------------------------------------------------------------
def test_with_the_cache_down_the_page_renders_and_the_widget_asks_the_api(shopper, cart_offer):
    forget_reports()
    down = redis.exceptions.ConnectionError("Connection refused")
    with mock.patch.object(inline_offers, "offer_payload", side_effect=down):
        response, config = page(shopper)

    assert (config["trigger"], config["decided"]) == ("cart_view", False)
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_unexpected_error_in_the_decision_still_renders_the_page(shopper, cart_offer, caplog):
    with mock.patch.object(inline_offers, "offer_payload", side_effect=RuntimeError("boom")):
        with caplog.at_level(logging.ERROR, logger="upsell_app.inline_offers"):
            _, config = page(shopper)

    assert (config["trigger"], config["decided"]) == ("cart_view", False)
    assert "could not be decided" in caplog.text


# -- private pages ----------------------------------------------------------------------------
def test_a_page_that_embeds_an_offer_is_private_and_never_stored(shopper, cart_offer):
    response, _ = page(shopper)

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_page_decided_with_no_offer_is_private_too(shopper):
    """Another shopper served this page from a cache would miss their own moment."""
    response, config = page(shopper)

    assert config["offer"] is None
    assert "no-store" in response["Cache-Control"]


def test_a_page_left_to_the_widget_keeps_its_own_cache_headers(shopper, cart_offer):
    response, _ = page(shopper, mode="ajax")

    assert "no-store" not in response.get("Cache-Control", "")


# -- the mode ---------------------------------------------------------------------------------
def test_the_page_decides_inline_unless_the_shop_sets_ajax(shopper, cart_offer, settings):
    tag = '{% load upsell %}{% upsell_widget trigger="cart_view" %}'
    request = shopper.client.get("/widget/").wsgi_request  # a real request of this session

    default = Template(tag).render(Context({"request": request}))
    settings.UPSELL = {**settings.UPSELL, "WIDGET_MODE": "ajax"}
    ajax = Template(tag).render(Context({"request": request}))

    assert json.loads(CONFIG.search(default).group(1))["decided"] is True
    assert json.loads(CONFIG.search(ajax).group(1))["decided"] is False


def test_unknown_mode_is_a_template_error(shopper):
    with pytest.raises(TemplateSyntaxError, match="mode must be one of inline, ajax"):
        page(shopper, mode="server")


def test_a_fresh_session_is_decided_with_the_api_decision_too():
    """No cart and no session yet: the page still renders, decided (nothing to show)."""
    response = Client().get("/widget/", {"trigger": "cart_view", "mode": "inline"})

    config = json.loads(CONFIG.search(response.content.decode()).group(1))
    assert (response.status_code, config["offer"]) == (200, None)


def test_a_page_the_shop_marked_public_is_made_private_once_it_embeds_a_decision(rf):
    from django.http import HttpResponse

    from upsell_app.middleware import PrivateOfferPagesMiddleware

    def view(request):
        inline_offers.mark_personal(request)
        response = HttpResponse("page")
        response["Cache-Control"] = "public, max-age=600"
        return response

    response = PrivateOfferPagesMiddleware(view)(rf.get("/cart/"))

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" not in directives
    assert {"private", "no-store"} <= directives
