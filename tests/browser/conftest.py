"""Browser fixtures: one headless Debian Chromium per test session, a fresh context per test.

Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
with a running loop unless told it is safe, which it is here (one test thread, no async code).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

import tests.chromium  # noqa: F401  (allows the ORM beside Playwright's event loop)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def js_errors(page: Page) -> list[str]:
    """Uncaught errors of the page's scripts, collected from the moment the test asks for it."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _no_restraint_between_steps(settings) -> None:
    """Cool-down and silence are specified elsewhere; here one test opens several pop-ups."""
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 100,
    }


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
