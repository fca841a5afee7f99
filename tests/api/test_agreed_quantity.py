"""An agreed price holds for the units agreed (what the pop-up showed), in the demo shop's cart
table: units beyond them cost the shop's price, fewer units keep the agreement for what is left,
and the order records the agreed units and the rest apart."""

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


def agreed_price() -> Decimal:
    """The unit price the accept agreed (the app's own record of it)."""
    return CartAdjustment.objects.get().unit_price


def set_quantity(shopper, line_id, quantity: int) -> None:
    """The shop's quantity form on the cart page."""
    shopper.client.post(reverse("shop:cart_update"), {f"qty-{line_id}": str(quantity)})


def cart_total(shopper) -> Decimal:
    """The total the cart page shows (the shop reads the cart once per page)."""
    return read_cart(shopper.request(), shopper.cart).total


def only_line(shopper) -> CartLine:
    return CartLine.objects.get(cart__session_key=shopper.session_key)


def test_an_upgrade_price_covers_the_units_upgraded_and_units_added_after_cost_the_shop_price(
    shopper,
):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200

    set_quantity(shopper, only_line(shopper).pk, 10)

    assert only_line(shopper).quantity == 10
    assert agreed_price() == s.targets[0].price - 5000
    assert cart_total(shopper) == agreed_price() + 9 * s.targets[0].price


def test_lowering_the_quantity_keeps_the_agreed_price_for_the_units_left(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source, quantity=3)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200

    set_quantity(shopper, only_line(shopper).pk, 2)

    assert CartAdjustment.objects.get().quantity == 3
    assert cart_total(shopper) == 2 * agreed_price()


def test_units_added_by_hand_merge_into_a_cross_sell_line_at_the_shop_price(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    assert shopper.accept(shopper.offer("add_to_cart", s.source.pk)).status_code == 200
    card = s.targets[0]

    add_product(shopper.cart, card, 3)  # the product page's "Add to cart", 3 more

    line = CartLine.objects.get(cart=shopper.cart, product=card)
    assert line.quantity == 4  # merged into the offer's line
    assert cart_total(shopper) == s.source.price + (card.price - 500) + 3 * card.price


def test_a_downsell_price_covers_the_one_unit_it_added(shopper):
    s = scenarios.downsell_after_removal(discount_type="fixed", discount_value=Decimal("1000"))
    pro = s.source
    offer = shopper.offer("item_removed", pro.pk)
    assert shopper.accept(offer).status_code == 200

    set_quantity(shopper, only_line(shopper).pk, 10)

    phone = s.targets[0]
    assert agreed_price() == phone.price - 1000
    assert cart_total(shopper) == agreed_price() + 9 * phone.price


def test_a_thank_you_price_covers_the_one_unit_offered_after_the_order(shopper):
    s = scenarios.thank_you_cross_sell(discount_type="percent", discount_value=Decimal("30"))
    assert shopper.accept(shopper.offer("order_completed")).status_code == 200

    set_quantity(shopper, only_line(shopper).pk, 10)

    refill = s.targets[0]
    assert agreed_price() < refill.price
    assert cart_total(shopper) == agreed_price() + 9 * refill.price


def test_the_order_charges_the_agreed_units_at_the_agreed_price_and_the_rest_at_the_shops(
    shopper,
):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200
    set_quantity(shopper, only_line(shopper).pk, 10)

    shopper.client.post(reverse("shop:checkout"), CUSTOMER)

    order = Order.objects.get()
    pro = s.targets[0]
    acceptance = OfferAcceptance.objects.get()
    lines = sorted(
        (x.quantity, x.unit_price, x.offer_id) for x in order.lines.filter(product=pro)
    )
    assert lines == [(1, pro.price - 5000, acceptance.offer_id), (9, pro.price, None)]
    assert order.total == pro.price - 5000 + 9 * pro.price
    assert acceptance.order_mismatch == ""


def test_a_subscription_price_per_delivery_covers_the_units_switched(shopper):
    s = scenarios.subscription()
    shopper.add(s.source, quantity=2)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200

    set_quantity(shopper, only_line(shopper).pk, 5)

    assert CartAdjustment.objects.get().quantity == 2
    assert cart_total(shopper) == 2 * agreed_price() + 3 * s.source.price


def test_the_cart_page_shows_the_agreed_units_and_the_rest_at_their_prices(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    shopper.add(s.source)
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200
    set_quantity(shopper, only_line(shopper).pk, 4)

    html = shopper.client.get(reverse("shop:cart")).content.decode()

    pro = s.targets[0]
    assert f"× 1 + ¥{pro.price:,.0f} × 3" in html
    assert f"¥{pro.price - 5000 + 3 * pro.price:,.0f}" in html
