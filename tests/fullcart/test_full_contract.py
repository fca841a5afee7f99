"""The full CartAdapter contract keeps working: a shop that stores prices, set discounts and plans
itself gets them handed to its adapter, and the app keeps nothing for its cart."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from tests.api import scenarios
from tests.factories import ProductFactory
from tests.sessions import SessionStore
from upsell_app import signals
from upsell_app.models import CartAdjustment, OfferAcceptance
from upsell_app.receivers import set_pending
from upsell_app.selection.types import Trigger

from .adapter import SESSION_CART, FullSessionCartAdapter

pytestmark = pytest.mark.django_db


class FullShopper:
    def __init__(self, client) -> None:
        self.client = client
        session = client.session
        session.save()
        self.session_key = session.session_key

    def request(self):
        request = RequestFactory().post("/cart/remove/")
        request.session = SessionStore(session_key=self.session_key)
        request.user = AnonymousUser()
        return request

    def add(self, product, quantity=1) -> str:
        request = self.request()
        line_id = FullSessionCartAdapter(request).add_line(
            product.pk, quantity, product.price, offer_id=None
        )
        request.session.save()
        return line_id

    def cart(self) -> dict:
        return SessionStore(session_key=self.session_key)[SESSION_CART]

    def total(self) -> Decimal:
        return FullSessionCartAdapter(self.request()).get_summary().total

    def change(self, line_id: str, *, merge: int = 0, quantity: int | None = None) -> None:
        """The shop's own quantity form (``quantity``) or "add more" on a line (``merge``)."""
        request = self.request()
        adapter = FullSessionCartAdapter(request)
        if merge:
            adapter.merge(line_id, merge)
        if quantity is not None:
            adapter.change_quantity(line_id, quantity)
        request.session.save()

    def line(self, line_id: str) -> dict:
        return next(x for x in self.cart()["lines"] if x["id"] == line_id)

    def remove(self, line_id: str, product_id: int) -> None:
        """The shop's remove button: the line goes, then the shop tells the app."""
        request = self.request()
        FullSessionCartAdapter(request).remove_line(line_id)
        signals.cart_line_removed.send(
            sender=None, request=request, product_id=product_id, line_id=line_id
        )
        request.session.save()

    def offer(self, trigger, product_id=None) -> dict:
        if trigger != "cart_view":  # an event moment first happens in the shop (its signal)
            request = self.request()
            set_pending(request, Trigger(trigger), product_id)
            request.session.save()
        query = {"trigger": trigger, **({"product_id": product_id} if product_id else {})}
        return self.client.get(reverse("upsell:offer-list"), query).json()["offer"]

    def accept(self, offer, key="k1"):
        choice = offer["choices"][0]
        body = {
            "product_id": None if offer["kind"] == "bundle" else choice["product_id"],
            "line_id": choice["line_id"],
            "quote": choice["quote"],
            # As the widget does: a subscription's accept names the terms the shopper read.
            **_read_terms(offer),
        }
        return self.client.post(
            reverse("upsell:offer-accept", args=[offer["id"]]), json.dumps(body),
            content_type="application/json", headers={"Idempotency-Key": key},
        )


@pytest.fixture
def shopper(client, settings):
    settings.UPSELL = {
        **settings.UPSELL,
        "CART_ADAPTER": "tests.fullcart.adapter.FullSessionCartAdapter",
        "POPUP_COOLDOWN_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 100,
    }
    return FullShopper(client)


def test_upsell_replaces_the_line_at_the_servers_price(shopper):
    s = scenarios.upsell()
    line_id = shopper.add(s.source, quantity=2)

    response = shopper.accept(shopper.offer("cart_view"))

    assert response.status_code == 200, response.content
    line = shopper.line(line_id)
    assert (line["product_id"], line["unit_price"], line["quantity"], line["offer_id"]) == (
        s.targets[0].pk, "130000", 2, s.offer.pk
    )
    assert response.json()["cart"]["total"] == "260000"


