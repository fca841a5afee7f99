"""The contract run leaves out only requests the HTTP server refuses before the app is called."""

from __future__ import annotations

from tests.contract.hooks import HEADER_LINE_LIMIT, REQUEST_LINE_LIMIT, reaches_the_app

URL = "http://127.0.0.1:8000/upsell/api/offers/"
#: "GET /upsell/api/offers/?trigger=" and " HTTP/1.1" around the trigger's value.
LINE_AROUND_VALUE = len("GET /upsell/api/offers/?trigger= HTTP/1.1")


def test_a_request_the_widget_sends_reaches_the_app():
    assert reaches_the_app("GET", URL, {"trigger": "cart_view", "product_id": 5}, {})


def test_a_request_line_at_the_servers_limit_reaches_the_app():
    value = "x" * (REQUEST_LINE_LIMIT - LINE_AROUND_VALUE)

    assert reaches_the_app("GET", URL, {"trigger": value}, {})


def test_a_request_line_one_byte_over_the_servers_limit_is_left_out():
    value = "x" * (REQUEST_LINE_LIMIT - LINE_AROUND_VALUE + 1)

    assert not reaches_the_app("GET", URL, {"trigger": value}, {})


def test_a_repeated_parameter_counts_every_value_as_sent_percent_encoded():
    values = ["é" * 100] * 8  # "é" is sent as "%C3%A9": 8 x 100 x 6 bytes, far above the limit

    assert not reaches_the_app("GET", URL, {"product_id": values}, {})


def test_a_header_line_over_the_servers_limit_is_left_out():
    assert not reaches_the_app("GET", URL, {}, {"Idempotency-Key": "k" * HEADER_LINE_LIMIT})
