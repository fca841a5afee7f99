"""The pop-up's behaviour in a real browser, against a stand-in API (see stub_api.py).

The page is the bare test page of pages.py rendered by Django (so the template tag, its config and
translations are real); only the JSON answers of the API are scripted.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import payloads
from .stub_api import StubApi

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.pages"), pytest.mark.django_db]

DIALOG = "dialog.upsell-dialog"


def open_widget(page: Page, live_server, offer, trigger="add_to_cart", **stub) -> StubApi:
    api = StubApi(offer, **stub).install(page)
    page.goto(f"{live_server.url}/widget/?trigger={trigger}&product_id=1")
    if offer is not None:
        expect(page.locator(DIALOG)).to_be_visible()
    return api


def test_popup_opens_on_load_for_the_configured_trigger(page, live_server):
    api = open_widget(page, live_server, payloads.UPSELL, trigger="cart_view")

    assert "trigger=cart_view" in api.requests("offers")[0].url
    expect(page.get_by_role("dialog", name="Make it an Espresso Pro")).to_be_visible()


def test_popup_shows_image_name_price_difference_and_value_message(page, live_server):
    open_widget(page, live_server, payloads.UPSELL)
    dialog = page.locator(DIALOG)

    expect(dialog.locator("img.upsell-image")).to_have_count(1)
    expect(dialog.locator(".upsell-choice-title")).to_have_text("Espresso Pro")
    expect(dialog.locator(".upsell-price")).to_have_text("¥2,000")
    expect(dialog.locator(".upsell-badge-difference")).to_contain_text("+¥500")
    expect(dialog.locator(".upsell-message")).to_have_text(
        "Twice the pressure and a steam wand for +¥500."
    )


def test_learned_cross_sell_shows_its_reason(page, live_server):
    open_widget(page, live_server, payloads.CROSS_SELL_CHOICES)

    expect(page.locator(".upsell-reason")).to_have_text("Often bought together with Hand Grinder")


def test_focus_moves_into_the_dialog_when_it_opens(page, live_server):
    open_widget(page, live_server, payloads.UPSELL)

    assert page.evaluate("document.querySelector('dialog').contains(document.activeElement)")


def test_escape_closes_the_popup_and_returns_focus_to_the_button_that_opened_it(page, live_server):
    api = StubApi(payloads.UPSELL).install(page)
    page.goto(f"{live_server.url}/widget/?product_id=1")  # the button names its product
    page.locator("#add").focus()
    page.keyboard.press("Enter")
    expect(page.locator(DIALOG)).to_be_visible()

    with page.expect_request(re.compile(r"/offers/7/dismiss/$")) as dismiss:
        page.keyboard.press("Escape")

    expect(page.locator(DIALOG)).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == "add"
    assert dismiss.value.method == "POST"
    assert api.requests("accept") == api.requests("decline") == []


def test_no_thanks_sends_decline_and_closes(page, live_server):
    api = open_widget(page, live_server, payloads.UPSELL)

    with page.expect_request(re.compile(r"/offers/7/decline/$")) as decline:
        page.get_by_role("button", name="No thanks").click()

    expect(page.locator(DIALOG)).to_have_count(0)
    assert decline.value.method == "POST"
    assert api.requests("accept") == []


def test_several_choices_start_with_nothing_selected_and_accept_disabled(page, live_server):
    open_widget(page, live_server, payloads.CROSS_SELL_CHOICES)
    radios = page.get_by_role("radio")

    expect(radios).to_have_count(3)
    for index in range(3):
        expect(radios.nth(index)).not_to_be_checked()
    expect(page.get_by_role("button", name="Add to cart", exact=True)).to_be_disabled()


def test_choosing_an_option_enables_accept(page, live_server):
    open_widget(page, live_server, payloads.CROSS_SELL_CHOICES)

    page.get_by_role("radio", name=re.compile("Dosing Cup")).check()

    expect(page.get_by_role("button", name="Add to cart", exact=True)).to_be_enabled()


def test_single_choice_is_not_accepted_without_a_button_press(page, live_server):
    api = open_widget(page, live_server, payloads.UPSELL)

    expect(page.get_by_role("button", name="Upgrade")).to_be_enabled()
    expect(page.get_by_role("checkbox")).to_have_count(0)
    assert api.requests("accept") == []


def test_subscription_terms_are_listed_before_the_consent_button(page, live_server):
    open_widget(page, live_server, payloads.SUBSCRIPTION, trigger="cart_view")

    terms = page.locator("dl.upsell-terms dt")
    expect(terms).to_have_text(
        ["Quantity", "Price per delivery", "Delivery interval", "First delivery", "Payment",
         "Minimum commitment", "How to cancel"]
    )
    terms_before_button = page.evaluate(
        """() => {
          const terms = document.querySelector("dl.upsell-terms");
          const button = document.querySelector(".upsell-accept");
          return Boolean(terms.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert terms_before_button
    expect(page.get_by_role("button", name="Switch to subscription")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(0)


def test_accept_posts_the_quote_with_csrf_and_idempotency_key_and_no_price(page, live_server):
    api = open_widget(page, live_server, payloads.UPSELL)

    page.get_by_role("button", name="Upgrade").click()

    expect(page.locator(DIALOG)).to_have_count(0)
    (accept,) = api.requests("accept")
    assert accept.body == {"product_id": 2, "line_id": "1", "quote": "signed-quote-2"}
    config_token = page.evaluate(
        "JSON.parse(document.getElementById('upsell-config').textContent).csrfToken"
    )
    assert config_token and accept.headers["x-csrftoken"] == config_token
    assert re.fullmatch(r"[0-9a-f-]{36}", accept.headers["idempotency-key"])


def test_accept_dispatches_cart_updated_and_the_page_shows_the_new_total(page, live_server):
    open_widget(page, live_server, payloads.UPSELL)

    page.get_by_role("button", name="Upgrade").click()

    expect(page.locator("[data-cart-total]")).to_have_text("¥2,000")
    expect(page.locator("[data-upsell-status]")).to_have_text("Your cart has been updated.")


def test_accept_retries_a_failed_request_with_the_same_idempotency_key(page, live_server):
    api = open_widget(
        page, live_server, payloads.UPSELL, accept_answers=[(503, {"detail": "Try again"})]
    )

    page.get_by_role("button", name="Upgrade").click()

    expect(page.locator(DIALOG)).to_have_count(0)
    first, second = api.requests("accept")
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]


def test_server_detail_is_shown_in_an_alert_and_the_next_click_is_a_new_intent(page, live_server):
    detail = "The price changed since the offer was shown. Please check the new price."
    api = open_widget(
        page, live_server, payloads.UPSELL,
        accept_answers=[(409, {"detail": detail, "code": "price_changed"})],
    )
    accept = page.get_by_role("button", name="Upgrade")

    accept.click()
    expect(page.get_by_role("alert")).to_have_text(detail)
    accept.click()

    expect(page.locator(DIALOG)).to_have_count(0)
    first, second = api.requests("accept")
    assert first.headers["idempotency-key"] != second.headers["idempotency-key"]


def test_accept_button_is_disabled_while_the_request_runs(page, live_server):
    api = StubApi(payloads.UPSELL).install(page)
    page.goto(f"{live_server.url}/widget/?trigger=add_to_cart")
    held = []
    page.route(re.compile(r"/accept/$"), lambda route: held.append(route))
    accept = page.get_by_role("button", name=re.compile("Upgrade|Please wait"))

    with page.expect_request(re.compile(r"/accept/$")):
        accept.click()

    expect(accept).to_be_disabled()
    expect(accept).to_have_attribute("aria-busy", "true")
    while not held:  # the route handler runs when Playwright next dispatches events
        page.wait_for_timeout(20)
    held[0].fulfill(json={"accepted": True, "offer_id": 7, "cart": payloads.CART})
    expect(page.locator(DIALOG)).to_have_count(0)
    assert api.requests("accept") == []  # the held route answered, not the stub


def test_no_offer_shows_nothing_and_raises_no_error(page, live_server, js_errors):
    api = open_widget(page, live_server, None)

    page.wait_for_function("() => window.Upsell && !window.Upsell.isLoading()")
    expect(page.locator(DIALOG)).to_have_count(0)
    assert [s.action for s in api.seen] == ["offers"]
    assert js_errors == []


def test_offer_texts_are_shown_as_text_not_html(page, live_server):
    attack = '<img src=x onerror="window.__xss=1">'
    offer = payloads.offer(payloads.CROSS_SELL_CHOICES, headline=attack, message=attack,
                           reason=attack)
    offer["choices"][0]["title"] = attack
    open_widget(page, live_server, offer)

    expect(page.locator(".upsell-title")).to_have_text(attack)
    expect(page.locator(".upsell-choice-title").first).to_have_text(attack)
    assert page.locator(f"{DIALOG} img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None


def test_ajax_shops_trigger_the_popup_from_javascript(page, live_server):
    api = StubApi(payloads.UPSELL).install(page)
    page.goto(f"{live_server.url}/widget/?product_id=5")
    assert api.seen == []  # no trigger configured: nothing on load

    page.evaluate("Upsell.trigger('add_to_cart', {productId: 5})")

    expect(page.locator(DIALOG)).to_be_visible()
    assert "trigger=add_to_cart" in api.seen[0].url and "product_id=5" in api.seen[0].url


def test_everything_works_with_the_keyboard_alone(page, live_server):
    api = open_widget(page, live_server, payloads.CROSS_SELL_CHOICES)

    page.keyboard.press("Tab")  # the close button
    expect(page.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("Space")
    expect(page.get_by_role("radio").first).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="No thanks")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add to cart", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(DIALOG)).to_have_count(0)
    assert api.requests("accept")[0].body["product_id"] == 11


def test_focused_controls_show_a_visible_focus_ring(page, live_server):
    open_widget(page, live_server, payloads.UPSELL)

    page.keyboard.press("Tab")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
        "getComputedStyle(document.activeElement).outlineWidth"
    )

    assert outline == "solid 3px"


def test_popup_fits_a_360px_wide_phone_and_its_body_scrolls(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = context.new_page()
    open_widget(page, live_server, payloads.SUBSCRIPTION, trigger="cart_view")
    page.locator(DIALOG).evaluate("el => Promise.all(el.getAnimations().map(a => a.finished))")

    box = page.locator(DIALOG).bounding_box()
    body = page.locator(".upsell-body")
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640
    assert body.evaluate("el => el.scrollHeight > el.clientHeight")
    expect(page.get_by_role("button", name="Switch to subscription")).to_be_in_viewport()
    context.close()


def test_labels_are_japanese_when_the_language_is_japanese(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    open_widget(page, live_server, payloads.CROSS_SELL_CHOICES)

    expect(page.locator(".upsell-legend")).to_have_text("1つお選びください")
    expect(page.locator(".upsell-close")).to_have_attribute("aria-label", "閉じる")
    expect(page.locator(DIALOG)).to_have_attribute("lang", "ja")
