"""Offers decided inside the page's own request: the pop-up shows as the page loads.

``{% upsell_widget %}`` on a page with a moment (its own ``trigger``, or the moment the shop's
signal left) asks :func:`decide_for_page`. It runs the very decision the offers API runs
(:func:`~upsell_app.serving.decision_service.offer_payload`: restraint, A/B arm, impression,
signed quotes bound to this shopper) and the page embeds its answer, so the browser makes no
second request.

The offers API's per-shopper throttle budget is spent the same way (its count read and bumped
with the decision's own read and write): a page's decision is one offers request that did not
need the network. A shopper browsing normally never comes near it; a script fetching pages in
a loop is held to the same rate whichever path it takes, and a throttled page simply shows no
offer (the API would refuse it too).

A page whose pop-up was decided here belongs to this shopper: it must never be served from a
shared cache to someone else. :func:`mark_personal` notes that on the request, and
:class:`upsell_app.middleware.PrivateOfferPagesMiddleware` answers it with
``Cache-Control: private, no-store``.

When the decision cannot run here (the cache is down, an unexpected error) the page still
renders, and the widget asks the API after load as before.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from django.http import HttpRequest

from ..conf import WIDGET_MODES, upsell_settings
from ..selection.types import Placement, Trigger
from .decision_service import offer_payload
from .decision_store import Quota
from .outages import CACHE_ERRORS, report
from .shopper_state import shopper_key
from .throttles import UpsellRateThrottle

# Named as before the move, so a shop's logging configuration keeps matching.
logger = logging.getLogger("upsell_app.inline_offers")

#: How a page's moment is decided: in the page's own request, or by the widget after load.
MODES = WIDGET_MODES
#: What the widget's refresh of server-rendered cart regions sends (``upsell.js``): that page is
#: read for a few regions, never shown with a pop-up.
REFRESH_HEADER = "X-Upsell-Refresh"
_PERSONAL = "_upsell_personal_page"


class PageDecision(NamedTuple):
    """What the page embeds: ``decided`` says the server answered (``offer`` may be ``None``);
    otherwise the widget asks the API for the page's moment after load."""

    decided: bool
    offer: dict[str, Any] | None = None


LEFT_TO_THE_WIDGET = PageDecision(decided=False)


class _OffersBudget:
    """The offers API's throttle scope: one budget per shopper for both paths."""

    throttle_scope = "upsell_offers"


class _Throttled(Exception):
    """This shopper has used the offers budget of the current window."""


def widget_mode(requested: str | None) -> str:
    """The tag's ``mode`` when it names one, else ``UPSELL["WIDGET_MODE"]``."""
    return requested or upsell_settings.WIDGET_MODE


def is_page_view(request: HttpRequest) -> bool:
    """Whether the browser is opening this page to show it. Not when a script fetches it (the
    widget re-reading cart regions, a shop's own ``fetch``) nor when the browser prefetches or
    prerenders it: such a page's pop-up is left to the widget, so nothing is counted as shown
    that nobody saw. Clients that send no ``Sec-Fetch-Mode`` (older browsers) count as views."""
    headers = request.headers
    if headers.get(REFRESH_HEADER):
        return False
    purpose = headers.get("Sec-Purpose") or headers.get("Purpose") or ""
    if "prefetch" in purpose.lower():
        return False
    return headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def mark_personal(request: HttpRequest) -> None:
    """This page carries a decision made for this shopper (see the middleware)."""
    setattr(request, _PERSONAL, True)


def is_personal(request: HttpRequest) -> bool:
    return bool(getattr(request, _PERSONAL, False))


def _refuse(wait: float) -> None:
    raise _Throttled


def _quota(request: HttpRequest) -> Quota | None:
    """The offers API's throttle count for this shopper: read in the decision's one read and
    bumped in its one write, exactly as for an offers request."""
    shopper_key(request)  # counted per session: make sure there is one, as the API does
    return UpsellRateThrottle().quota(request, _OffersBudget, _refuse)


def decide_for_page(
    request: HttpRequest | None,
    trigger: Trigger,
    product_id: int | None,
    placement: Placement = Placement.POPUP,
) -> PageDecision:
    """The page's offer for ``trigger``, decided now; never raises (the page must render).

    ``placement=PAGE`` decides for a slot placed in the page (``{% upsell_slot %}``): only offers
    the admin placed in the page compete, under the same restraint, quotes and events.
    """
    if request is None or not hasattr(request, "session") or not is_page_view(request):
        return LEFT_TO_THE_WIDGET
    try:
        offer = offer_payload(
            request, trigger, product_id, quota=_quota(request), placement=placement
        )
    except _Throttled:
        offer = None
    except CACHE_ERRORS as exc:
        report("inline offer", exc, "the page's offer is left to the widget's offers request")
        return LEFT_TO_THE_WIDGET
    except Exception:  # an offer is a nicety: the shop's page renders whatever happens here
        logger.exception("upsell: the page's offer could not be decided; the widget asks the API")
        return LEFT_TO_THE_WIDGET
    mark_personal(request)
    return PageDecision(decided=True, offer=offer)
