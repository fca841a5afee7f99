"""Undo takes back exactly what its accept changed, and only while the cart is still a cart:
units the shopper added by hand stay, an upgrade swaps back only the units it agreed, and once
the order is placed Undo is refused and nothing changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop_demo.shop.cart import add_product, read_cart
from shop_demo.shop.models import CartLine, Order
from upsell_app.models import CartAdjustment, OfferAcceptance

from . import scenarios

pytestmark = pytest.mark.django_db

CUSTOMER = {"name": "Hanako Yamada", "email": "hanako@example.jp"}


def lines(shopper) -> list[tuple[int, int]]:
    """``(product id, quantity)`` of the shop's cart lines."""
    rows = CartLine.objects.filter(cart__session_key=shopper.session_key).order_by("pk")
    return sorted(rows.values_list("product_id", "quantity"))


def test_undo_of_a_cross_sell_leaves_the_units_the_shopper_added_by_hand(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("add_to_cart", s.source.pk)).json()
    card = s.targets[0]
    add_product(shopper.cart, card, 3)  # merged into the offer's line: 4 cards

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 200, response.content
    assert lines(shopper) == sorted([(s.source.pk, 1), (card.pk, 3)])
    assert read_cart(shopper.request(), shopper.cart).total == s.source.price + 3 * card.price
    assert OfferAcceptance.objects.get().status == "undone"


def test_undo_of_a_cross_sell_whose_line_is_gone_is_refused_and_says_so(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("add_to_cart", s.source.pk)).json()
    # The line leaves the cart without the shop telling the app (as a cart that became an order
    # moments after the line was removed): nothing the accept added is there to take back.
    CartLine.objects.filter(cart=shopper.cart, product=s.targets[0]).delete()
    before = lines(shopper)

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "cart_changed"
    assert lines(shopper) == before
    assert OfferAcceptance.objects.get().status != "undone"


def test_undo_of_an_upgrade_swaps_back_only_the_units_it_upgraded(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("cart_view")).json()
    line = CartLine.objects.get(cart=shopper.cart)
    shopper.client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "3"})

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 200, response.content
    pro = s.targets[0]
    assert lines(shopper) == sorted([(s.source.pk, 1), (pro.pk, 2)])
    # Nothing the undone accept agreed is left: the two kept units cost the shop's price.
    assert read_cart(shopper.request(), shopper.cart).total == s.source.price + 2 * pro.price


def test_undo_of_an_upgrade_after_lowering_the_quantity_swaps_back_what_is_left(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source, quantity=3)
    accepted = shopper.accept(shopper.offer("cart_view")).json()
    line = CartLine.objects.get(cart=shopper.cart)
    shopper.client.post(reverse("shop:cart_update"), {f"qty-{line.pk}": "2"})

    shopper.undo(accepted["confirmation"])

    assert lines(shopper) == [(s.source.pk, 2)]


def test_undo_after_the_order_is_placed_is_refused_and_changes_nothing(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("add_to_cart", s.source.pk)).json()
    shopper.client.post(reverse("shop:checkout"), CUSTOMER)
    order = Order.objects.get()
    ordered = sorted(order.lines.values_list("product_id", "quantity", "unit_price"))

    response = shopper.undo(accepted["confirmation"])

    assert response.status_code == 409
    assert response.json()["code"] == "already_ordered"
    acceptance = OfferAcceptance.objects.get()
    assert (acceptance.status, acceptance.order_id) == ("applied", order.number)
    assert sorted(order.lines.values_list("product_id", "quantity", "unit_price")) == ordered
    assert CartAdjustment.objects.get().dropped_at is None
