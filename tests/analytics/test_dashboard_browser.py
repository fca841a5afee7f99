"""The dashboard as a store admin uses it in Chromium: charts, verdict, CSV; others are kept out."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

import tests.chromium  # noqa: F401  (allows the ORM beside Playwright's event loop)
from tests.factories import (  # noqa: E402
    OfferFactory,
    ProductFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DASHBOARD = "/admin/upsell_app/dashboard/"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.js_errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda error: tab.js_errors.append(str(error)))  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.fixture
def simulated_month(live_server, settings):
    settings.UPSELL = {**settings.UPSELL, "AB_MIN_SAMPLE": 20}
    camera, card, strap = (
        ProductFactory(name=n, price=Decimal(p))
        for n, p in (("Camera", "50000"), ("Memory card", "3000"), ("Strap", "2000"))
    )
    OfferFactory(name="Memory card with camera", sources=[camera], targets=[card])
    OfferFactory(name="Strap with camera", sources=[camera], targets=[strap])
    OfferFactory(name="Extended warranty", sources=[camera], targets=[card])
    call_command("upsell_simulate_traffic", "--days", "30", "--shoppers-per-day", "15")
    return live_server.url


def log_in(tab: Page, base: str, user, next_url: str = DASHBOARD) -> None:
    tab.goto(f"{base}/admin/login/?next={next_url}")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", "pw")
    tab.click("input[type=submit]")


def test_staff_sees_charts_and_verdict_and_downloads_the_csv(page: Page, simulated_month):
    log_in(page, simulated_month, StaffUserFactory())

    expect(page).to_have_url(f"{simulated_month}{DASHBOARD}")
    expect(page.locator("html")).to_have_attribute("data-upsell-charts", "ready")
    expect(page.locator("canvas#upsell-daily-chart")).to_be_visible()
    expect(page.locator("canvas#upsell-funnel-chart")).to_be_visible()
    expect(page.locator("#upsell-variant-table .upsell-verdict").first).to_be_visible()
    expect(page.get_by_text("Simulated data")).to_be_visible()
    assert (
        page.evaluate(
            "document.getElementById('upsell-daily-chart').upsellChart.data.datasets[0].data.length"
        )
        == 30
    )
    assert page.js_errors == []  # type: ignore[attr-defined]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("upsell-dashboard-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Section,Offer,Variant,Impressions")
    assert "Memory card with camera" in text

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)


def test_non_staff_user_is_turned_away_to_the_login_page(page: Page, live_server):
    log_in(page, live_server.url, UserFactory())

    expect(page).to_have_url(f"{live_server.url}/admin/login/?next={DASHBOARD}")
    expect(page.locator(".errornote")).to_be_visible()
    page.goto(f"{live_server.url}{DASHBOARD}")
    expect(page).to_have_url(f"{live_server.url}/admin/login/?next={DASHBOARD}")
    expect(page.locator("canvas#upsell-daily-chart")).to_have_count(0)
