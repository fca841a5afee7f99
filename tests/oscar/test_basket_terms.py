"""What the app agreed reaches oscar's basket as its lines' prices (the request's strategy),
follows the basket's lines, and oscar's in-place basket page gets its moments."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.dispatch import receiver
from oscar.core.loading import get_class, get_model

from upsell_app import signals

pytestmark = pytest.mark.django_db

Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")


def add(client, product) -> None:
    response = client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    assert response.status_code == 302


def accept_first_choice(client, trigger: str, product_id: int | None = None) -> dict:
    params = {"trigger": trigger, **({"product_id": product_id} if product_id else {})}
    offer = client.get("/upsell/api/offers/", params).json()["offer"]
    choice = offer["choices"][0]
    body = {"quote": choice["quote"]}
    if offer["kind"] != "bundle":
        body.update(product_id=choice["product_id"], line_id=choice["line_id"])
    response = client.post(
        f"/upsell/api/offers/{offer['id']}/accept/",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 200, response.content
    return response.json()


def totalled(client):
    """The shopper's basket as oscar's basket page totals it (its strategy, then its offers)."""
    response = client.get("/basket/")
    assert response.status_code == 200
    return response.wsgi_request.basket


def test_a_bundle_costs_its_set_price_in_oscars_totals(client, products):
    add(client, products["camera"])
    accept_first_choice(client, "add_to_cart", products["camera"].pk)

    basket = totalled(client)

    assert basket.num_lines == 3
    assert sum(line.line_price_incl_tax for line in basket.all_lines()) == Decimal("71500")
    assert basket.total_incl_tax == Decimal("71500")
    assert list(basket.offer_discounts) == []  # nothing of the app's in oscar's offers


def test_the_set_discount_goes_when_any_line_of_the_set_leaves_the_basket(client, products):
    add(client, products["camera"])
    accept_first_choice(client, "add_to_cart", products["camera"].pk)
    basket = Basket.objects.get()

    basket.lines.get(product=products["sd-card-128"]).delete()

    totals = totalled(client)
    assert totals.total_incl_tax == Decimal("64000") + Decimal("5200")


def test_an_upsold_line_swapped_back_by_hand_loses_the_agreed_price(client, products):
    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)
    assert totalled(client).total_incl_tax == Decimal("120000")

    Basket.objects.get().lines.all().delete()
    add(client, products["phone-pro-256"])

    assert totalled(client).total_incl_tax == Decimal("128000")


def test_what_a_guest_accepted_still_counts_after_signing_in_and_the_basket_merge(
    client, products, django_user_model
):
    customer = django_user_model.objects.create_user(
        "hanako", "hanako@example.com", "a-long-password"
    )
    saved = Basket.objects.create(owner=customer)  # the customer's basket from an earlier visit
    saved.strategy = Selector().strategy()
    saved.add_product(products["mug"], 1)
    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)

    client.login(username="hanako", password="a-long-password")
    basket = totalled(client)

    assert basket.id == saved.id
    assert sorted(line.product.title for line in basket.all_lines()) == [
        "Aozora Phone Pro 256 GB",
        "Hasami Mug",
    ]
    assert basket.total_incl_tax == Decimal("120000") + Decimal("1800")


def test_a_basket_that_is_not_the_shoppers_is_totalled_without_the_apps_terms(client, products):
    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)
    basket = Basket.objects.get()
    basket.strategy = Selector().strategy()

    Applicator().apply(basket)  # outside the shopper's request: a report, a member of staff

    assert basket.total_incl_tax == Decimal("128000")
    assert totalled(client).total_incl_tax == Decimal("120000")  # and nothing was lost


def test_the_apps_own_basket_changes_are_not_the_shoppers_removals(client, products):
    removed = []

    @receiver(signals.cart_line_removed, weak=False)
    def note(sender, **kwargs):
        removed.append(kwargs["product_id"])

    try:
        add(client, products["phone-128"])
        accept_first_choice(client, "add_to_cart", products["phone-128"].pk)  # swaps the line
    finally:
        signals.cart_line_removed.disconnect(note)

    assert removed == []
    assert [line.product for line in Basket.objects.get().lines.all()] == [
        products["phone-pro-256"]
    ]


def test_a_line_removed_on_oscars_in_place_basket_page_answers_with_the_moment(client, products):
    laptop = products["laptop-pro-14"]
    add(client, laptop)
    line = Basket.objects.get().lines.get()

    response = client.post(
        "/basket/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(line.pk),
            "form-0-quantity": "1",
            "form-0-DELETE": "on",
        },
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert response.json()["upsell_moment"] == {
        "trigger": "item_removed",
        "product_id": laptop.pk,
    }
    offer = client.get(
        "/upsell/api/offers/", {"trigger": "item_removed", "product_id": laptop.pk}
    ).json()["offer"]
    assert offer["kind"] == "downsell"
    assert [c["title"] for c in offer["choices"]] == ["Sora Book Air 13"]


def test_under_a_tax_adding_strategy_the_line_costs_the_agreed_price_tax_included(client, products):
    from django.test import RequestFactory

    from upsell_app.contrib.oscar.middleware import CurrentRequestMiddleware
    from upsell_app.contrib.oscar.strategy import wrap

    from .test_catalogue import JapaneseConsumptionTax

    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)  # agreed ¥120,000
    basket = Basket.objects.get()
    basket.strategy = wrap(JapaneseConsumptionTax())  # shows ¥128,000 before tax as ¥140,800
    request = RequestFactory().get("/basket/")
    request.session = client.session
    request._basket_cache = basket

    seen = {}

    def basket_page(request):
        Applicator().apply(basket, None, request)
        (line,) = basket.all_lines()
        seen.update(incl=line.unit_price_incl_tax, excl=line.unit_price_excl_tax)
        seen.update(total=basket.total_incl_tax)

    CurrentRequestMiddleware(basket_page)(request)

    assert seen == {
        "incl": Decimal("120000.00"),
        "excl": Decimal("109090.91"),
        "total": Decimal("120000.00"),
    }


def test_the_basket_page_does_not_warn_that_an_accepted_price_has_changed(client, products):
    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)

    response = client.get("/basket/")

    assert response.context["basket"].total_incl_tax == Decimal("120000")
    assert response.context["basket_warnings"] == []
