"""Kitsune Sweets' cart lives in a signed cookie and its pages speak JSON: the app writes an
accepted offer into the response's cookie, refuses an accept (or the shop's own change) made on a
cart someone wrote since, and proves moments from the shop's API views."""

from __future__ import annotations

import pytest

from upsell_app.models import OfferAcceptance

from .models import Order

# Outside a test transaction, as in the shop: the cart version an accept wrote is recorded when
# it commits.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_add_over_the_json_api_proves_the_moment_for_the_widget(shopper, sweets, offers):
    shopper.add(sweets["yokan"])

    offer = shopper.offer("add_to_cart", sweets["yokan"].pk)

    assert offer["id"] == offers.cross_sell


def test_an_accepted_offer_comes_back_in_the_responses_cart_cookie(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    before = shopper.cart_cookie

    response = shopper.accept(shopper.offer("add_to_cart", sweets["yokan"].pk))

    assert response.status_code == 200, response.json()
    assert shopper.cart_cookie != before
    assert [x["title"] for x in shopper.cart()["lines"]] == ["Yokan", "Sencha 50 g"]


def test_the_shops_total_has_the_agreed_price_the_pop_up_answered(shopper, sweets, offers):
    shopper.add(sweets["yokan"])

    body = shopper.accept(shopper.offer("add_to_cart", sweets["yokan"].pk)).json()

    assert shopper.cart()["total"] == int(body["cart"]["total"]) == 1200 + 640


def test_an_accept_on_a_cart_written_since_it_was_read_is_refused(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    offer = shopper.offer("add_to_cart", sweets["yokan"].pk)
    stale = shopper.cart_cookie
    shopper.add(sweets["daifuku"])  # the shop's own change
    shopper.with_cart_cookie(stale)

    response = shopper.accept(offer)

    assert response.status_code == 409
    assert response.json()["code"] == "cart_changed"
    assert OfferAcceptance.objects.count() == 0


def test_the_shops_own_change_on_a_cart_an_accept_wrote_since_is_refused(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    stale = shopper.cart_cookie
    assert shopper.accept(shopper.offer("add_to_cart", sweets["yokan"].pk)).status_code == 200
    shopper.with_cart_cookie(stale)

    response = shopper.add(sweets["daifuku"])

    assert response.status_code == 409
    assert response.json()["code"] == "cart_changed"


def test_a_second_accept_with_the_same_cookie_and_another_key_is_refused(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    offer = shopper.offer("add_to_cart", sweets["yokan"].pk)
    stale = shopper.cart_cookie
    assert shopper.accept(offer, key="first").status_code == 200
    shopper.with_cart_cookie(stale)

    response = shopper.accept(offer, key="second")

    assert (response.status_code, response.json()["code"]) == (409, "cart_changed")
    assert OfferAcceptance.objects.exclude(response={}).count() == 1


def test_undo_writes_the_cart_back_into_the_cookie(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    body = shopper.accept(shopper.offer("add_to_cart", sweets["yokan"].pk)).json()

    response = shopper.post(body["confirmation"]["undo"]["url"])

    assert response.status_code == 200, response.json()
    assert [x["title"] for x in shopper.cart()["lines"]] == ["Yokan"]


def test_undo_on_a_cart_written_since_the_accept_is_refused(shopper, sweets, offers):
    shopper.add(sweets["yokan"])
    body = shopper.accept(shopper.offer("add_to_cart", sweets["yokan"].pk)).json()
    accepted = shopper.cart_cookie
    shopper.add(sweets["daifuku"])
    shopper.with_cart_cookie(accepted)  # a tab that still holds the cart as the accept left it

    response = shopper.post(body["confirmation"]["undo"]["url"])

    assert (response.status_code, response.json()["code"]) == (409, "cart_changed")


def test_the_order_page_shows_the_set_discount_from_the_apps_records(shopper, sweets, offers):
    shopper.add(sweets["daifuku"])
    assert shopper.accept(shopper.offer("cart_view")).status_code == 200

    placed = shopper.post("/api/checkout/", {"buyer": "Aoi"}).json()
    page = shopper.client.get(placed["url"]).content.decode()

    order = Order.objects.get(number=placed["number"])
    assert (order.discount_yen, order.total_yen) == (100, 250 + 150 + 400 - 100)
    assert "data-upsell-set-discount" in page
    assert "Set discount: Daifuku + Kinako dust + Kuromitsu syrup" in page


def test_the_order_page_shows_an_agreed_plans_terms(shopper, sweets, offers):
    shopper.add(sweets["matcha"])
    shopper.post("/api/checkout/start/")
    offer = shopper.offer("checkout_start")
    choice = offer["choices"][0]
    body = {
        "quote": choice["quote"],
        "line_id": choice["line_id"],
        "product_id": choice["product_id"],
        "terms_digest": offer["subscription"]["terms_digest"],
    }
    accepted = shopper.post(
        f"/upsell/api/offers/{offer['id']}/accept/", body, **{"Idempotency-Key": "plan"}
    )
    assert accepted.status_code == 200, accepted.json()

    placed = shopper.post("/api/checkout/", {"buyer": "Aoi"}).json()
    page = shopper.client.get(placed["url"]).content.decode()

    assert Order.objects.get(number=placed["number"]).total_yen == 1350
    assert "data-upsell-agreed-line" in page and "¥1,350" in page
    assert 'data-term="cancellation"' in page


def test_an_order_that_agreed_nothing_shows_no_agreed_terms(shopper, sweets):
    shopper.add(sweets["tea"])

    placed = shopper.post("/api/checkout/", {"buyer": "Aoi"}).json()

    assert "data-upsell-order-terms" not in shopper.client.get(placed["url"]).content.decode()
