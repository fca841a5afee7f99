"""Polite throttling: generous per-shopper rates, configurable under ``REST_FRAMEWORK``.

Set ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["upsell_offers"]`` / ``["upsell_actions"]`` to
change them; without them the defaults below apply (where DRF's own scoped throttle
would refuse to start).

The count is a fixed window kept with one atomic ``incr`` in the upsell cache: one round trip per
request (DRF's sliding log reads and rewrites a list: two, and racing requests can both pass).
A window boundary may let a burst through at up to twice the rate, which is fine for a limit
meant to stop scripts, not people. When the cache cannot be reached the throttle lets the request
through and logs it: a shop without Redis keeps selling, unthrottled, until Redis is back.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from ..conf import upsell_settings
from ..outages import CACHE_ERRORS, report

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

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.window_ends = (window + 1) * self.duration
        cache = caches[upsell_settings.CACHE_ALIAS]
        counter = f"{key}:{window}"
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
