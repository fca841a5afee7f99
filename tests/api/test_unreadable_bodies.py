"""A body the API cannot read is refused in the API's JSON, never Django's HTML page.

The requests come as a browser sends them: a CSRF cookie and the token in the header, so the
CSRF check reads the form first, as it does in production.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/upsell/api"
EVERY_POST = ["offers/1/accept/", "offers/1/decline/", "offers/1/dismiss/",
              "acceptances/1/undo/", "events/"]  # fmt: skip
READS_ITS_BODY = ["offers/1/accept/", "events/"]
TAKES_NO_BODY = ["offers/1/decline/", "offers/1/dismiss/", "acceptances/1/undo/"]


def browser_post(path: str, body: bytes, content_type: str):
    browser = Client(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    browser.cookies[settings.CSRF_COOKIE_NAME] = token
    return browser.post(
        f"{API}/{path}",
        body,
        content_type=content_type,
        headers={"X-CSRFToken": token, "Idempotency-Key": "key-1"},
    )


def json_error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] and body["detail"]
    return body


@pytest.mark.parametrize("path", EVERY_POST)
def test_a_multipart_body_without_a_boundary_is_a_json_400(path):
    response = browser_post(path, b"offer=1", "multipart/form-data")

    assert response.status_code == 400
    assert json_error(response)["code"] == "parse_error"


@pytest.mark.parametrize("path", EVERY_POST)
def test_a_multipart_body_without_a_boundary_logs_no_traceback(path, caplog):
    caplog.set_level(logging.WARNING)

    browser_post(path, b"offer=1", "multipart/form-data")

    assert caplog.records, "the refusal is logged as a warning, like every 4xx"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "limit, body",
    [
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", b"&".join(b"f%d=1" % n for n in range(20))),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", b"f=" + b"x" * 200),
    ],
)
@pytest.mark.parametrize("path", EVERY_POST)
def test_a_form_over_djangos_upload_limits_is_a_json_400(path, limit, body, settings, caplog):
    setattr(settings, limit, 10)

    response = browser_post(path, body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert json_error(response)["code"] == "parse_error"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("path", READS_ITS_BODY)
def test_unreadable_json_is_a_json_400(path):
    response = browser_post(path, b'{"offer_id": ', "application/json")

    assert response.status_code == 400
    assert json_error(response)["code"] == "parse_error"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
@pytest.mark.parametrize("path", READS_ITS_BODY)
def test_a_body_in_another_media_type_is_a_json_415(path, content_type):
    response = browser_post(path, b"offer_id=1", content_type)

    assert response.status_code == 415
    assert json_error(response)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body, content_type", [(b"{", "application/json"), (b"x", "text/plain")])
@pytest.mark.parametrize("path", TAKES_NO_BODY)
def test_an_action_without_a_body_ignores_a_junk_one_and_answers_json(path, body, content_type):
    response = browser_post(path, body, content_type)

    assert response.status_code == 404  # offer / acceptance 1 does not exist: judged, not parsed
    assert json_error(response)["code"] == "not_found"
