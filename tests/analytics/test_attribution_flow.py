"""Attribution end to end: accepted through the API, then checked out (or removed first)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartLine
from tests.api import scenarios
from tests.api.conftest import Shopper
from upsell_app import signals
from upsell_app.models import Attribution, OfferEvent, OrderOutcome

pytestmark = pytest.mark.django_db


def test_offer_accepted_in_the_pop_up_earns_its_line_at_checkout(
    client, checkout, django_capture_on_commit_callbacks
):
    shopper = Shopper(client)
    s = scenarios.cross_sell()
    shopper.add(s.source)
    with django_capture_on_commit_callbacks(execute=True):
        offer = shopper.offer("add_to_cart", s.source.pk)
        assert shopper.accept(offer).status_code == 200
    checkout(shopper, "F-1")
    attribution = Attribution.objects.get()
    assert (attribution.offer, attribution.product_id) == (s.offer, s.targets[0].pk)
    assert attribution.revenue == Decimal("3000") and attribution.acceptance is not None
    assert OrderOutcome.objects.get().total == Decimal("53000")
    assert sorted(OfferEvent.objects.values_list("type", flat=True)) == ["accept", "impression"]


def test_offer_accepted_then_removed_from_the_cart_earns_nothing(client, checkout):
    shopper = Shopper(client)
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.accept(shopper.offer("add_to_cart", s.source.pk))
    card_line_id = CartLine.objects.get(product=s.targets[0]).pk
    CartLine.objects.filter(pk=card_line_id).delete()
    signals.cart_line_removed.send(
        sender=CartLine, request=shopper.request(), product_id=s.targets[0].pk,
        line_id=card_line_id,
    )
    shopper.add(s.targets[0])  # bought after all, but not because of the pop-up
    checkout(shopper, "F-2")
    assert not Attribution.objects.exists()
    assert not OrderOutcome.objects.get().had_accepted_offer


def test_order_without_accepting_the_offer_earns_nothing(client, checkout):
    shopper = Shopper(client)
    s = scenarios.cross_sell()
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None
    checkout(shopper, "F-3")
    assert not Attribution.objects.exists()
