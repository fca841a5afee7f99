"""After an oscar order, the app's check compares what oscar charged with what the order's lines
still earned: a price agreed for a line the shopper then let go is no difference."""

from __future__ import annotations

import pytest

from upsell_app.models import OfferAcceptance

from .test_basket_terms import accept_first_choice
from .test_host_promotions import add, basket_page, checkout, shopper

pytestmark = pytest.mark.django_db


def test_an_upsold_line_removed_and_its_product_added_again_by_hand_is_no_mismatch(
    products, django_user_model
):
    client = shopper(django_user_model, "hanako")
    add(client, products["phone-128"])
    accept_first_choice(client, "add_to_cart", products["phone-128"].pk)
    (upsold,) = basket_page(client).all_lines()
    assert client.post(
        "/basket/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(upsold.pk),
            "form-0-quantity": str(upsold.quantity),
            "form-0-DELETE": "on",
        },
    ).status_code in (200, 302)
    add(client, products["phone-pro-256"])
    shop_price = products["phone-pro-256"].stockrecords.get().price

    order = checkout(client)

    assert order.total_incl_tax == shop_price  # the agreement went with the line
    assert list(OfferAcceptance.objects.values_list("order_mismatch", flat=True)) == [""]
