"""A price of zero or below read through the shop's catalogue adapter: not offered, and logged."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from shop_demo.shop.models import Product

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad_price", [Decimal("-9800"), Decimal("0")])
def test_offer_of_a_product_priced_at_zero_or_below_is_not_shown_and_a_warning_is_logged(
    shopper, caplog, bad_price
):
    s = scenarios.cross_sell(triggers=["cart_view"])
    Product.objects.filter(pk=s.targets[0].pk).update(price=bad_price)  # a catalogue typo
    shopper.add(s.source)

    with caplog.at_level(logging.WARNING, logger="upsell_app.catalogue"):
        offer = shopper.offer("cart_view")

    assert offer is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "upsell_app.catalogue"]
    assert any(
        f"product {s.targets[0].pk} (Memory card)" in w and "not offered" in w for w in warnings
    ), warnings


def test_accept_is_refused_when_the_targets_price_turned_bad_after_it_was_shown(shopper):
    s = scenarios.cross_sell(triggers=["cart_view"])
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    Product.objects.filter(pk=s.targets[0].pk).update(price=Decimal("-1"))

    response = shopper.accept(offer)

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "not_eligible"
    assert shopper.product_ids() == [s.source.pk]
