"""The one place that reads ``settings.UPSELL``.

Every other module imports :data:`upsell_settings` and reads attributes from it, so defaults live
here and nowhere else. Like DRF's ``api_settings`` it resolves import strings lazily and reloads when
a test overrides ``UPSELL`` (Django's ``setting_changed`` signal).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

#: Documented defaults. README's configuration reference mirrors this dict.
DEFAULTS: dict[str, Any] = {
    # Integration: the shop's classes, as dotted paths.
    "CART_ADAPTER": None,  # required: subclass of upsell_app.adapters.CartAdapter
    "CATALOG_ADAPTER": "upsell_app.adapters.ModelCatalogAdapter",
    # Money
    "CURRENCY": "JPY",
    "CURRENCY_SYMBOL": "¥",
    "PRICE_DECIMAL_PLACES": 0,
    # Restraint
    "MAX_CHOICES": 3,  # choices shown in one pop-up
    "MAX_POPUPS_PER_SESSION": 3,
    "POPUP_COOLDOWN_SECONDS": 60,  # quiet time between two pop-ups
    "SILENCE_AFTER_DECLINE_SECONDS": 300,  # no pop-up at all for a while after "No thanks"
    "SHOPPER_STATE_TTL_SECONDS": 60 * 60 * 24 * 14,
    # Serving
    "CACHE_ALIAS": "default",
    "INDEX_VERSION_CHECK_SECONDS": 0.0,  # 0 = check the shared version on every request
    "QUOTE_MAX_AGE_SECONDS": 60 * 30,  # how long a displayed price may be accepted
    "IDEMPOTENCY_KEY_MAX_LENGTH": 64,
    # Associations (issue 3) keys are merged below by their module's owner.
}

#: Settings that hold a dotted path to import.
IMPORT_STRINGS: frozenset[str] = frozenset({"CART_ADAPTER", "CATALOG_ADAPTER"})


class UpsellSettings:
    """Attribute access to ``settings.UPSELL`` merged over :data:`DEFAULTS`."""

    def __init__(self) -> None:
        self._cached: set[str] = set()

    @property
    def user_settings(self) -> dict[str, Any]:
        if not hasattr(self, "_user_settings"):
            self._user_settings = dict(getattr(settings, "UPSELL", {}) or {})
        return self._user_settings

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in DEFAULTS:
            raise AttributeError(f"Invalid UPSELL setting: {name!r}")
        value = self.user_settings.get(name, DEFAULTS[name])
        if name in IMPORT_STRINGS and isinstance(value, str):
            value = import_string(value)
        self._cached.add(name)
        setattr(self, name, value)
        return value

    def reload(self) -> None:
        for name in self._cached:
            delattr(self, name)
        self._cached.clear()
        if hasattr(self, "_user_settings"):
            del self._user_settings


upsell_settings = UpsellSettings()


def product_model_label() -> str:
    """The shop's product model, named like ``AUTH_USER_MODEL`` by ``UPSELL_PRODUCT_MODEL``."""
    return getattr(settings, "UPSELL_PRODUCT_MODEL", "")


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == "UPSELL":
        upsell_settings.reload()


setting_changed.connect(_reload)
