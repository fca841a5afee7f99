"""Fixtures of the django-oscar sample shop's tests (run with ``--ds=oscar_demo.settings``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import Browser, Page

import tests.chromium  # noqa: F401  (allows the ORM beside Playwright's event loop)
from oscar_demo.shop import load_catalogue, load_offers
from upsell_app.contrib.oscar.offers import ensure_offers


@pytest.fixture
def oscar_offers(db) -> None:
    """The two site offers the app's migration creates (tests build tables without migrations)."""
    ensure_offers(
        get_model("offer", "ConditionalOffer"),
        get_model("offer", "Condition"),
        get_model("offer", "Benefit"),
    )


@pytest.fixture
def products(oscar_offers) -> dict:
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
