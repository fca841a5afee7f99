"""Fixtures of the django-oscar sample shop's tests (run with ``--ds=oscar_demo.settings``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

import tests.chromium  # noqa: F401  (allows the ORM beside Playwright's event loop)
from oscar_demo.shop import load_catalogue, load_offers


@pytest.fixture
def products(db) -> dict:
    """The sample catalogue and the app's offers, by SKU."""
    catalogue = load_catalogue()
    load_offers(catalogue)
    return catalogue


@pytest.fixture(autouse=True)
def _no_restraint_between_steps(settings) -> None:
    """Cool-down and caps are specified in the core's tests; here a journey may meet several."""
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 100,
    }


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def js_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
