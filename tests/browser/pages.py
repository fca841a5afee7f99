"""A bare test page that uses ``{% upsell_widget %}``, for widget behaviour tests.

Mounted with ``@pytest.mark.urls("tests.browser.pages")``; the app's own URLs are included as a
shop would include them. The page shows a cart total that listens to ``upsell:cart-updated``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = engines["django"].from_string(
    """{% load upsell %}<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'en' }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget test page</title></head>
<body>
<main>
  <h1>Test shop</h1>
  <button type="button" id="add" data-product="{{ product_id|default:'' }}"
    onclick="Upsell.trigger('add_to_cart', {productId: this.dataset.product})"
  >Buy the grinder</button>
  <p>Total: <span data-cart-total>¥0</span></p>
</main>
{% if trigger %}{% upsell_widget trigger=trigger product_id=product_id mode=mode %}
{% else %}{% upsell_widget mode=mode %}{% endif %}
<script>
  document.addEventListener("upsell:cart-updated", function (event) {
    document.querySelector("[data-cart-total]").textContent = event.detail.total_display;
  });
</script>
</body>
</html>"""
)


SLOT_PAGE = engines["django"].from_string(
    """{% load upsell %}<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'en' }}">
<head><meta charset="utf-8"><title>Slot test page</title></head>
<body>
<main>
  <h1>Test shop</h1>
  {% if product_id %}{% upsell_slot "product" product_id %}
  {% else %}{% upsell_slot "cart" %}{% endif %}
</main>
{% if trigger %}{% upsell_widget trigger=trigger mode="inline" %}{% endif %}
</body>
</html>"""
)


def slot_page(request: HttpRequest) -> HttpResponse:
    """The cart slot, or ``?product_id=3`` a product page's; ``?trigger=cart_view`` adds the
    pop-up's widget after it, deciding that moment inline."""
    from django.utils.translation import get_language

    context = {
        "trigger": request.GET.get("trigger") or None,
        "product_id": request.GET.get("product_id") or None,
        "LANGUAGE_CODE": get_language(),
    }
    return HttpResponse(SLOT_PAGE.render(context, request))


def widget_page(request: HttpRequest) -> HttpResponse:
    """``?trigger=cart_view&product_id=3`` fires on load; without ``trigger`` only on click.

    The widget asks the (often stand-in) API after load, unless ``?mode=inline``: then the page
    decides its moment while it renders, as ``UPSELL["WIDGET_MODE"]`` does by default.
    """
    from django.utils.translation import get_language

    context = {
        "trigger": request.GET.get("trigger") or None,
        "product_id": request.GET.get("product_id") or None,
        "mode": request.GET.get("mode") or "ajax",
        "LANGUAGE_CODE": get_language(),
    }
    return HttpResponse(PAGE.render(context, request))


urlpatterns = [
    path("upsell/", include("upsell_app.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("widget/", widget_page, name="widget-page"),
    path("slot/", slot_page, name="slot-page"),
    # The demo's product pages: the offers name their URLs.
    path("", include("shop_demo.shop.urls")),
]
