"""The offer admin in Japanese, in Chromium: duplicate an offer in one click and land on the copy,
which has the offer's Japanese texts and its A/B arms with theirs; an arm lacking Japanese is
warned about, in Japanese.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OfferFactory, OfferVariantFactory, ProductFactory, StaffUserFactory
from upsell_app.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offer_under_test(live_server) -> Offer:
    camera = ProductFactory(name="Camera", price=Decimal("50000"))
    card = ProductFactory(name="Memory card", price=Decimal("3000"))
    offer = OfferFactory(name="Camera card", sources=[camera], targets=[card])
    offer.set_current_language("ja")
    offer.headline = "{product}もいかがですか"
    offer.save()
    OfferVariantFactory(
        offer=offer, name="B", headline="Never run out of space",
        texts={"ja": {"headline": "もう容量不足になりません"}},
    )
    OfferVariantFactory(offer=offer, name="C", headline="Shoot all day")  # no Japanese yet
    return offer


def japanese_admin(page: Page, base: str, next_url: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": base}])
    user = StaffUserFactory()
    page.goto(f"{base}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


def test_japanese_admin_duplicates_an_offer_in_one_click_and_sees_the_copy(
    page: Page, live_server, offer_under_test, screenshot_dir
):
    offer = offer_under_test
    japanese_admin(page, live_server.url, f"/admin/upsell_app/offer/{offer.pk}/change/")

    page.get_by_role("button", name="複製").click()

    copy = Offer.objects.exclude(pk=offer.pk).get()
    expect(page).to_have_url(f"{live_server.url}/admin/upsell_app/offer/{copy.pk}/change/")
    expect(page.locator("#id_name")).to_have_value("Camera card（コピー）")
    expect(page.locator("#id_is_active")).not_to_be_checked()
    expect(page.locator("ul.messagelist li.success")).to_contain_text("としてコピーしました")

    page.goto(f"{live_server.url}/admin/upsell_app/offer/{copy.pk}/change/")
    expect(page.locator("#id_headline__ja")).to_have_value("{product}もいかがですか")
    arms = page.locator(".inline-related:not(.empty-form)")
    expect(arms).to_have_count(2)
    expect(page.locator("#id_variants-0-name")).to_have_value("B")
    expect(page.locator("#id_variants-0-headline__ja")).to_have_value("もう容量不足になりません")
    expect(page.locator("#id_variants-0-headline__en")).to_have_value("Never run out of space")
    expect(page.locator("#id_variants-1-name")).to_have_value("C")
    page.screenshot(path=str(screenshot_dir / "admin-offer-copy-ja.png"), full_page=True)


def test_japanese_admin_is_warned_in_japanese_about_an_arm_lacking_japanese(
    page: Page, live_server, offer_under_test
):
    offer = offer_under_test
    japanese_admin(page, live_server.url, f"/admin/upsell_app/offer/{offer.pk}/change/")

    warning = page.locator("ul.messagelist li.warning")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("A/B バリエーション「C」には日本語の文言がありません")

    page.goto(f"{live_server.url}/admin/upsell_app/offer/")
    expect(page.locator("#result_list")).to_contain_text(
        "A/B バリエーションの文言が未入力：日本語"
    )