def test_discounted_cross_sell_is_added_at_the_discounted_price(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)

    shopper.accept(shopper.offer("add_to_cart", s.source.pk))

    added = shopper.cart()["lines"][1]
    assert (added["product_id"], added["unit_price"], added["offer_id"]) == (
        s.targets[0].pk, "2500", s.offer.pk
    )


def test_subscription_converts_the_line_with_its_terms(shopper):
    s = scenarios.subscription()
    line_id = shopper.add(s.source)

    shopper.accept(shopper.offer("cart_view"))

    line = shopper.line(line_id)
    assert (line["is_subscription"], line["unit_price"]) == (True, "1350")
    assert line["subscription_terms"]["cancellation"].startswith("Cancel or skip")


def test_bundle_adds_every_item_and_applies_one_discount(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)

    response = shopper.accept(shopper.offer("checkout_start"))

    assert [x["product_id"] for x in shopper.cart()["lines"]] == [
        s.source.pk, *(t.pk for t in s.targets)
    ]
    ((key, discount),) = shopper.cart()["discounts"].items()
    assert (discount["amount"], key) == ("8000", OfferAcceptance.objects.get().bundle_key)
    assert response.json()["cart"]["total"] == "152000"


def test_removing_a_bundle_item_revokes_the_discount_through_the_adapter(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)
    shopper.accept(shopper.offer("checkout_start"))
    mouse = next(x for x in shopper.cart()["lines"] if x["product_id"] == s.targets[0].pk)

    shopper.remove(mouse["id"], s.targets[0].pk)

    assert shopper.cart()["discounts"] == {}
    assert OfferAcceptance.objects.get().status == "revoked"


def test_removing_the_line_the_set_goes_with_revokes_the_discount(shopper):
    s = scenarios.bundle()
    laptop = shopper.add(s.source)
    shopper.accept(shopper.offer("checkout_start"))

    shopper.remove(laptop, s.source.pk)

    assert shopper.cart()["discounts"] == {}
    assert OfferAcceptance.objects.get().status == "revoked"


def test_removing_a_line_no_acceptance_depends_on_revokes_nothing(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)
    notebook = ProductFactory(name="Notebook")
    other = shopper.add(notebook)
    shopper.accept(shopper.offer("checkout_start"))

    shopper.remove(other, notebook.pk)

    assert len(shopper.cart()["discounts"]) == 1
    assert OfferAcceptance.objects.get().status == "applied"


def test_accepting_twice_with_one_key_changes_the_cart_once(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)

    first, second = shopper.accept(offer, key="same"), shopper.accept(offer, key="same")

    assert second.json() == first.json()
    assert len(shopper.cart()["lines"]) == 2


def test_the_app_keeps_nothing_for_a_cart_that_stores_its_own_prices(shopper):
    s = scenarios.bundle()
    shopper.add(s.source)

    shopper.accept(shopper.offer("checkout_start"))

    assert not CartAdjustment.objects.exists()


def test_an_upgrade_swapped_away_by_a_downgrade_is_no_longer_applied(shopper, settings):
    phone = ProductFactory(name="Phone 128 GB", price=Decimal("100000"))
    big = ProductFactory(name="Phone 256 GB", price=Decimal("115000"))
    small = ProductFactory(name="Phone 64 GB", price=Decimal("85000"))
    from tests.factories import OfferFactory

    up = OfferFactory(
        kind="upsell", triggers=["cart_view"], sources=[phone], targets=[big],
        headline="{product}", value_message="{difference}",
    )
    down = OfferFactory(
        kind="downsell", triggers=["checkout_start"], sources=[big], targets=[small],
        headline="{product}", value_message="{difference}",
    )
    line_id = shopper.add(phone)
    assert shopper.accept(shopper.offer("cart_view"), key="up").status_code == 200

    response = shopper.accept(shopper.offer("checkout_start"), key="down")

    assert response.status_code == 200, response.content
    assert shopper.line(line_id)["product_id"] == small.pk
    statuses = dict(OfferAcceptance.objects.values_list("offer_id", "status"))
    assert statuses == {up.pk: "revoked", down.pk: "applied"}


