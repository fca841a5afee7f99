"""The shop-wide holdout: a share of shoppers never sees an offer, yet their visits and orders
are recorded in their group, so the dashboard can compare revenue per visitor."""

from __future__ import annotations

from decimal import Decimal

import pytest

from upsell_app.analytics.attribution import attribute_order
from upsell_app.models import EventType, OfferEvent, OrderOutcome, Visit
from upsell_app.selection.holdout import is_held_out

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdout_of_half(settings):
    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0.5}


def _shopper_in(make_shopper, held_out: bool):
    """A new browser whose session lands in the wanted group (half of them do)."""
    for _ in range(60):
        shopper = make_shopper()
        if is_held_out(f"s:{shopper.session_key}", 0.5) is held_out:
            return shopper
    raise AssertionError("no session landed in the group")


def _order(shopper, order_id: str, total: str) -> dict:
    return {
        "order_id": order_id, "shopper_key": shopper.session_key, "user_id": None,
        "customer_key": "", "ordered_at": "2026-11-20T10:00:00+09:00", "total": total,
        "lines": [],
    }


def test_a_held_out_shopper_gets_no_offer_and_nothing_is_counted_as_shown(
    holdout_of_half, make_shopper
):
    shopper = _shopper_in(make_shopper, held_out=True)
    scenario = scenarios.upsell()
    shopper.add(scenario.source)

    assert shopper.offer("cart_view") is None
    assert not OfferEvent.objects.filter(type=EventType.IMPRESSION).exists()


def test_a_held_out_shoppers_visit_is_recorded_in_the_holdout(holdout_of_half, make_shopper):
    shopper = _shopper_in(make_shopper, held_out=True)
    scenarios.upsell()

    shopper.offer("cart_view")
    shopper.offer("cart_view")

    visit = Visit.objects.get()
    assert (visit.visitor_id, visit.held_out) == (f"s:{shopper.session_key}", True)


def test_a_shown_shopper_gets_the_offer_and_a_visit_outside_the_holdout(
    holdout_of_half, make_shopper
):
    shopper = _shopper_in(make_shopper, held_out=False)
    scenario = scenarios.upsell()
    shopper.add(scenario.source)

    assert shopper.offer("cart_view")["id"] == scenario.offer.pk
    assert list(Visit.objects.values_list("held_out", flat=True)) == [False]


def test_an_order_records_its_shoppers_group_and_counts_them_as_a_visitor(
    holdout_of_half, make_shopper
):
    held = _shopper_in(make_shopper, held_out=True)
    shown = _shopper_in(make_shopper, held_out=False)

    attribute_order(_order(held, "A-1", "5000"))
    attribute_order(_order(shown, "A-2", "7000"))

    outcomes = dict(OrderOutcome.objects.values_list("order_id", "held_out"))
    assert outcomes == {"A-1": True, "A-2": False}
    assert OrderOutcome.objects.get(order_id="A-1").visitor_id == f"s:{held.session_key}"
    assert set(Visit.objects.values_list("visitor_id", "held_out")) == {
        (f"s:{held.session_key}", True), (f"s:{shown.session_key}", False)
    }
    assert OrderOutcome.objects.get(order_id="A-2").total == Decimal("7000")


def test_with_the_holdout_off_nobody_is_held_out_and_no_visit_is_written(shopper):
    scenario = scenarios.upsell()
    shopper.add(scenario.source)

    assert shopper.offer("cart_view")["id"] == scenario.offer.pk
    attribute_order(_order(shopper, "A-3", "1000"))

    assert not Visit.objects.exists()
    assert OrderOutcome.objects.get().held_out is None
