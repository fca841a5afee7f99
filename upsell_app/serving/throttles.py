"""Polite throttling: generous per-shopper rates, configurable under ``REST_FRAMEWORK``.

Set ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["upsell_offers"]`` / ``["upsell_actions"]`` to
change them; without them the defaults below apply (where DRF's own scoped throttle
would refuse to start).

The count is a fixed window kept with one atomic ``incr`` in the upsell cache: one round trip per
request (DRF's sliding log reads and rewrites a list: two, and racing requests can both pass). The
offers request pays not even that: its decision reads the count with its other keys and bumps it
in its one write (:meth:`UpsellRateThrottle.quota`).
A window boundary may let a burst through at up to twice the rate, which is fine for a limit
meant to stop scripts, not people. When the cache cannot be reached the throttle lets the request
through and logs it: a shop without Redis keeps selling, unthrottled, until Redis is back.

On the serving path rather than in the API: the offers decision (in the API and inside a page,
:mod:`.inline_offers`) spends the same budget in its own Redis round trip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from ..conf import upsell_settings
from .decision_store import Quota
from .outages import CACHE_ERRORS, report

DEFAULT_RATES = {
    "upsell_offers": "300/min",  # one per page view and JS trigger: far above any human pace
    "upsell_actions": "60/min",  # accept / decline / dismiss
}


class UpsellRateThrottle(ScopedRateThrottle):
    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        return rates.get(self.scope, DEFAULT_RATES.get(self.scope))

    def get_cache_key(self, request, view):  # noqa: ANN001, ANN201 - DRF's signature
        # Shoppers behind one office NAT share an IP: count per session when there is one.
        session_key = getattr(getattr(request, "session", None), "session_key", None)
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        elif session_key:
            ident = f"session-{session_key}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def _counter(self, request: Any, view: Any) -> str | None:
        """The cache key counting this shopper's requests in the current window, or ``None``
        when nothing is counted."""
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return None
        self.rate = self.get_rate()
        if self.rate is None:
            return None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return None
        window = int(time.time() // self.duration)
        self.window_ends = (window + 1) * self.duration
        return f"{key}:{window}"

    def quota(self, request: Any, view: Any, refuse: Callable[[float], Any]) -> Quota | None:
        """The count as a :class:`~upsell_app.serving.decision_store.Quota`: the offers decision
        reads it with its other keys and bumps it in its one write, so the throttle costs no round
        trip of its own. ``refuse(wait)`` answers 429."""
        counter = self._counter(request, view)
        if counter is None:
            return None
        return Quota(counter, self.num_requests, self.duration, lambda: refuse(self.wait()))

    def allow_request(self, request: Any, view: Any) -> bool:
        counter = self._counter(request, view)
        if counter is None:
            return True
        cache = caches[upsell_settings.CACHE_ALIAS]
        try:
            try:
                count = cache.incr(counter)
            except ValueError:  # the window's first request (or a counter evicted meanwhile)
                count = 1 if cache.add(counter, 1, self.duration + 1) else cache.incr(counter)
        except CACHE_ERRORS as exc:
            report("throttle", exc, "requests are let through unthrottled")
            return True
        return count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_ends - time.time(), 0.0)
