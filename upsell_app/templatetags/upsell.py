"""``{% upsell_widget %}``: the pop-up's bootstrap (a container, its JSON config and the script).

Usage in a shop template::

    {% load upsell %}
    {% upsell_widget %}                                   {# fires what the shop's signals left #}
    {% upsell_widget trigger="cart_view" %}               {# this page is itself a moment #}
    {% upsell_widget trigger="add_to_cart" product_id=product.pk %}
    {% upsell_widget after_accept="reload" %}             {# redraw the page after an accept #}
    {% upsell_widget trigger="cart_view" mode="ajax" %}   {# a page a shared cache may serve #}

``{% upsell_slot "cart" %}`` and ``{% upsell_slot "product" product.pk %}`` place an offer in the
page instead of a pop-up: only offers the admin placed "in the page" are decided there (see
:func:`upsell_slot`).

``mode="inline"`` (the default, ``UPSELL["WIDGET_MODE"]``) decides the page's moment during the
page's own request and embeds the offer in the config, so the pop-up opens as the page loads with
no second request (see :mod:`upsell_app.serving.inline_offers`; such a page must not be cached
for others).
``mode="ajax"`` leaves the moment to the script, which asks the offers API after load: for pages
a shared cache serves, and shops that fire moments from JavaScript. If the inline decision cannot
run (the cache is down), the script asks the API instead.

After an accepted offer the widget dispatches ``upsell:cart-updated`` on ``document`` (default,
``after_accept="event"``: the page updates itself, e.g. its header total); with
``after_accept="reload"`` it then reloads the page, for server-rendered carts.

A moment left by the shop's signal receivers (an item was just added or removed, checkout started,
an order completed) goes before the page's own ``trigger``: it is the fresher event, and the page
it redirects to (often the cart, itself a ``cart_view`` moment) should react to what just happened.
It never swallows the page's own moment: when it brings no offer, the page's ``trigger`` is asked
next (on the server, or by the widget), and a moment the widget already asked for (a storefront
driven by JavaScript calling ``Upsell.trigger`` after its add-to-cart) is not fired again.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..followup.links import take_pending_offer
from ..models.product_keys import key_to_json, to_key
from ..selection.types import Kind, Placement, Trigger
from ..serving.inline_offers import (
    LEFT_TO_THE_WIDGET,
    MODES,
    PageDecision,
    decide_for_page,
    widget_mode,
)
from ..serving.moments import has_page_moment, take_page_moment
from ..serving.nudges import cart_nudge
from ..serving.outages import CACHE_ERRORS, report

register = template.Library()

#: Where the API lives; the per-offer actions hang below it (``<offers>/<id>/accept/``).
OFFERS_URL_NAME = "upsell:offer-list"
#: What the page does after an accepted offer: dispatch the event only, or reload as well.
AFTER_ACCEPT = ("event", "reload")


def widget_labels() -> dict[str, Any]:
    """Every text the script shows that does not come with an offer, translated on the server."""
    return {
        "close": _("Close"),
        "chooseOne": _("Choose one option"),
        "chooseFirst": _("Choose an option above to continue."),
        "price": _("Price"),
        "regularPrice": _("Regular price"),
        "difference": _("Price difference"),
        "saving": _("You save {amount}"),
        "insteadOf": _("Instead of {title}"),
        "bundleItems": _("In this set"),
        "bundlePrice": _("Set price"),
        "bundleListPrice": _("Bought separately"),
        "subscriptionTerms": _("Subscription terms"),
        "subscriptionNote": _("Please check every term before you switch."),
        "working": _("Please wait…"),
        "errorGeneric": _("Something went wrong. Please try again."),
        "errorNetwork": _("We could not reach the shop. Check your connection and try again."),
        "cartUpdated": _("Your cart has been updated."),
        "previewNote": _("Preview only: nothing is added to any cart."),
        "details": _("Offer details"),
        "readTerms": _("Scroll through every term above to continue."),
        # A cross-sell with several choices, and the confirmation after an accept
        "chooseAny": _("Choose any of these"),
        "chooseSome": _("Tick at least one item to continue."),
        "productPage": _("Product page"),
        "addPicked": _("Add {count} to cart"),
        "confirmTitle": _("Cart updated"),
        "undoWorking": _("Undoing…"),
        "nudgeAdded": _("Added to your cart."),
        # Offers placed in the page ({% upsell_slot %})
        "boughtTogether": _("Often bought together"),
        "addSelected": _("Add selected to cart"),
        "thisItem": _("This item"),
        "kinds": {
            Kind.UPSELL.value: _("Upgrade offer"),
            Kind.CROSS_SELL.value: _("Goes well with your order"),
            Kind.BUNDLE.value: _("Set offer"),
            Kind.SUBSCRIPTION.value: _("Subscribe and save"),
            Kind.DOWNSELL.value: _("A lighter option"),
        },
    }


def offers_url() -> str:
    try:
        return reverse(OFFERS_URL_NAME)
    except NoReverseMatch as exc:
        raise template.TemplateSyntaxError(
            "upsell_widget needs the app's URLs: add "
            "path('upsell/', include('upsell_app.urls')) to your URLconf."
        ) from exc


def _pending(request: Any) -> tuple[str, Any] | None:
    try:
        return take_page_moment(request) if request is not None else None
    except CACHE_ERRORS as exc:
        report("widget", exc, "the page fires no server-side moment")
        return None


def _event_waiting(request: Any) -> bool:
    try:
        return request is not None and has_page_moment(request)
    except CACHE_ERRORS as exc:
        report("slot", exc, "the slot decides without knowing of a waiting moment")
        return False


def _clean_product_id(value: Any) -> Any:
    """The product model's key for ``value``; the page's JSON carries it as a number or text."""
    if value in (None, ""):
        return None
    try:
        return to_key(value)
    except ValidationError as exc:
        raise template.TemplateSyntaxError(
            f"upsell_widget: product_id must be a key of the shop's products, got {value!r}."
        ) from exc


@register.inclusion_tag("upsell_app/widget.html", takes_context=True)
def upsell_widget(
    context: template.Context,
    trigger: str | None = None,
    product_id: Any = None,
    after_accept: str = "event",
    mode: str | None = None,
) -> dict[str, Any]:
    """Render the pop-up's container, config and script; see the module docstring."""
    if mode is not None and mode not in MODES:
        raise template.TemplateSyntaxError(
            f"upsell_widget: mode must be one of {', '.join(MODES)}, not {mode!r}."
        )
    if after_accept not in AFTER_ACCEPT:
        raise template.TemplateSyntaxError(
            f"upsell_widget: after_accept must be one of {', '.join(AFTER_ACCEPT)}, "
            f"not {after_accept!r}."
        )
    if trigger is not None and trigger not in Trigger._value2member_map_:
        choices = ", ".join(t.value for t in Trigger)
        raise template.TemplateSyntaxError(
            f"upsell_widget: unknown trigger {trigger!r}; use one of {choices}."
        )
    request = context.get("request")
    mailed = take_pending_offer(request)
    own = (trigger, _clean_product_id(product_id))
    pending = _pending(request)
    fire, fire_product = pending or own
    fire_product = _clean_product_id(fire_product)
    # The page's own moment, asked when the pending one brings no offer.
    fallback = own if pending and own[0] is not None and own != (fire, fire_product) else None
    page = LEFT_TO_THE_WIDGET
    no_offer_for = None
    moment = Trigger._value2member_map_.get(fire) if fire is not None else None
    if moment is not None and widget_mode(mode) == "inline" and mailed is None:
        page = decide_for_page(request, moment, fire_product)
        if fallback is not None and page.decided and page.offer is None:
            no_offer_for = fire
            fire, fire_product = fallback
            page = decide_for_page(request, Trigger(fire), fire_product)
            fallback = None
    if mailed is not None:
        # A mail's link opened this offer: the page shows it, and asks nothing else.
        page = PageDecision(decided=True, offer=mailed)
    config = {
        "offersUrl": offers_url(),
        "eventsUrl": reverse("upsell:event-create"),
        "csrfToken": get_token(request) if request is not None else "",
        "trigger": fire,
        "productId": key_to_json(fire_product),
        # Left to the widget: the page's own moment, asked if ``trigger`` brings no offer.
        "fallback": (
            {"trigger": fallback[0], "productId": key_to_json(fallback[1])} if fallback else None
        ),
        # Decided on the server with no offer before the page's own moment was (for tests).
        "noOfferFor": no_offer_for,
        # Decided on the server: the script shows ``offer`` (maybe none) and asks nothing.
        "decided": page.decided,
        "offer": page.offer,
        "language": get_language(),
        "labels": widget_labels(),
        "afterAccept": after_accept,
    }
    return {"config": config}


