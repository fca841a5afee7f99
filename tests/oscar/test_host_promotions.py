"""The shop's own promotions stack with what the shopper accepted, on the shopper's side.

An agreed price is the line's own price, so oscar's vouchers and site offers discount from it as
from any price, exclusive or not, whether the shop's promotions discount prices with or without
tax: basket and checkout render, and accepting a pop-up never makes the basket dearer than adding
the same product directly.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from oscar.apps.basket import middleware as basket_middleware
from oscar.core.loading import get_model

from .promotions import TaxExcludedStrategy, TaxIncludedStrategy, percent_off
from .test_basket_terms import accept_first_choice

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
ADDRESS = {
    "first_name": "Hanako",
    "last_name": "Yamada",
    "line1": "1-2-3 Jingumae",
    "line4": "Shibuya, Tokyo",
    "postcode": "150-0001",
}
#: Oscar turns a discount of tax-exclusive prices back into a tax-inclusive total to the cent.
CENT = Decimal("0.01")


@pytest.fixture(
    params=[(TaxIncludedStrategy, True), (TaxExcludedStrategy, False)],
    ids=["promotions-incl-tax", "promotions-excl-tax"],
)
def shop_strategy(request, monkeypatch, settings):
    """The shop's pricing strategy, as its own ``Selector`` would pick it for every request,
    and whether its promotions discount prices with tax (oscar's default: without)."""
    strategy_class, offers_incl_tax = request.param
    settings.OSCAR_OFFERS_INCL_TAX = offers_incl_tax
    monkeypatch.setattr(
        basket_middleware.selector, "strategy", lambda *args, **kwargs: strategy_class()
    )
    return strategy_class


def shopper(django_user_model, name: str) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_user(name, f"{name}@example.com", "pw"))
    return client


def add(client: Client, product) -> None:
    assert client.post(f"/basket/add/{product.pk}/", {"quantity": 1}).status_code == 302


def use_voucher(client: Client, code: str) -> None:
    assert client.post("/basket/vouchers/add/", {"code": code}).status_code == 302


def basket_page(client: Client):
    response = client.get("/basket/")
    assert response.status_code == 200
    return response.context["basket"]


def checkout(client: Client):
    """Oscar's checkout to the placed order; each page must render."""
    assert client.get("/checkout/shipping-address/").status_code == 200
    address = client.post("/checkout/shipping-address/", ADDRESS, follow=True)
    assert address.status_code == 200
    assert address.request["PATH_INFO"] == "/checkout/payment-details/"
    assert client.get("/checkout/preview/").status_code == 200
    placed = client.post("/checkout/preview/", {"action": "place_order"}, follow=True)
    assert placed.status_code == 200
    assert placed.request["PATH_INFO"] == "/checkout/thank-you/"
    return Order.objects.order_by("-pk").first()


def accept_the_upsell(client: Client, products) -> dict:
    """Adds the 128 GB phone and accepts the Pro 256 GB at the pop-up's price; the choice."""
    add(client, products["phone-128"])
    return accept_first_choice(client, "add_to_cart", products["phone-128"].pk)


def quoted(client: Client, products) -> tuple[Decimal, Decimal]:
    """The pop-up's (price, shop's price) for the Pro 256 GB, as the shopper was shown them."""
    offer = client.get(
        "/upsell/api/offers/", {"trigger": "add_to_cart", "product_id": products["phone-128"].pk}
    ).json()["offer"]
    choice = offer["choices"][0]
    return Decimal(choice["price"]), Decimal(choice["original_price"])


def test_an_accepted_upsell_and_a_non_exclusive_voucher_both_count_in_basket_and_checkout(
    products, shop_strategy, django_user_model
):
    percent_off("Ten percent off", 10, exclusive=False, voucher_code="TEN")
    accepting, direct = (shopper(django_user_model, n) for n in ("hanako", "taro"))
    add(accepting, products["phone-128"])
    price, shop_price = quoted(accepting, products)
    accept_first_choice(accepting, "add_to_cart", products["phone-128"].pk)
    add(direct, products["phone-pro-256"])
    for client in (accepting, direct):
        use_voucher(client, "TEN")

    accepted_total = basket_page(accepting).total_incl_tax
    direct_total = basket_page(direct).total_incl_tax
    order = checkout(accepting)

    # The voucher's 10 % comes off the agreed price as off the shop's: the shopper keeps the
    # agreed saving, less the voucher's share of it.
    saving, kept = shop_price - price, direct_total / shop_price
    assert saving > 0 and direct_total < shop_price
    assert abs(accepted_total - (direct_total - saving * kept)) <= CENT
    assert order.total_incl_tax == accepted_total
    assert [d.voucher_code for d in order.discounts.all()] == ["TEN"]


