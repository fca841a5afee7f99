"""A cross-sell with several choices: tick any of them, one accept adds them all, priced here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop_demo.shop.models import CartLine
from upsell_app.models import OfferAcceptance

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(shopper):
    s = scenarios.multi_pick()
    shopper.add(s.source)
    return s, shopper.offer("cart_view")


def test_a_cross_sell_with_several_choices_is_a_multi_pick_with_nothing_ticked(offered):
    _, offer = offered

    assert offer["multiple"] is True
    assert len(offer["choices"]) == 3
    assert offer["selection"]["totals"][0] == {
        "count": 0,
        "picked": "0",
        "picked_display": "¥0",
        "cart_total_display": "¥89,800",
    }


def test_live_totals_are_priced_on_the_server_for_every_combination(offered):
    _, offer = offered
    totals = offer["selection"]["totals"]

    case_and_glass = totals[0b011]
    assert case_and_glass["picked_display"] == "¥4,960"
    assert case_and_glass["cart_total_display"] == "¥94,760"
    assert totals[0b111]["picked_display"] == "¥8,940"
    assert len(totals) == 8


def test_the_headline_holds_for_every_choice_and_each_choice_has_its_own_value_line(shopper):
    s = scenarios.multi_pick(
        headline="Add {product}: {price}", value_message="{product} for {price}"
    )
    shopper.add(s.source)

    offer = shopper.offer("cart_view")

    assert offer["headline"] == "Add Clear case, Screen protector, Charger: ¥1,980–¥3,980"
    assert offer["message"] == "Clear case, Screen protector, Charger for ¥1,980–¥3,980"
    assert [c["message"] for c in offer["choices"]] == [
        "Clear case for ¥2,980",
        "Screen protector for ¥1,980",
        "Charger for ¥3,980",
    ]
    assert all(c["url"] for c in offer["choices"])


def test_two_picks_are_added_in_one_accept_at_server_prices(offered, shopper):
    s, offer = offered
    case, glass, _ = offer["choices"]

    response = shopper.accept_picks(offer, [case, glass])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cart"]["total"] == "94760"
    assert body["confirmation"]["total_display"] == "¥94,760"
    assert body["confirmation"]["message"] == "Added to your cart: Clear case, Screen protector."
    lines = CartLine.objects.filter(cart=shopper.cart).order_by("pk")
    assert [(ln.product_id, ln.unit_price) for ln in lines] == [
        (s.source.pk, Decimal("89800")),
        (s.targets[0].pk, Decimal("2980")),
        (s.targets[1].pk, Decimal("1980")),
    ]
    acceptance = OfferAcceptance.objects.get()
    assert acceptance.unit_price == Decimal("4960")
    assert len(acceptance.line_ids) == 2


def test_a_repeated_multi_pick_accept_returns_the_first_answer_and_adds_nothing(offered, shopper):
    _, offer = offered
    case, glass, _ = offer["choices"]
    first = shopper.accept_picks(offer, [case, glass]).json()

    again = shopper.accept_picks(offer, [case, glass])

    assert again.json() == first
    assert CartLine.objects.filter(cart=shopper.cart).count() == 3


def test_a_pick_whose_price_changed_refuses_the_whole_accept(offered, shopper):
    s, offer = offered
    case, glass, _ = offer["choices"]
    s.targets[1].price = Decimal("2500")
    s.targets[1].save()

    response = shopper.accept_picks(offer, [case, glass])

    assert response.status_code == 409
    assert response.json()["code"] == "price_changed"
    assert CartLine.objects.filter(cart=shopper.cart).count() == 1


def test_a_pick_already_in_the_cart_refuses_the_whole_accept(offered, shopper):
    s, offer = offered
    case, glass, _ = offer["choices"]
    shopper.add(s.targets[1])

    response = shopper.accept_picks(offer, [case, glass])

    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"
    assert CartLine.objects.filter(cart=shopper.cart).count() == 2


def test_a_pick_with_another_choices_quote_is_refused(offered, shopper):
    _, offer = offered
    case, glass, _ = offer["choices"]
    forged = {**case, "quote": glass["quote"]}

    response = shopper.accept_picks(offer, [forged])

    assert response.status_code == 400
    assert response.json()["code"] == "quote_mismatch"


def test_a_pick_carrying_a_price_is_refused(offered, shopper):
    _, offer = offered
    case = offer["choices"][0]

    response = shopper.client.post(
        f"/upsell/api/offers/{offer['id']}/accept/",
        {"picks": [{"product_id": case["product_id"], "quote": case["quote"], "price": "1"}]},
        content_type="application/json",
        headers={"Idempotency-Key": "k"},
    )

    assert response.status_code == 400
    assert CartLine.objects.filter(cart=shopper.cart).count() == 1


def test_the_same_product_picked_twice_is_refused(offered, shopper):
    _, offer = offered
    case = offer["choices"][0]

    response = shopper.accept_picks(offer, [case, case])

    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_pick"


def test_picks_are_refused_for_an_upsell(shopper):
    s = scenarios.upsell()
    shopper.add(s.source)
    offer = shopper.offer("cart_view")
    choice = offer["choices"][0]

    response = shopper.accept_picks(offer, [choice])

    assert response.status_code == 400
    assert response.json()["code"] in {"picks_not_allowed", "quote_mismatch"}


def test_the_live_cart_total_counts_a_set_discount_agreed_before(shopper, no_cooldown):
    bundle = scenarios.bundle()
    scenarios.multi_pick(sources=[bundle.source])
    shopper.add(bundle.source)
    assert shopper.accept(shopper.offer("checkout_start")).status_code == 200  # ¥152,000 now

    offer = shopper.offer("cart_view")

    assert offer["multiple"] is True
    assert offer["selection"]["totals"][0]["cart_total_display"] == "¥152,000"
