"""Polite throttling: generous per-shopper rates, configurable under ``REST_FRAMEWORK``.

Set ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["upsell_offers"]`` / ``["upsell_actions"]`` to
change them; without them the defaults below apply (where DRF's own scoped throttle
would refuse to start).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

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