def test_with_an_exclusive_voucher_the_shopper_who_accepted_pays_no_more_than_a_direct_add(
    products, shop_strategy, django_user_model
):
    percent_off("Ten percent off", 10, exclusive=True, voucher_code="TEN")
    accepting, direct = (shopper(django_user_model, n) for n in ("hanako", "taro"))
    accept_the_upsell(accepting, products)
    add(direct, products["phone-pro-256"])
    for client in (accepting, direct):
        use_voucher(client, "TEN")

    accepted = basket_page(accepting)
    direct_total = basket_page(direct).total_incl_tax
    order = checkout(accepting)

    assert [d["voucher"].code for d in accepted.voucher_discounts] == ["TEN"]  # it qualifies
    assert accepted.total_incl_tax <= direct_total
    assert order.total_incl_tax == accepted.total_incl_tax


def test_with_an_exclusive_site_offer_the_shopper_who_accepted_pays_no_more_than_a_direct_add(
    products, shop_strategy, django_user_model
):
    percent_off("Ten percent off everything", 10, exclusive=True)
    accepting, direct = (shopper(django_user_model, n) for n in ("hanako", "taro"))
    accept_the_upsell(accepting, products)
    add(direct, products["phone-pro-256"])

    accepted = basket_page(accepting)
    direct_total = basket_page(direct).total_incl_tax

    assert [d["name"] for d in accepted.offer_discounts] == ["Ten percent off everything"]
    assert accepted.total_incl_tax <= direct_total
    assert checkout(accepting).total_incl_tax == accepted.total_incl_tax


def test_a_bundle_and_a_non_exclusive_voucher_both_count(products, django_user_model):
    percent_off("Ten percent off", 10, exclusive=False, voucher_code="TEN")
    accepting, direct = (shopper(django_user_model, n) for n in ("hanako", "taro"))
    add(accepting, products["camera"])
    accept_first_choice(accepting, "add_to_cart", products["camera"].pk)
    for product in ("camera", "sd-card-128", "camera-bag"):
        add(direct, products[product])
    for client in (accepting, direct):
        use_voucher(client, "TEN")

    accepted_total = basket_page(accepting).total_incl_tax
    direct_total = basket_page(direct).total_incl_tax

    assert accepted_total < direct_total
    assert checkout(accepting).total_incl_tax == accepted_total


@pytest.mark.parametrize("exclusive", [False, True], ids=["stacking", "exclusive"])
def test_the_popups_new_cart_total_is_what_the_basket_charges_with_the_shops_voucher(
    products, shop_strategy, django_user_model, exclusive
):
    percent_off("Ten percent off", 10, exclusive=exclusive, voucher_code="TEN")
    client = shopper(django_user_model, "hanako")
    add(client, products["phone-128"])
    use_voucher(client, "TEN")
    add(client, products["phone-128"])

    answer = accept_first_choice(client, "add_to_cart", products["phone-128"].pk)
    basket = basket_page(client)

    assert [d["voucher"].code for d in basket.voucher_discounts] == ["TEN"]
    assert Decimal(answer["cart"]["total"]) == basket.total_incl_tax
    assert [d["label"] for d in answer["cart"]["discounts"]] == ["TEN"]
    assert checkout(client).total_incl_tax == basket.total_incl_tax


def test_the_popups_new_cart_total_after_a_subscription_switch_is_the_subscription_price(
    products, django_user_model
):
    percent_off("Ten percent off", 10, exclusive=False, voucher_code="TEN")
    client = shopper(django_user_model, "hanako")
    add(client, products["coffee-500"])
    use_voucher(client, "TEN")
    before = basket_page(client).total_incl_tax
    offer = client.get(
        "/upsell/api/offers/", {"trigger": "add_to_cart", "product_id": products["coffee-500"].pk}
    ).json()["offer"]
    assert offer["kind"] == "subscription"
    choice = offer["choices"][0]

    answer = client.post(
        f"/upsell/api/offers/{offer['id']}/accept/",
        {
            "product_id": choice["product_id"],
            "line_id": choice["line_id"],
            "quote": choice["quote"],
            "terms_digest": offer["subscription"]["terms_digest"],
        },
        content_type="application/json",
        headers={"Idempotency-Key": "subscribe-once"},
    ).json()
    basket = basket_page(client)

    assert basket.total_incl_tax < before  # the line switched to the subscription price
    assert Decimal(answer["cart"]["total"]) == basket.total_incl_tax
    assert answer["cart"]["lines"][0]["is_subscription"] is True
