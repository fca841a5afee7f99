"""The API docs work offline: Swagger UI and ReDoc load from the shop's own static files.

Every request the page makes to another host is refused and recorded; the docs must still show
the operations, and nothing may have left the shop (the pages' Content-Security-Policy stops
what a script would fetch from elsewhere before it is sent).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def offline(page: Page, own_origin: str) -> list[str]:
    """Refuse every request to another host; return the list of those that were tried."""
    elsewhere: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(own_origin) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", route)
    return elsewhere


def test_swagger_ui_shows_every_operation_without_leaving_the_shop(page, live_server):
    elsewhere = offline(page, live_server.url)

    page.goto(f"{live_server.url}/upsell/api/docs/")

    operations = page.locator(".swagger-ui .opblock")
    expect(operations.first).to_be_visible(timeout=30_000)
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/accept/")).to_be_visible()
    assert operations.count() >= 5  # offers, accept, decline, dismiss, events
    assert elsewhere == []


def test_redoc_shows_the_operations_without_leaving_the_shop(page, live_server):
    elsewhere = offline(page, live_server.url)

    page.goto(f"{live_server.url}/upsell/api/redoc/")

    # ReDoc parses the whole schema before it draws anything: slow on a busy machine.
    accept = page.get_by_role("heading", name=re.compile("Accept an offer"))
    expect(accept).to_be_visible(timeout=30_000)
    assert elsewhere == []


def test_docs_pages_name_no_other_host_and_allow_none(client):
    for url in ("/upsell/api/docs/", "/upsell/api/redoc/"):
        response = client.get(url)
        html = response.content.decode()

        assert "/static/drf_spectacular_sidecar/" in html
        assert "http://" not in html and "https://" not in html and "//cdn" not in html
        assert "default-src 'self'" in response["Content-Security-Policy"]
