"""A cart that holds only lines: the app keeps the agreed prices, plans and set discounts, and a
shop reads them with ``adjustments.for_cart`` / ``for_order``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from tests.api import scenarios
from tests.factories import ProductFactory
from upsell_app import adjustments
from upsell_app.models import CartAdjustment, OfferAcceptance

pytestmark = pytest.mark.django_db


def agreed(shopper):
    request = shopper.request()
    from .adapter import SessionCartAdapter

    return adjustments.for_cart(request, SessionCartAdapter(request).get_lines())


def a_minute_later():
    """Terms younger than a few seconds are never dropped (the shop may have read its lines
    before they were committed); the tests look at the cart a minute after accepting."""
    CartAdjustment.objects.update(created_at=F("created_at") - timedelta(minutes=1))


def test_upsell_swaps_the_line_and_the_app_keeps_the_agreed_price(session_shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    line_id = session_shopper.add(s.source, quantity=2)

    response = session_shopper.accept(session_shopper.offer("cart_view"))

    assert response.status_code == 200, response.content
    assert session_shopper.lines() == [(line_id, s.targets[0].pk, 2)]
    terms = agreed(session_shopper).lines[line_id]
    assert (terms.product_id, terms.unit_price, terms.offer_id) == (
        s.targets[0].pk, Decimal("125000"), s.offer.pk
    )
    cart = response.json()["cart"]
    assert (cart["lines"][0]["unit_price"], cart["total"]) == ("125000", "250000")


def test_discounted_cross_sell_adds_a_plain_line_and_the_app_keeps_its_price(session_shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)

    session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk))

    (_, (card_line, card, quantity)) = session_shopper.lines()
    assert (card, quantity) == (s.targets[0].pk, 1)
    assert agreed(session_shopper).unit_price(card_line, Decimal("3000")) == Decimal("2500")


def test_subscription_keeps_the_line_and_the_app_keeps_the_plan(session_shopper):
    s = scenarios.subscription()
    line_id = session_shopper.add(s.source)
    before = session_shopper.lines()

    response = session_shopper.accept(session_shopper.offer("cart_view"))

    assert response.status_code == 200, response.content
    assert session_shopper.lines() == before
    plan = agreed(session_shopper).plan(line_id)
    assert plan is not None and plan.offer_id == s.offer.pk
    assert plan.terms.interval_unit in {"week", "month"}
    assert response.json()["cart"]["lines"][0]["is_subscription"] is True


def test_a_subscribed_line_is_not_offered_the_subscription_again(session_shopper):
    s = scenarios.subscription()
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("cart_view"))

    assert session_shopper.offer("cart_view") is None


def test_bundle_adds_its_lines_and_the_app_keeps_the_set_discount(session_shopper):
    s = scenarios.bundle()
    laptop = session_shopper.add(s.source)

    response = session_shopper.accept(session_shopper.offer("checkout_start"))

    assert response.status_code == 200, response.content
    assert [p for _, p, _ in session_shopper.lines()] == [s.source.pk, *(t.pk for t in s.targets)]
    (discount,) = agreed(session_shopper).discounts
    assert discount.amount == Decimal("8000")
    assert discount.line_ids[0] == laptop and len(discount.line_ids) == 3
    assert response.json()["cart"]["total"] == "152000"


def test_removing_the_line_a_set_goes_with_drops_the_set_discount_without_a_signal(
    session_shopper,
):
    s = scenarios.bundle()
    laptop = session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("checkout_start"))
    a_minute_later()

    session_shopper.set_quantity(laptop, 0)  # the shop's own form; it sends the app nothing

    assert agreed(session_shopper).discounts == ()
    assert OfferAcceptance.objects.get().status == "revoked"


def test_a_set_discount_lost_stays_lost_when_the_line_comes_back(session_shopper):
    s = scenarios.bundle()
    mouse_pk = s.targets[0].pk
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("checkout_start"))
    a_minute_later()
    mouse = next(line for line, product, _ in session_shopper.lines() if product == mouse_pk)
    session_shopper.set_quantity(mouse, 0)
    agreed(session_shopper)  # the cart is totalled without the mouse

    session_shopper.add(s.targets[0])

    assert agreed(session_shopper).discounts == ()


def test_terms_of_a_line_swapped_to_another_product_no_longer_count(session_shopper):
    s = scenarios.upsell()
    line_id = session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("cart_view"))
    a_minute_later()
    store = session_shopper.store()
    from .cart import SessionCart

    SessionCart(store).replace(line_id, ProductFactory().pk)  # e.g. edited in the back office
    store.save()

    assert agreed(session_shopper).lines == {}
    assert OfferAcceptance.objects.get().status == "revoked"


def test_fresh_terms_the_lines_do_not_show_are_skipped_but_kept(session_shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk))
    request = session_shopper.request()

    stale_lines = []  # lines read before the acceptance committed
    assert adjustments.for_cart(request, stale_lines) == adjustments.CartAdjustments()

    assert agreed(session_shopper).lines  # still there for the next total
    assert OfferAcceptance.objects.get().status == "applied"


def test_for_order_uses_the_terms_once(session_shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk))
    request = session_shopper.request()
    from .adapter import SessionCartAdapter

    lines = SessionCartAdapter(request).get_lines()

    first = adjustments.for_order(request, lines, order_id="A-1")
    retried = adjustments.for_order(request, lines, order_id="A-1")
    other = adjustments.for_order(request, lines, order_id="A-2")

    assert len(first.lines) == 1 and retried == first
    assert other.lines == {}
    assert agreed(session_shopper).lines == {}
    assert OfferAcceptance.objects.get().order_id == "A-1"


def test_terms_older_than_the_carts_life_are_ignored_and_pruned(session_shopper, settings):
    from django.core.management import call_command

    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk))
    CartAdjustment.objects.update(expires_at=F("created_at") - timedelta(seconds=1))

    assert agreed(session_shopper).lines == {}
    call_command("upsell_prune_adjustments")
    assert not CartAdjustment.objects.exists()


def test_the_default_cart_key_survives_the_session_key_change_of_a_login(rf, db):
    from tests.sessions import SessionStore
    from upsell_app.adjustments.keys import session_cart_key

    request = rf.get("/")
    request.session = SessionStore()
    key = session_cart_key(request, create=True)
    old_session_key = request.session.session_key

    request.session.cycle_key()  # what django.contrib.auth.login does

    assert request.session.session_key != old_session_key
    assert session_cart_key(request, create=False) == key
    assert old_session_key not in key  # the session key is a credential: never shown


def test_an_upgrade_swapped_away_by_a_downgrade_is_no_longer_applied_at_once(session_shopper):
    from tests.factories import OfferFactory

    phone = ProductFactory(name="Phone 128 GB", price=Decimal("100000"))
    big = ProductFactory(name="Phone 256 GB", price=Decimal("115000"))
    small = ProductFactory(name="Phone 64 GB", price=Decimal("85000"))
    up = OfferFactory(
        kind="upsell", triggers=["cart_view"], sources=[phone], targets=[big],
        headline="{product}", value_message="{difference}",
    )
    down = OfferFactory(
        kind="downsell", triggers=["checkout_start"], sources=[big], targets=[small],
        headline="{product}", value_message="{difference}",
    )
    line_id = session_shopper.add(phone)
    session_shopper.accept(session_shopper.offer("cart_view"), key="up")

    response = session_shopper.accept(session_shopper.offer("checkout_start"), key="down")

    assert response.status_code == 200, response.content
    assert agreed(session_shopper).lines[line_id].product_id == small.pk
    statuses = dict(OfferAcceptance.objects.values_list("offer_id", "status"))
    assert statuses == {up.pk: "revoked", down.pk: "applied"}


def test_an_accept_that_cannot_get_the_cart_lock_in_time_is_refused_and_changes_nothing(
    session_shopper, settings
):
    from upsell_app.cart_lock import cache_lock

    settings.UPSELL = {**settings.UPSELL, "CART_LOCK_WAIT_SECONDS": 0.2}
    s = scenarios.cross_sell()
    session_shopper.add(s.source)
    offer = session_shopper.offer("add_to_cart", s.source.pk)
    cart_id = session_shopper.store()["cart"]["id"]
    before = session_shopper.lines()

    with cache_lock(f"session-cart-lock:session-cart:{cart_id}"):  # another change in progress
        response = session_shopper.accept(offer)

    assert (response.status_code, response.json()["code"]) == (409, "cart_busy")
    assert session_shopper.lines() == before
    assert not OfferAcceptance.objects.exists()
    assert session_shopper.accept(offer).status_code == 200  # the same key, once it is free
