"""Undo reverses exactly what one accept changed, once, within the undo window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from upsell_app.models import OfferAcceptance

from . import scenarios

pytestmark = pytest.mark.django_db


def test_undo_of_a_multi_pick_leaves_the_cart_exactly_as_before(shopper):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    before = shopper.state()
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:2]).json()

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 200, response.content
    assert shopper.state() == before
    body = response.json()
    assert body["undone"] is True
    assert body["cart"]["total"] == "89800"
    assert OfferAcceptance.objects.get().status == "undone"


def test_a_second_undo_answers_alike_and_changes_nothing(shopper):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:2]).json()
    first = shopper.undo(accepted["confirmation"]).json()
    after_first = shopper.state()

    second = shopper.undo(accepted["confirmation"])

    assert second.status_code == 200
    assert second.json() == first
    assert shopper.state() == after_first


def test_undo_leaves_lines_the_shopper_added_since_alone(shopper):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:1]).json()
    later = shopper.add(s.targets[2])

    shopper.undo(accepted["confirmation"])

    assert shopper.product_ids() == sorted([s.source.pk, later.product_id])


def test_undo_of_an_upsell_puts_the_former_product_back_at_its_price(shopper):
    s = scenarios.upsell()
    shopper.add(s.source)
    before = shopper.state()
    offer = shopper.offer("cart_view")
    accepted = shopper.accept(offer).json()
    assert shopper.state() != before

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 200, response.content
    assert [row[1:4] for row in shopper.state()[0]] == [row[1:4] for row in before[0]]


def test_undo_of_a_bundle_removes_its_lines_and_its_discount(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)
    before = shopper.state()
    offer = shopper.offer("checkout_start")
    accepted = shopper.accept(offer).json()

    shopper.undo(accepted["confirmation"])

    assert shopper.state() == before


def test_undo_after_the_window_is_refused_and_keeps_the_cart(shopper, settings):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:2]).json()
    OfferAcceptance.objects.update(
        created_at=timezone.now()
        - timedelta(seconds=settings.UPSELL.get("UNDO_WINDOW_SECONDS", 900) + 1)
    )
    state = shopper.state()

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 409
    assert response.json()["code"] == "undo_expired"
    assert shopper.state() == state


def test_another_shopper_cannot_undo(shopper, make_shopper):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:2]).json()
    state = shopper.state()

    response = make_shopper().undo(accepted["confirmation"])

    assert response.status_code == 404
    assert shopper.state() == state


def test_after_an_undo_the_offer_is_not_shown_again_in_the_session(shopper, no_cooldown):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    accepted = shopper.accept_picks(offer, offer["choices"][:2]).json()

    shopper.undo(accepted["confirmation"])

    assert shopper.offer("cart_view") is None


def test_a_subscription_switch_has_no_undo_in_the_pop_up(shopper):
    s = scenarios.subscription()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")

    accepted = shopper.accept(offer).json()

    assert accepted["confirmation"]["undo"] is None
    assert accepted["confirmation"]["message"].startswith("Switched to a subscription")
