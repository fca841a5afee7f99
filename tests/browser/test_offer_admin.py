"""A Japanese shop owner creates offers in the admin: the kind first, then that kind's form only,
texts in every language in one form whose tabs switch without losing anything typed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.factories import ProductFactory, UserFactory
from upsell_app.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADD = "/admin/upsell_app/offer/add/"
#: Fields only some kinds use, and which kinds those are.
KIND_ONLY = {
    "target_products": {"upsell", "cross_sell", "bundle", "downsell"},
    "target_source": {"cross_sell", "bundle"},
    "interval_count": {"subscription"},
    "shipping_fee": {"subscription"},
    "cancellation__ja": {"subscription"},
}
TRIGGER = {
    "upsell": "add_to_cart",
    "cross_sell": "add_to_cart",
    "bundle": "cart_view",
    "subscription": "cart_view",
    "downsell": "item_removed",
}
TERMS_JA = {
    "first_delivery__ja": "今回のご注文と一緒にお届け",
    "payment_method__ja": "今回と同じカード",
    "payment_timing__ja": "お届けのたびに請求",
    "contract_period__ja": "解約まで自動更新",
    "cancellation__ja": "マイページからいつでも解約できます",
    "cancellation_deadline__ja": "次回お届けの5日前まで",
}


@pytest.fixture
def admin_ja(page: Page, live_server) -> tuple[Page, str]:
    """The page logged in as a shop owner whose admin speaks Japanese."""
    owner = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(owner)
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value,
             "url": live_server.url},
            {"name": "django_language", "value": "ja", "url": live_server.url},
        ]
    )
    return page, live_server.url


@pytest.fixture
def products() -> dict[str, object]:
    return {
        "small": ProductFactory(name="コーヒー豆 200g", price=Decimal("1500")),
        "large": ProductFactory(name="コーヒー豆 500g", price=Decimal("3200")),
        "mill": ProductFactory(name="コーヒーミル", price=Decimal("4800")),
    }


def choose(page: Page, field: str, product: object) -> None:
    page.select_option(f"#id_{field}_from", label=str(product.name))
    page.click(f"#id_{field}_add")


def open_form_of(page: Page, shop: str, kind: str) -> None:
    page.goto(shop + ADD)
    page.click(f"a[data-kind='{kind}']")
    expect(page.locator("#offer_form")).to_be_visible()


@pytest.mark.parametrize("kind", list(TRIGGER))
def test_an_offer_of_each_kind_is_created_through_its_own_form(admin_ja, products, kind):
    page, shop = admin_ja
    open_form_of(page, shop, kind)

    for field, kinds in KIND_ONLY.items():
        expected = 1 if kind in kinds else 0
        expect(page.locator(f"[name='{field}']")).to_have_count(expected)
    page.fill("#id_name", f"{kind} のご提案")
    page.check(f"input[name='triggers'][value='{TRIGGER[kind]}']")
    source, target = {
        "upsell": ("small", "large"),
        "cross_sell": ("small", "mill"),
        "bundle": ("small", "mill"),
        "subscription": ("small", None),
        "downsell": ("large", "small"),
    }[kind]
    choose(page, "source_products", products[source])
    if target:
        choose(page, "target_products", products[target])
    page.fill("#id_headline__ja", "今なら")
    # The placeholder comes from its button, not typed as code.
    page.locator("#id_headline__ja").press("End")
    page.locator("#id_headline__ja ~ .upsell-placeholders .upsell-insert").first.click()
    if kind == "subscription":
        page.fill("#id_interval_count", "1")
        page.select_option("#id_interval_unit", "month")
        page.fill("#id_minimum_deliveries", "0")
        page.fill("#id_shipping_fee", "0")
        for field, text in TERMS_JA.items():
            page.fill(f"#id_{field}", text)
    page.click("input[name='_save']")

    expect(page.locator(".messagelist .success")).to_be_visible()
    offer = Offer.objects.get(name=f"{kind} のご提案")
    assert offer.kind == kind
    assert offer.translations.get(language_code="ja").headline == "今なら{product}"


def test_the_form_opens_on_japanese_for_a_japanese_admin(admin_ja, screenshot_dir):
    page, shop = admin_ja
    open_form_of(page, shop, "cross_sell")
    page.screenshot(path=screenshot_dir / "admin-offer-form-cross-sell-ja.png", full_page=True)

    expect(page.locator("#id_headline__ja")).to_be_visible()
    expect(page.locator("#id_headline__en")).to_be_hidden()
    # The offer's tabs and the A/B arms' tabs both open on Japanese.
    expect(page.locator(".upsell-language-tab.current")).to_have_text(["日本語", "日本語"])


def test_switching_language_on_an_unsaved_form_keeps_everything_typed(admin_ja, products):
    page, shop = admin_ja
    open_form_of(page, shop, "upsell")
    url = page.url
    page.fill("#id_name", "大きいサイズへ")
    choose(page, "source_products", products["small"])
    choose(page, "target_products", products["large"])
    page.check("input[name='triggers'][value='add_to_cart']")
    page.fill("#id_headline__ja", "大きいサイズはいかが")

    page.click(".upsell-language-tab[data-language='en']")
    expect(page.locator("#id_headline__ja")).to_be_hidden()
    page.fill("#id_headline__en", "Go large")
    page.click(".upsell-language-tab[data-language='ja']")

    assert page.url == url  # no reload
    expect(page.locator("#id_headline__ja")).to_have_value("大きいサイズはいかが")
    expect(page.locator("#id_name")).to_have_value("大きいサイズへ")
    page.click("input[name='_save']")
    expect(page.locator(".messagelist .success")).to_be_visible()
    texts = {t.language_code: t.headline for t in Offer.objects.get().translations.all()}
    assert texts == {"en": "Go large", "ja": "大きいサイズはいかが"}


def test_a_control_arm_shows_none_of_the_popups_fields(admin_ja, products):
    from tests.factories import OfferFactory

    page, shop = admin_ja
    offer = OfferFactory(kind="cross_sell", sources=[products["small"]], targets=[products["mill"]])
    page.goto(f"{shop}/admin/upsell_app/offer/{offer.pk}/change/")
    page.click("#variants-group .add-row a")
    arm = page.locator("#variants-group .inline-related:not(.empty-form)").last
    headline = arm.locator("[name$='-headline__ja']")
    expect(headline).to_be_visible()

    arm.locator("input[name$='-is_control']").check()

    expect(headline).to_be_hidden()
    expect(arm.locator("[name$='-discount_value']")).to_be_hidden()
    expect(arm.locator("input[name$='-weight']")).to_be_visible()


def test_switching_language_never_shows_a_control_arms_texts(admin_ja, products):
    from tests.factories import OfferFactory

    page, shop = admin_ja
    offer = OfferFactory(kind="cross_sell", sources=[products["small"]], targets=[products["mill"]])
    page.goto(f"{shop}/admin/upsell_app/offer/{offer.pk}/change/")
    page.click("#variants-group .add-row a")
    arm = page.locator("#variants-group .inline-related:not(.empty-form)").last
    arm.locator("input[name$='-is_control']").check()

    page.locator(".upsell-language-tabs").last.locator("[data-language='en']").click()
    expect(arm.locator("[name$='-headline__en']")).to_be_hidden()
    expect(arm.locator("[name$='-headline__ja']")).to_be_hidden()

    arm.locator("input[name$='-is_control']").uncheck()
    expect(arm.locator("[name$='-headline__en']")).to_be_visible()
    expect(arm.locator("[name$='-headline__ja']")).to_be_hidden()


def test_a_control_arm_refused_for_its_texts_shows_them_to_be_emptied(admin_ja, products):
    from tests.factories import OfferFactory

    page, shop = admin_ja
    offer = OfferFactory(kind="cross_sell", sources=[products["small"]], targets=[products["mill"]])
    page.goto(f"{shop}/admin/upsell_app/offer/{offer.pk}/change/")
    page.click("#variants-group .add-row a")
    arm = page.locator("#variants-group .inline-related:not(.empty-form)").last
    arm.locator("input[name$='-name']").fill("対照群")
    arm.locator("[name$='-headline__ja']").fill("ミルで挽きたてを")
    arm.locator("input[name$='-is_control']").check()

    page.click("input[name='_save']")

    arm = page.locator("#variants-group .inline-related:not(.empty-form)").last
    expect(arm.locator(".errorlist")).to_contain_text("対照群には何も表示しません")
    expect(arm.locator("[name$='-headline__ja']")).to_have_value("ミルで挽きたてを")
    expect(arm.locator("[name$='-headline__ja']")).to_be_visible()
    expect(arm.locator("[name$='-headline__en']")).to_be_hidden()  # another language's tab


def test_an_arms_texts_typed_in_two_languages_survive_the_tabs_and_are_both_saved(
    admin_ja, products, screenshot_dir
):
    from tests.factories import OfferFactory

    page, shop = admin_ja
    offer = OfferFactory(kind="cross_sell", sources=[products["small"]], targets=[products["mill"]])
    page.goto(f"{shop}/admin/upsell_app/offer/{offer.pk}/change/")
    url = page.url
    page.click("#variants-group .add-row a")
    arm = page.locator("#variants-group .inline-related:not(.empty-form)").last
    arm.locator("input[name$='-name']").fill("B")
    arm.locator("[name$='-headline__ja']").fill("ミルで挽きたてを")
    arms_tabs = page.locator(".upsell-language-tabs").last

    arms_tabs.locator("[data-language='en']").click()
    expect(arm.locator("[name$='-headline__ja']")).to_be_hidden()
    arm.locator("[name$='-headline__en']").fill("Grind it fresh")
    arms_tabs.locator("[data-language='ja']").click()

    assert page.url == url  # no reload
    expect(arm.locator("[name$='-headline__ja']")).to_have_value("ミルで挽きたてを")
    arms_tabs.locator("[data-language='en']").click()
    expect(arm.locator("[name$='-headline__en']")).to_have_value("Grind it fresh")
    arm.screenshot(path=screenshot_dir / "admin-offer-arm-texts-ja.png")
    page.click("input[name='_save']")
    expect(page.locator(".messagelist .success")).to_be_visible()
    texts = offer.variants.get(name="B").texts_by_language()
    assert texts == {"en": {"headline": "Grind it fresh"}, "ja": {"headline": "ミルで挽きたてを"}}


def test_the_kind_chooser_and_the_tabs_have_no_serious_accessibility_fault(admin_ja):
    from axe_playwright_python.sync_playwright import Axe

    page, shop = admin_ja
    faults = []
    for url in (shop + ADD, shop + ADD + "?kind=subscription"):
        page.goto(url)
        violations = Axe().run(page).response["violations"]
        faults += [
            (url, v["id"], [n["target"] for n in v["nodes"]])
            for v in violations
            if v["impact"] in ("serious", "critical")
            and any("upsell-" in str(n["target"]) + n["html"] for n in v["nodes"])
        ]

    assert faults == []