def _read_terms(offer: dict) -> dict:
    digest = (offer.get("subscription") or {}).get("terms_digest")
    return {"terms_digest": digest} if digest else {}


# -- an agreed price covers the units agreed (the contract tells the shop how to split a line) ---
def test_an_upgrade_price_handed_over_covers_the_units_the_line_held(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    line_id = shopper.add(s.source)
    shopper.accept(shopper.offer("cart_view"))

    shopper.change(line_id, quantity=10)

    pro = s.targets[0]
    assert shopper.line(line_id)["agreed_quantity"] == 1
    assert shopper.total() == (pro.price - 5000) + 9 * pro.price


def test_lowering_the_quantity_keeps_the_price_handed_over_for_the_units_left(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    line_id = shopper.add(s.source, quantity=3)
    shopper.accept(shopper.offer("cart_view"))

    shopper.change(line_id, quantity=2)

    assert shopper.total() == 2 * (s.targets[0].price - 5000)


def test_units_merged_into_a_cross_sell_line_by_hand_cost_the_shop_price(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    shopper.accept(shopper.offer("add_to_cart", s.source.pk))
    card_line = shopper.cart()["lines"][1]["id"]

    shopper.change(card_line, merge=3)

    card = s.targets[0]
    assert shopper.total() == s.source.price + (card.price - 500) + 3 * card.price


def test_a_plans_price_per_delivery_covers_the_units_switched(shopper):
    s = scenarios.subscription()
    line_id = shopper.add(s.source, quantity=2)
    shopper.accept(shopper.offer("cart_view"))

    shopper.change(line_id, quantity=5)

    assert shopper.total() == 2 * Decimal(shopper.line(line_id)["unit_price"]) + 3 * s.source.price


# -- Undo takes back exactly what the accept handed over ----------------------------------------
def test_undo_of_a_cross_sell_leaves_the_units_merged_in_by_hand(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("add_to_cart", s.source.pk)).json()
    card_line = shopper.cart()["lines"][1]["id"]
    shopper.change(card_line, merge=3)

    response = shopper.client.post(accepted["confirmation"]["undo"]["url"])

    assert response.status_code == 200, response.content
    assert shopper.line(card_line)["quantity"] == 3
    assert shopper.total() == s.source.price + 3 * s.targets[0].price


def test_undo_of_an_upgrade_swaps_back_only_the_units_it_upgraded(shopper):
    s = scenarios.upsell(discount_type="fixed", discount_value=Decimal("5000"))
    line_id = shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("cart_view")).json()
    shopper.change(line_id, quantity=3)

    shopper.client.post(accepted["confirmation"]["undo"]["url"])

    held = sorted((x["product_id"], x["quantity"]) for x in shopper.cart()["lines"])
    assert held == sorted([(s.source.pk, 1), (s.targets[0].pk, 2)])
    assert shopper.total() == s.source.price + 2 * s.targets[0].price


def test_undo_once_the_cart_went_to_an_order_is_refused_and_changes_nothing(shopper):
    s = scenarios.cross_sell(discount_type="fixed", discount_value=Decimal("500"))
    shopper.add(s.source)
    accepted = shopper.accept(shopper.offer("add_to_cart", s.source.pk)).json()
    cart = shopper.cart()
    signals.order_completed.send(
        sender=None, request=shopper.request(), order_id="FULL-1",
        lines=[{"product_id": x["product_id"], "quantity": x["quantity"],
                "unit_price": x["unit_price"]} for x in cart["lines"]],
        customer_key="guest:1", ordered_at=None,
    )  # fmt: skip

    response = shopper.client.post(accepted["confirmation"]["undo"]["url"])

    assert response.status_code == 409
    assert response.json()["code"] == "already_ordered"
    assert shopper.cart() == cart
    assert OfferAcceptance.objects.get().status == "applied"
