"""Kumo Tea's API schema documents product_id as its key type; Undo finds lines by those keys."""

from __future__ import annotations

import pytest

from upsell_app.models import OfferAcceptance

from .models import CartRow
from .test_five_kinds import accept, add, offer_at
from .upsell_adapter import BY_VARIANT

pytestmark = pytest.mark.django_db


def test_the_schema_documents_product_id_as_the_shops_key_type(client):
    schema = client.get("/upsell/api/schema/", {"format": "json"}).json()
    query = schema["paths"]["/upsell/api/offers/"]["get"]["parameters"]
    product_id = next(p for p in query if p["name"] == "product_id")["schema"]
    accept_body = schema["components"]["schemas"]["AcceptRequest"]["properties"]["product_id"]

    expected = (
        {"type": "string", "minLength": 1, "maxLength": 32}
        if BY_VARIANT
        else {
            "type": "string",
            "format": "uuid",
        }
    )
    assert {k: product_id[k] for k in expected} == expected
    assert accept_body["type"] == "string"


def test_undo_of_an_upsell_puts_back_the_product_the_line_held(client, shelf, offers):
    add(client, shelf.skus["kettle"])
    answer = accept(client, offer_at(client, "add_to_cart", shelf.key("kettle")))

    undone = client.post(answer["confirmation"]["undo"]["url"])

    assert undone.status_code == 200, undone.content
    assert list(CartRow.objects.values_list("variant_id", flat=True)) == [shelf.skus["kettle"]]
    assert OfferAcceptance.objects.get().status == "undone"
