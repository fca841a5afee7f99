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
