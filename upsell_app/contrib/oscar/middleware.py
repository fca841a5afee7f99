"""The shopper's request, for receivers of oscar's model signals, and moments for in-place pages.

Oscar removes a basket line and places an order without a signal that carries the request; the
app needs it to know whose moment it was (an item removed shows a lighter option). This
middleware keeps the request in a context variable while it is served.

Oscar's basket page changes lines in place (its script posts the basket form and swaps in the
HTML of the JSON answer): a moment noted while serving such a request is added to that answer as
``upsell_moment``, which ``{% upsell_oscar_widget %}``'s script plays at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_current: ContextVar[HttpRequest | None] = ContextVar("upsell_oscar_request", default=None)

#: Request attribute holding the moment a receiver noted during this request.
MOMENT_ATTRIBUTE = "_upsell_oscar_moment"


def current_request() -> HttpRequest | None:
    """The request being served in this thread, or ``None`` (a command, a task, a test)."""
    return _current.get()


def note_moment(request: HttpRequest, trigger: str, product_id: int | None) -> None:
    setattr(request, MOMENT_ATTRIBUTE, {"trigger": trigger, "product_id": product_id})


def _with_moment(request: HttpRequest, response: HttpResponse, moment: dict[str, Any]) -> None:
    if not response.get("Content-Type", "").startswith("application/json"):
        return
    if getattr(response, "streaming", False):
        return
    try:
        data = json.loads(response.content)
    except ValueError:
        return
    if not isinstance(data, dict) or "content_html" not in data:
        return  # not oscar's in-place basket answer: the next page load plays the moment
    from upsell_app.serving.moments import take_page_moment

    data["upsell_moment"] = moment
    response.content = json.dumps(data)
    take_page_moment(request)  # played now, not again on the next page (its proof stays)


class CurrentRequestMiddleware:
    """Place it after oscar's ``BasketMiddleware``: it also puts the prices the shopper accepted
    into the request's pricing strategy (:mod:`.strategy`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if hasattr(request, "strategy"):  # before the basket loads: its lines get agreed prices
            from .strategy import wrap

            request.strategy = wrap(request.strategy)
        token = _current.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        moment = getattr(request, MOMENT_ATTRIBUTE, None)
        if moment is not None:
            _with_moment(request, response, moment)
        return response
