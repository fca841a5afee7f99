"""The OpenAPI schema documents the shopper API."""

from __future__ import annotations

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/upsell/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)  # raises on an invalid document

    assert schema["openapi"].startswith("3.")


def test_schema_has_the_offer_operations(schema):
    paths = schema["paths"]

    assert "get" in paths["/upsell/api/offers/"]
    assert "post" in paths["/upsell/api/offers/{offer_id}/accept/"]
    assert "post" in paths["/upsell/api/offers/{offer_id}/decline/"]
    assert "post" in paths["/upsell/api/offers/{offer_id}/dismiss/"]


def test_schema_documents_the_offer_and_accept_shapes(schema):
    components = schema["components"]["schemas"]
    accept = schema["paths"]["/upsell/api/offers/{offer_id}/accept/"]["post"]

    assert "quote" in components["AcceptRequest"]["properties"]
    assert "price" not in components["AcceptRequest"]["properties"]
    assert {"choices", "bundle", "subscription"} <= set(components["Offer"]["properties"])
    assert {"200", "400", "403", "404", "409"} <= set(accept["responses"])
    headers = {p["name"] for p in accept["parameters"] if p["in"] == "header"}
    assert "Idempotency-Key" in headers


def test_swagger_ui_is_served(client):
    response = client.get("/upsell/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


#: What each operation answers, every status the code can give.
STATUSES = {
    ("/upsell/api/offers/", "get"): {"200", "400", "429"},
    ("/upsell/api/offers/{offer_id}/accept/", "post"): {
        "200", "400", "403", "404", "409", "415", "429"
    },
    # 400: a body that cannot be read at all (multipart without a boundary), though none is needed
    ("/upsell/api/offers/{offer_id}/decline/", "post"): {"200", "400", "403", "404", "429"},
    ("/upsell/api/offers/{offer_id}/dismiss/", "post"): {"200", "400", "403", "404", "429"},
    ("/upsell/api/events/", "post"): {"202", "400", "403", "404", "415", "429"},
    ("/upsell/api/acceptances/{acceptance_id}/undo/", "post"): {
        "200", "400", "403", "404", "409", "429"
    },
}


def test_schema_documents_every_status_of_every_operation(schema):
    documented = {
        (path, method): set(operation["responses"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }

    assert documented == STATUSES


def test_every_error_answer_is_documented_with_detail_and_code(schema):
    error = schema["components"]["schemas"]["Error"]

    assert set(error["required"]) == {"detail", "code"}
    for methods in schema["paths"].values():
        for operation in methods.values():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (operation["operationId"], status)


def test_ids_in_paths_and_queries_have_their_bounds(schema):
    accept = schema["paths"]["/upsell/api/offers/{offer_id}/accept/"]["post"]
    offers = schema["paths"]["/upsell/api/offers/"]["get"]
    offer_id = next(p for p in accept["parameters"] if p["name"] == "offer_id")["schema"]
    product_id = next(p for p in offers["parameters"] if p["name"] == "product_id")["schema"]
    trigger = next(p for p in offers["parameters"] if p["name"] == "trigger")["schema"]
    undo = schema["paths"]["/upsell/api/acceptances/{acceptance_id}/undo/"]["post"]
    acceptance_id = next(p for p in undo["parameters"] if p["name"] == "acceptance_id")["schema"]

    assert (offer_id["minimum"], offer_id["maximum"]) == (1, 2**63 - 1)
    assert (acceptance_id["minimum"], acceptance_id["maximum"]) == (1, 2**63 - 1)
    assert (product_id["minimum"], product_id["maximum"]) == (1, 2**63 - 1)
    assert "cart_view" in trigger["enum"]


def test_the_schema_does_not_describe_itself(schema):
    assert "/upsell/api/schema/" not in schema["paths"]
