"""The app's middleware: pages with a shopper's offer stay private; dropped connections retried.

``PrivateOfferPagesMiddleware``: a page whose pop-up ``{% upsell_widget %}`` decided during the
page's own request (``WIDGET_MODE = "inline"``) carries this shopper's offer, its signed prices
and a count of it as shown. Such a response is marked ``Cache-Control: private, no-store`` so no
shared cache (the site cache, a CDN, a proxy) keeps it for another shopper. Put it below
``UpdateCacheMiddleware`` if you use one (it must see the header first)::

    MIDDLEWARE = [
        ...
        "upsell_app.middleware.PrivateOfferPagesMiddleware",
        ...
    ]

It cannot help a view decorated with ``cache_page``: that caches inside the view, before any
middleware sees the response. Such pages use ``{% upsell_widget mode="ajax" %}``.

``RetryReadOnDroppedConnectionMiddleware``: a dropped database connection is not a 500: reads
are tried once more on a fresh connection.

PostgreSQL restarts, fail-overs and idle-connection killers close connections under a running
shop. ``CONN_HEALTH_CHECKS`` catches a connection that died *between* requests; one that dies
*during* a request fails whatever query it was running. For a read (``GET``, ``HEAD``,
``OPTIONS``: safe by HTTP's definition, nothing to undo) this middleware closes the broken
connection and runs the request once more, so the shopper sees the page instead of an error.
Writes are never repeated here: the app's accept runs in one transaction that the dropped
connection rolled back, and answers 503 so the widget retries it with the same idempotency key.

Add it high in ``MIDDLEWARE``, above the session middleware, so a retry starts afresh::

    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "upsell_app.middleware.RetryReadOnDroppedConnectionMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        ...
    ]
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .serving.inline_offers import is_personal

logger = logging.getLogger("upsell_app.outages")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: What a connection that died mid-query raises (psycopg's own errors are wrapped as these).
DROPPED_CONNECTION_ERRORS = (OperationalError, InterfaceError)
_MARK = "_upsell_dropped_connection"


def mark_dropped_connection(request: HttpRequest, exc: BaseException) -> None:
    """Remember on the request that it failed on a database connection (also for a view that
    turns the error into a response of its own, as the app's API does: 503)."""
    setattr(request, _MARK, exc)


def _on_request_exception(sender: Any, request: HttpRequest | None = None, **kw: Any) -> None:
    # Django turns the exception into a 500 below the middleware; the request object reaches it.
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DROPPED_CONNECTION_ERRORS):
        mark_dropped_connection(request, exc)


got_request_exception.connect(_on_request_exception, dispatch_uid="upsell_dropped_connection")


def discard_broken_connections() -> None:
    """Close every connection that saw an error and no longer answers (the next one reconnects)."""
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


class RetryReadOnDroppedConnectionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        failure = getattr(request, _MARK, None)
        if failure is None or request.method not in SAFE_METHODS:
            return response
        delattr(request, _MARK)
        response.close()
        discard_broken_connections()
        logger.warning(
            "upsell: %s %s failed on a dropped database connection (%s); trying it once more",
            request.method,
            request.path,
            failure,
        )
        return self.get_response(request)


class PrivateOfferPagesMiddleware:
    """``Cache-Control: private, no-store`` on every page that embeds a shopper's decision."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
