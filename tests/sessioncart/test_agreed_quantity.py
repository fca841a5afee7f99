"""A cart kept in the session: an agreed price covers the units agreed, whatever the shopper
does to the line's quantity afterwards; the cart the pop-up reports and the order say so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api import scenarios
from upsell_app import adjustments
from upsell_app.models import CartAdjustment

from .adapter import SessionCartAdapter

pytestmark = pytest.mark.django_db


def cart_total(shopper) -> Decimal:
    """The total the shop shows: its lines priced through the app's agreed terms."""
    return SessionCartAdapter(shopper.request()).get_summary().total


def agreed_price() -> Decimal:
    return CartAdjustment.objects.get().unit_price


def upgraded(shopper, quantity: int = 1):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    line_id = shopper.add(s.source, quantity=quantity)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200
    return s, line_id


def test_raising_the_quantity_after_an_upgrade_charges_the_extra_units_the_shop_price(
    session_shopper,
):
    s, line_id = upgraded(session_shopper)

    session_shopper.set_quantity(line_id, 10)

    assert cart_total(session_shopper) == agreed_price() + 9 * s.targets[0].price


def test_lowering_the_quantity_keeps_the_agreed_price_for_the_units_left(session_shopper):
    _, line_id = upgraded(session_shopper, quantity=3)

    session_shopper.set_quantity(line_id, 1)

    assert cart_total(session_shopper) == agreed_price()


def test_adding_the_product_by_hand_merges_into_the_line_at_the_shop_price(session_shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)
    session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk))

    session_shopper.add(s.targets[0], quantity=3)  # one line per product: merged

    card = s.targets[0]
    assert [q for _, p, q in session_shopper.lines() if p == card.pk] == [4]
    assert cart_total(session_shopper) == s.source.price + agreed_price() + 3 * card.price


def test_at_order_time_the_agreed_units_are_priced_apart_from_the_rest(session_shopper):
    s, line_id = upgraded(session_shopper)
    session_shopper.set_quantity(line_id, 4)
    request = session_shopper.request()

    agreed = adjustments.for_order(
        request, SessionCartAdapter(request).get_lines(), order_id="ORDER-1"
    )

    pro = s.targets[0]
    assert agreed.agreed_quantity(line_id) == 1
    assert agreed.line_total(line_id, 4, pro.price) == agreed_price() + 3 * pro.price
    assert agreed.unit_price(line_id, pro.price) == agreed_price()  # still what was agreed


def test_undo_of_a_cross_sell_leaves_the_units_merged_in_by_hand(session_shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    session_shopper.add(s.source)
    accepted = session_shopper.accept(session_shopper.offer("add_to_cart", s.source.pk)).json()
    session_shopper.add(s.targets[0], quantity=3)  # merged into the offer's line

    response = session_shopper.client.post(accepted["confirmation"]["undo"]["url"])

    assert response.status_code == 200, response.content
    card = s.targets[0]
    assert sorted((p, q) for _, p, q in session_shopper.lines()) == sorted(
        [(s.source.pk, 1), (card.pk, 3)]
    )
    assert cart_total(session_shopper) == s.source.price + 3 * card.price
