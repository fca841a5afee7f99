"""System checks for an oscar shop: each integration mistake with the line that fixes it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

MIDDLEWARE = "upsell_app.contrib.oscar.middleware.CurrentRequestMiddleware"
BASKET_MIDDLEWARE = "oscar.apps.basket.middleware.BasketMiddleware"
CART_ADAPTER = "upsell_app.contrib.oscar.adapters.OscarCartAdapter"
CATALOG_ADAPTER = "upsell_app.contrib.oscar.adapters.OscarCatalogAdapter"


def _subclass_of(path: Any, base: str) -> bool | None:
    """Whether the configured class is ``base`` or a subclass; None when it cannot be imported
    (the core checks report that)."""
    try:
        cls = import_string(path) if isinstance(path, str) else path
        return isinstance(cls, type) and issubclass(cls, import_string(base))
    except ImportError:
        return None


@register()
def check_oscar_integration(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    from oscar.core.loading import get_model

    problems: list[Any] = []
    product = get_model("catalogue", "Product")._meta.label
    if getattr(settings, "UPSELL_PRODUCT_MODEL", "") != product:
        problems.append(
            Error(
                "UPSELL_PRODUCT_MODEL must be oscar's product model in an oscar shop.",
                hint=f'Set UPSELL_PRODUCT_MODEL = "{product}".',
                id="upsell_oscar.E001",
            )
        )
    middleware = list(getattr(settings, "MIDDLEWARE", []))
    if BASKET_MIDDLEWARE not in middleware:
        problems.append(
            Error(
                "oscar's BasketMiddleware is missing: the app reads the shopper's basket from it.",
                hint=f'Add "{BASKET_MIDDLEWARE}" to MIDDLEWARE.',
                id="upsell_oscar.E002",
            )
        )
    if MIDDLEWARE not in middleware:
        problems.append(
            Error(
                "The app cannot tell whose basket line was removed or whose order was placed.",
                hint=f'Add "{MIDDLEWARE}" to MIDDLEWARE, after oscar\'s BasketMiddleware.',
                id="upsell_oscar.E003",
            )
        )
    elif BASKET_MIDDLEWARE in middleware and middleware.index(MIDDLEWARE) < middleware.index(
        BASKET_MIDDLEWARE
    ):
        problems.append(
            Error(
                "The app's middleware runs before oscar's BasketMiddleware: prices the shopper "
                "accepted will not reach the basket.",
                hint=f'Move "{MIDDLEWARE}" after "{BASKET_MIDDLEWARE}" in MIDDLEWARE.',
                id="upsell_oscar.E004",
            )
        )
    upsell = getattr(settings, "UPSELL", {}) or {}
    if _subclass_of(upsell.get("CART_ADAPTER"), CART_ADAPTER) is False:
        problems.append(
            Warning(
                "UPSELL['CART_ADAPTER'] is not the oscar basket adapter: offers will not change "
                "oscar's basket.",
                hint=f'Set UPSELL["CART_ADAPTER"] = "{CART_ADAPTER}" (or a subclass).',
                id="upsell_oscar.W001",
            )
        )
    catalog = upsell.get("CATALOG_ADAPTER", "upsell_app.adapters.ModelCatalogAdapter")
    if _subclass_of(catalog, CATALOG_ADAPTER) is False:
        problems.append(
            Warning(
                "UPSELL['CATALOG_ADAPTER'] is not the oscar catalogue adapter: pop-up prices "
                "will not be the prices oscar's strategy shows.",
                hint=f'Set UPSELL["CATALOG_ADAPTER"] = "{CATALOG_ADAPTER}" (or a subclass).',
                id="upsell_oscar.W002",
            )
        )
    return problems
