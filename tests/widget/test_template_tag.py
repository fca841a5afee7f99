"""``{% upsell_widget %}``: what the bootstrap config tells the script (no browser needed)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from upsell_app.receivers import set_pending
from upsell_app.selection.types import Trigger

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_request():
    request = RequestFactory().get("/cart/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session.save()
    return request


def render_config(request, tag: str = "{% upsell_widget %}") -> dict:
    html = Template("{% load upsell %}" + tag).render(Context({"request": request}))
    match = re.search(r'<script id="upsell-config" type="application/json">(.*?)</script>', html)
    assert match, html
    return json.loads(match.group(1))


def test_page_trigger_and_product_are_fired_when_nothing_is_pending(shop_request):
    config = render_config(shop_request, '{% upsell_widget trigger="add_to_cart" product_id="7" %}')

    assert (config["trigger"], config["productId"]) == ("add_to_cart", 7)


def test_a_pending_moment_wins_over_the_page_trigger(shop_request):
    set_pending(shop_request, Trigger.ITEM_REMOVED, 5)

    config = render_config(shop_request, '{% upsell_widget trigger="cart_view" %}')

    assert (config["trigger"], config["productId"]) == ("item_removed", 5)


def test_a_pending_moment_fires_only_once(shop_request):
    set_pending(shop_request, Trigger.CHECKOUT_START)
    render_config(shop_request)

    assert render_config(shop_request)["trigger"] is None


def test_without_trigger_or_pending_moment_nothing_fires_on_load(shop_request):
    assert render_config(shop_request)["trigger"] is None


def test_config_carries_the_api_url_and_a_csrf_token(shop_request):
    config = render_config(shop_request)

    assert config["offersUrl"] == "/upsell/api/offers/"
    assert len(config["csrfToken"]) >= 32


def test_widget_loads_its_script_and_stylesheet_from_static(shop_request):
    html = Template("{% load upsell %}{% upsell_widget %}").render(
        Context({"request": shop_request})
    )

    assert 'src="/static/upsell_app/upsell.js" defer' in html
    assert 'href="/static/upsell_app/upsell.css"' in html


def test_labels_are_translated_into_the_active_language(shop_request):
    with translation.override("ja"):
        config = render_config(shop_request)

    assert config["language"] == "ja"
    assert config["labels"]["close"] == "閉じる"
    assert config["labels"]["kinds"]["subscription"] == "定期購入でお得に"


def test_every_label_is_translated_into_japanese(shop_request):
    with translation.override("en"):
        english = render_config(shop_request)["labels"]
    with translation.override("ja"):
        japanese = render_config(shop_request)["labels"]

    untranslated = [key for key, text in english.items() if japanese[key] == text]
    assert untranslated == []


def test_unknown_trigger_is_a_template_error(shop_request):
    with pytest.raises(TemplateSyntaxError, match="unknown trigger 'cart_open'"):
        render_config(shop_request, '{% upsell_widget trigger="cart_open" %}')


def test_after_an_accept_the_page_is_left_to_the_event_by_default(shop_request):
    assert render_config(shop_request)["afterAccept"] == "event"


def test_a_server_rendered_page_may_ask_to_be_reloaded_after_an_accept(shop_request):
    config = render_config(shop_request, '{% upsell_widget after_accept="reload" %}')

    assert config["afterAccept"] == "reload"


def test_unknown_after_accept_is_a_template_error(shop_request):
    with pytest.raises(TemplateSyntaxError, match="after_accept must be one of event, reload"):
        render_config(shop_request, '{% upsell_widget after_accept="refresh" %}')