@register.inclusion_tag("upsell_app/spend_nudge.html", takes_context=True)
def upsell_spend_nudge(context: template.Context) -> dict[str, Any]:
    """The spend-threshold nudge for the cart page: how much is left to a threshold the shop
    named (free shipping at ¥5,000) and a few items that close the gap, each added to the cart
    like an accepted offer. Renders an empty live region when the cart is not close to one.

    Put it on the cart page beside ``{% upsell_widget %}`` (whose script adds the items), inside
    a region the widget redraws after a change (``data-upsell-refresh``), or on its own: it is a
    region of that kind itself. See docs/spend-threshold.md.
    """
    nudge = cart_nudge(context.get("request"))
    return {
        "nudge": nudge,
        "labels": {
            "add": _("Add to cart"),
            "items": _("Items that get you there"),
        },
    }


#: The slots a shop may place in its pages, and the moment each decides for.
SLOTS: dict[str, Trigger] = {"cart": Trigger.CART_VIEW, "product": Trigger.PRODUCT_VIEW}
_SLOT_COUNT = "_upsell_slot_count"


@register.inclusion_tag("upsell_app/slot.html", takes_context=True)
def upsell_slot(
    context: template.Context,
    slot: str,
    product_id: Any = None,
    after_accept: str = "event",
) -> dict[str, Any]:
    """An offer placed in the page (not a pop-up): the cart page's slot, or a product page's
    "often bought together" (the product with its partners, ticked, and their price together).

    The offer is decided during the page's own request exactly as an inline pop-up is (restraint,
    A/B arm, signed quotes, the impression), among the offers the admin placed in the page; the
    pop-up never shows those. Renders nothing when there is no offer for this shopper now.
    """
    if slot not in SLOTS:
        raise template.TemplateSyntaxError(
            f"upsell_slot: unknown slot {slot!r}; use one of {', '.join(SLOTS)}."
        )
    if after_accept not in AFTER_ACCEPT:
        raise template.TemplateSyntaxError(
            f"upsell_slot: after_accept must be one of {', '.join(AFTER_ACCEPT)}, "
            f"not {after_accept!r}."
        )
    product = _clean_product_id(product_id)
    if SLOTS[slot] is Trigger.PRODUCT_VIEW and product is None:
        raise template.TemplateSyntaxError(
            'upsell_slot: the "product" slot needs the page\'s product: '
            '{% upsell_slot "product" product.pk %}.'
        )
    request = context.get("request")
    if _event_waiting(request):
        # Something just happened (an item added, checkout started): its pop-up is the fresher
        # offer, and one offer per page is what restraint allows.
        return {"data": None}
    page = decide_for_page(request, SLOTS[slot], product, placement=Placement.PAGE)
    if page.offer is None:
        return {"data": None}
    number = getattr(request, _SLOT_COUNT, 0) + 1
    setattr(request, _SLOT_COUNT, number)
    data = {
        "slot": slot,
        "id": f"upsell-slot-{slot}-{number}",
        "offer": page.offer,
        # What the script needs on a page without {% upsell_widget %}.
        "config": {
            "offersUrl": offers_url(),
            "eventsUrl": reverse("upsell:event-create"),
            "csrfToken": get_token(request) if request is not None else "",
            "language": get_language(),
            "labels": widget_labels(),
            "afterAccept": after_accept,
        },
    }
    return {"data": data}
