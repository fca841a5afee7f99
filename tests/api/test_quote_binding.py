"""A quote is no bearer token: it names the shopper, the impression and the line's product.

Accepting in another session is refused (403 ``quote_not_yours``), and so is accepting on a line
whose product changed since the offer was shown (409 ``line_changed``). A login keeps the shopper:
the quote shown before it is still theirs, and the cart follows them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from shop_demo.shop.models import CartLine
from tests.factories import ProductFactory, UserFactory
from upsell_app.models import OfferAcceptance, OfferEvent
from upsell_app.serving.presentation import read_quote

from . import scenarios
from .conftest import Shopper

pytestmark = pytest.mark.django_db


def _refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert (body["code"], bool(body["detail"])) == (code, True)


def test_a_quote_accepted_in_another_session_is_refused(shopper):
    """Failure 3: shopper A's cross-sell quote no longer works in a session that never saw it."""
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    others = [Shopper(Client()) for _ in range(3)]
    for other in others:
        other.add(s.source)
        before = other.state()

        _refused(other.accept(offer), 403, "quote_not_yours")
        assert other.state() == before
    assert not OfferAcceptance.objects.exists()
    assert shopper.accept(offer).status_code == 200  # still good for the shopper who saw it


def test_a_session_that_asked_for_offers_too_cannot_use_someone_elses_quote(shopper):
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    other = Shopper(Client())
    other.add(s.source)
    assert other.offer("cart_view") is not None  # it has a token of its own

    _refused(other.accept(offer), 403, "quote_not_yours")


def test_the_quote_names_the_impression_it_came_from(shopper, django_capture_on_commit_callbacks):
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    with django_capture_on_commit_callbacks(execute=True):
        offer = shopper.offer("cart_view")

    claims = read_quote(offer["choices"][0]["quote"])
    impression = OfferEvent.objects.get(type="impression")
    assert claims["v"] == impression.uid.hex
    assert claims["s"]  # and the shopper it was shown to


def test_a_downsell_is_refused_on_a_line_that_was_upgraded_since_it_was_shown(
    shopper, no_cooldown
):
    """Failure 3: upsell and downsell shown on one line; the upsell wins, the downsell is stale.

    The downsell applies to the new product as well (it is one of its sources), so only the
    line's product named in the quote tells that the shopper agreed to something else.
    """
    phone = ProductFactory(name="Phone 256 GB", price=Decimal("115000"))
    pro = ProductFactory(name="Phone Pro 256 GB", price=Decimal("145000"))
    small = ProductFactory(name="Phone 128 GB", price=Decimal("100000"))
    upsell = scenarios.upsell(sources=[phone], targets=[pro], triggers=["cart_view"])
    downsell = scenarios.downsell_after_removal(
        sources=[phone, pro], targets=[small], triggers=["checkout_start"]
    )
    line = shopper.add(phone)
    shown_upsell = shopper.offer("cart_view")
    shown_downsell = shopper.offer("checkout_start")
    assert (shown_upsell["id"], shown_downsell["id"]) == (upsell.offer.pk, downsell.offer.pk)
    assert shopper.accept(shown_upsell, key="up").status_code == 200
    before = shopper.state()

    _refused(shopper.accept(shown_downsell, key="down"), 409, "line_changed")

    assert shopper.state() == before
    line.refresh_from_db()
    assert line.product_id == pro.pk
    assert list(OfferAcceptance.objects.values_list("offer_id", flat=True)) == [upsell.offer.pk]


def test_an_upsell_still_applies_when_its_line_is_unchanged(shopper):
    s = scenarios.upsell()
    line = shopper.add(s.source)
    offer = shopper.offer("cart_view")
    CartLine.objects.filter(pk=line.pk).update(quantity=3)  # same product, more of it

    assert shopper.accept(offer).status_code == 200


def test_a_quote_without_a_shopper_is_refused(shopper):
    """Quotes signed before they named their shopper are bearer tokens: no longer accepted."""
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    claims = read_quote(offer["choices"][0]["quote"])
    for field in ("s", "v", "m"):
        claims.pop(field)
    offer["choices"][0]["quote"] = signing.dumps(claims, salt="upsell_app.quote", compress=False)

    _refused(shopper.accept(offer), 403, "quote_not_yours")


# -- a login keeps the shopper -------------------------------------------------------------------
def test_a_quote_shown_before_logging_in_is_accepted_after_it_on_the_merged_cart(client):
    s = scenarios.upsell()
    client.post(reverse("shop:add", args=[s.source.slug]), {"quantity": 1})
    shopper = Shopper(client)
    offer = shopper.offer("cart_view")
    anonymous_key = shopper.session_key

    client.force_login(UserFactory())  # cycles the session key; the shop moves the cart over

    assert shopper.session_key != anonymous_key
    response = shopper.accept(offer)
    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.targets[0].pk]


def test_an_event_moment_proven_before_logging_in_still_shows_after_it(client):
    s = scenarios.cross_sell()
    client.post(reverse("shop:add", args=[s.source.slug]), {"quantity": 1})  # the shop's signal
    client.force_login(UserFactory())

    offer = Shopper(client).offer("add_to_cart", s.source.pk, proven=False)

    assert offer is not None and offer["id"] == s.offer.pk


def test_a_quote_is_refused_after_logging_out(client):
    s = scenarios.upsell()
    client.force_login(UserFactory())
    client.post(reverse("shop:add", args=[s.source.slug]), {"quantity": 1})
    shopper = Shopper(client)
    offer = shopper.offer("cart_view")

    client.logout()  # a new session: whoever uses this browser next is someone else

    _refused(Shopper(client).accept(offer), 403, "quote_not_yours")
