"""An offer under an A/B test: the shopper's arm is shown and accepted at the same price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartLine
from tests.factories import OfferVariantFactory
from upsell_app import signals

from . import scenarios

pytestmark = pytest.mark.django_db


def test_the_arm_shown_is_the_arm_accepted_at_its_own_price(shopper):
    s = scenarios.cross_sell()
    OfferVariantFactory(
        offer=s.offer,
        name="Half price",
        weight=1,
        discount_type="percent",
        discount_value=Decimal("50"),
        headline="Half price: {product}",
    )
    shopper.add(s.source)

    offer = shopper.offer("add_to_cart", s.source.pk)
    response = shopper.accept(offer)

    assert offer["headline"] == "Half price: Memory card"
    assert offer["choices"][0]["price"] == "1500"
    assert response.status_code == 200, response.content
    line = CartLine.objects.get(product=s.targets[0])
    assert shopper.agreed().unit_price(str(line.pk), line.unit_price) == Decimal("1500")


def test_the_control_arm_sees_no_offer_and_is_reported(shopper):
    s = scenarios.cross_sell()
    control = OfferVariantFactory(offer=s.offer, name="Holdout", weight=1, is_control=True)
    shopper.add(s.source)
    shown = []

    def remember(sender, **kwargs):
        shown.append((kwargs["offer_id"], kwargs["variant_id"], kwargs["is_control"]))

    signals.offer_shown.connect(remember, weak=False)
    try:
        offer = shopper.offer("add_to_cart", s.source.pk)
    finally:
        signals.offer_shown.disconnect(remember)

    assert offer is None
    assert shown == [(s.offer.pk, control.pk, True)]
