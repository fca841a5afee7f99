"""Every refusal of the API is JSON with ``detail`` and ``code``, and the schema says so."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import OfferFactory
from upsell_app.api.errors import MAX_ID

pytestmark = pytest.mark.django_db

API = "/upsell/api"


def post_json(client: Client, url: str, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


@pytest.mark.parametrize("offer_id", ["abc", "0", str(MAX_ID + 1), "1e3", "-4"])
@pytest.mark.parametrize("action", ["accept", "decline", "dismiss"])
def test_an_offer_id_that_is_not_an_id_is_a_json_404(client, action, offer_id):
    response = client.post(f"{API}/offers/{offer_id}/{action}/")

    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "action", ["offers/%0A/dismiss", "offers/1%0A/accept", "acceptances/%0A/undo"]
)
def test_an_id_with_a_line_break_is_a_json_404_not_the_shops_page(client, action):
    response = client.post(f"{API}/{action}/")

    assert_error(response, 404, "not_found")


def test_an_unknown_api_address_is_a_json_404(client):
    assert_error(client.get(f"{API}/nothing-here/"), 404, "not_found")


def test_an_api_address_without_its_slash_says_so(client):
    body = assert_error(client.get(f"{API}/offers"), 404, "not_found")

    assert "/upsell/api/offers/" in body["detail"]


def test_a_product_id_in_other_digits_is_a_400_not_a_crash(client):
    response = client.get(f"{API}/offers/", {"trigger": "cart_view", "product_id": "²"})

    assert_error(response, 400, "invalid_product_id")


def test_an_empty_product_id_is_a_400_not_no_product(client):
    response = client.get(f"{API}/offers/", {"trigger": "cart_view", "product_id": ""})

    assert_error(response, 400, "invalid_product_id")


def test_a_product_id_above_the_largest_id_is_a_400(client):
    response = client.get(f"{API}/offers/", {"trigger": "cart_view", "product_id": MAX_ID + 1})

    assert_error(response, 400, "invalid_product_id")


@pytest.mark.parametrize("query", ["product_id=abc&product_id=5", "product_id=5&product_id=5"])
def test_a_product_id_given_twice_is_a_400_not_its_last_value(client, query):
    response = client.get(f"{API}/offers/?trigger=cart_view&{query}")

    assert_error(response, 400, "invalid_product_id")


def test_a_trigger_given_twice_is_a_400_not_its_last_value(client):
    response = client.get(f"{API}/offers/?trigger=nope&trigger=cart_view")

    assert_error(response, 400, "invalid_trigger")


def test_an_event_of_a_kind_the_browser_may_not_send_is_a_400_with_code(client):
    offer = OfferFactory()

    response = post_json(client, f"{API}/events/", {"type": "accept", "offer_id": offer.pk})

    body = assert_error(response, 400, "invalid")
    assert "type" in body["errors"]


def test_an_event_with_an_unknown_field_is_a_400_naming_it(client):
    offer = OfferFactory()
    event = {"type": "click", "offer_id": offer.pk, "price": "1"}

    body = assert_error(post_json(client, f"{API}/events/", event), 400, "unknown_field")

    assert body["fields"] == ["price"]


def test_an_event_that_is_not_json_is_refused_with_code(client):
    response = client.post(f"{API}/events/", "type=click", content_type="text/plain")

    assert_error(response, 415, "unsupported_media_type")


def test_an_event_with_unreadable_json_is_a_400_with_code(client):
    response = client.post(f"{API}/events/", "{", content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_an_event_without_csrf_token_is_a_403_with_code():
    browser = Client(enforce_csrf_checks=True)
    event = {"type": "click", "offer_id": OfferFactory().pk}

    assert_error(post_json(browser, f"{API}/events/", event), 403, "csrf_failed")


def test_a_throttled_event_is_a_429_with_code(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"upsell_actions": "1/min"},
    }
    event = {"type": "click", "offer_id": OfferFactory().pk}
    post_json(client, f"{API}/events/", event)

    response = post_json(client, f"{API}/events/", event)

    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) >= 0


def test_a_method_an_endpoint_does_not_take_is_a_405_with_code(client):
    response = client.put(f"{API}/events/", "{}", content_type="application/json")

    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]
