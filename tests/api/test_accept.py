"""POST /upsell/api/offers/<id>/accept/: each kind changes the cart once, at the server's price.

The demo's cart holds lines only (a SimpleCartAdapter): the line changes in the shop's cart, the
agreed price, plan or set discount is kept by the app (``shopper.agreed()``). The full
CartAdapter contract has its own tests in tests/fullcart/.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartLine
from tests.factories import ProductFactory
from upsell_app.models import OfferAcceptance

from . import scenarios

pytestmark = pytest.mark.django_db

CART_KEYS = {"lines", "discounts", "subtotal", "total", "subtotal_display", "total_display"}
LINE_KEYS = {
    "line_id",
    "product_id",
    "title",
    "quantity",
    "unit_price",
    "line_total",
    "is_subscription",
}


def test_accept_upsell_replaces_the_line_and_returns_the_new_cart(shopper):
    s = scenarios.upsell()
    line = shopper.add(s.source, quantity=2)
    offer = shopper.offer("cart_view")

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] is True
    assert body["offer_id"] == s.offer.pk
    assert set(body["cart"]) == CART_KEYS
    assert [set(line) for line in body["cart"]["lines"]] == [LINE_KEYS]
    assert body["cart"]["lines"][0] == {
        "line_id": str(line.pk),
        "product_id": s.targets[0].pk,
        "title": "Phone 16 Pro",
        "quantity": 2,
        "unit_price": "130000",
        "line_total": "260000",
        "is_subscription": False,
    }
    assert (body["cart"]["total"], body["cart"]["total_display"]) == ("260000", "¥260,000")
    line.refresh_from_db()
    terms = shopper.agreed().lines[str(line.pk)]
    assert (line.product_id, terms.product_id, terms.unit_price, terms.offer_id) == (
        s.targets[0].pk,
        s.targets[0].pk,
        Decimal("130000"),
        s.offer.pk,
    )


def test_accept_cross_sell_adds_the_target_at_its_price(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk]
    assert response.json()["cart"]["subtotal"] == "53000"


def test_accept_cross_sell_charges_the_discounted_price(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    shopper.accept(offer)

    added = CartLine.objects.get(product=s.targets[0])
    assert added.unit_price == Decimal("3000")  # the shop's own price; the app keeps the offer's
    assert shopper.agreed().unit_price(str(added.pk), added.unit_price) == Decimal("2500")


def test_accept_downsell_after_removal_adds_the_cheaper_product(shopper):
    s = scenarios.downsell_after_removal()
    offer = shopper.offer("item_removed", s.source.pk)

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.targets[0].pk]
    assert response.json()["cart"]["total"] == "100000"


def test_accept_downsell_of_a_line_in_the_cart_replaces_it(shopper):
    s = scenarios.downsell_after_removal()
    line = shopper.add(s.source)
    offer = shopper.offer("checkout_start")
    assert offer["choices"][0]["line_id"] == str(line.pk)

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert line.product_id == s.targets[0].pk
    assert shopper.agreed().unit_price(str(line.pk), Decimal("0")) == Decimal("100000")


def test_accept_bundle_adds_every_item_and_one_discount(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)
    offer = shopper.offer("checkout_start")

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk, s.targets[1].pk]
    cart = response.json()["cart"]
    assert [(d["amount"]) for d in cart["discounts"]] == ["8000"]
    assert "Laptop + Mouse + Laptop bag" in cart["discounts"][0]["label"]
    assert (cart["subtotal"], cart["total"], cart["total_display"]) == (
        "160000",
        "152000",
        "¥152,000",
    )


def test_accept_subscription_converts_the_line_with_its_terms(shopper):
    s = scenarios.subscription()
    line = shopper.add(s.source)
    offer = shopper.offer("cart_view")

    response = shopper.accept(offer)

    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert line.product_id == s.source.pk  # the line stays; the app keeps the plan
    plan = shopper.agreed().plan(str(line.pk))
    assert plan.price_per_delivery == Decimal("1350")
    assert plan.terms.interval_unit == "month"
    assert plan.terms.cancellation.startswith("Cancel or skip")
    assert response.json()["cart"]["lines"][0]["is_subscription"] is True


def test_accept_records_what_was_accepted(shopper):
    s = scenarios.upsell()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")

    shopper.accept(offer, key="click-1")

    acceptance = OfferAcceptance.objects.get()
    assert (acceptance.offer_id, acceptance.kind, acceptance.product_id) == (
        s.offer.pk,
        "upsell",
        s.targets[0].pk,
    )
    assert acceptance.source_product_id == s.source.pk
    assert acceptance.value == Decimal("30000")
    assert acceptance.idempotency_key == "click-1"


def test_accepting_twice_with_the_same_key_changes_the_cart_once(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    first = shopper.accept(offer, key="same")
    second = shopper.accept(offer, key="same")

    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert shopper.product_ids() == [s.source.pk, s.targets[0].pk]
    assert OfferAcceptance.objects.count() == 1


def test_a_new_key_after_accepting_is_refused_because_the_target_is_in_the_cart(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    shopper.accept(offer, key="first")
    before = shopper.state()

    response = shopper.accept(offer, key="second")

    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"
    assert shopper.state() == before


def test_set_discount_is_dropped_when_a_bundle_line_is_removed(shopper):
    from upsell_app import signals

    s = scenarios.bundle()
    shopper.add(s.source)
    shopper.accept(shopper.offer("checkout_start"))
    mouse_line_id = CartLine.objects.get(product=s.targets[0]).pk
    CartLine.objects.filter(pk=mouse_line_id).delete()

    signals.cart_line_removed.send(
        sender=CartLine,
        request=shopper.request(),
        product_id=s.targets[0].pk,
        line_id=mouse_line_id,
    )

    assert shopper.agreed().discounts == ()
    assert OfferAcceptance.objects.get().status == "revoked"


def test_removing_the_line_a_set_goes_with_drops_the_set_discount(shopper):
    from upsell_app import signals

    s = scenarios.bundle()
    laptop_line = shopper.add(s.source)
    shopper.accept(shopper.offer("checkout_start"))
    laptop_line_id = laptop_line.pk
    laptop_line.delete()

    signals.cart_line_removed.send(
        sender=CartLine,
        request=shopper.request(),
        product_id=s.source.pk,
        line_id=laptop_line_id,
    )

    assert shopper.agreed().discounts == ()
    assert OfferAcceptance.objects.get().status == "revoked"


def test_removing_a_line_no_acceptance_depends_on_revokes_nothing(shopper):
    from upsell_app import signals

    s = scenarios.bundle()
    shopper.add(s.source)
    other = shopper.add(ProductFactory(name="Notebook"))
    shopper.accept(shopper.offer("checkout_start"))
    other_id = other.pk
    other.delete()

    signals.cart_line_removed.send(
        sender=CartLine,
        request=shopper.request(),
        product_id=other.product_id,
        line_id=other_id,
    )

    assert len(shopper.agreed().discounts) == 1
    assert OfferAcceptance.objects.get().status == "applied"


def test_a_retry_after_the_offer_ended_still_gets_the_first_answer(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    first = shopper.accept(offer, key="retry")
    s.offer.is_active = False
    s.offer.save()

    retry = shopper.accept(offer, key="retry")

    assert retry.status_code == 200
    assert retry.json() == first.json()
