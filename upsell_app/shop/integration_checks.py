"""System checks on the shop's side of the integration: its product model as the catalogue adapter
reads it, the offer kinds its cart adapter can carry out, and the app's URLs.

``checks.py`` checks the settings themselves; these run once the settings name things that exist.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import WARNING, Error, Info, Tags, Warning, register
from django.urls import NoReverseMatch, reverse

from .capabilities import (
    LOCK,
    OPTIMISTIC,
    concurrency_guarantee,
    configured_adapter_class,
    format_methods,
    unsupported_kinds,
)
from .catalog_inspection import missing_reads

#: The URL the widget needs before anything else; all of ``upsell_app.urls`` comes with it.
OFFERS_URL_NAME = "upsell:offer-list"


def _catalog_class() -> type | None:
    from ..adapters import ModelCatalogAdapter
    from ..conf import upsell_settings

    try:
        cls = upsell_settings.CATALOG_ADAPTER
    except ImportError:
        return None  # E009
    return cls if isinstance(cls, type) and issubclass(cls, ModelCatalogAdapter) else None


@register(Tags.models)
def check_catalog_reads_model(app_configs: Any = None, **kwargs: Any) -> list:
    cls = _catalog_class()
    if cls is None:
        return []
    try:
        model = cls().get_model()
    except (LookupError, ValueError):
        return []  # E003 / E004 name the product model setting
    label = model._meta.label
    errors: list = []
    for problem in missing_reads(cls, model):
        if problem.source.endswith("()"):
            errors.append(
                Error(
                    f"{problem.adapter}.{problem.source[:-2]}() reads product.{problem.name}, "
                    f"but {label} has no field or attribute {problem.name!r}.",
                    hint=f"Read a field {label} has, or add {problem.name!r} to the "
                    "adapter's queryset (get_queryset().annotate(...)).",
                    id="upsell_app.E021",
                )
            )
        elif problem.tolerated:
            errors.append(
                Warning(
                    f"{problem.adapter}.{problem.source}, but {label} has no field or attribute "
                    f"{problem.name!r}: no product picture will be shown in the pop-up.",
                    hint=f"Set image_field to the name of {label}'s picture URL field, or to None "
                    "when products have no picture.",
                    id="upsell_app.W021",
                )
            )
        else:
            attribute = problem.source.split(" ", 1)[0]
            errors.append(
                Error(
                    f"{problem.adapter}.{problem.source}, but {label} has no field or attribute "
                    f"{problem.name!r}.",
                    hint=_field_hint(cls.__name__, attribute, label),
                    id="upsell_app.E020",
                )
            )
    return errors


def _field_hint(adapter: str, attribute: str, label: str) -> str:
    method = {
        "title_field": "get_title",
        "price_field": "get_price",
        "stock_field": "get_stock",
    }.get(attribute, "get_*")
    hint = (
        f"Subclass ModelCatalogAdapter as {adapter} and set {attribute} to the name of "
        f"{label}'s field (or override {method}()); name it in UPSELL['CATALOG_ADAPTER']."
    )
    if attribute == "stock_field":
        hint += " Set stock_field = None when the shop does not count stock."
    return hint


@register(Tags.compatibility)
def check_cart_adapter_kinds(app_configs: Any = None, **kwargs: Any) -> list:
    adapter_class = configured_adapter_class()
    warnings: list = []
    for kind, missing in unsupported_kinds(adapter_class).items():
        warnings.append(
            Warning(
                f"{adapter_class.__name__} cannot apply {kind.value} offers: it does not implement "
                f"{format_methods(missing)}. The admin refuses to activate {kind.value} offers "
                "and the pop-up never shows them.",
                hint="Implement those methods, or subclass upsell_app.adapters.SimpleCartAdapter "
                "so the app keeps agreed prices, set discounts and plans itself. A shop that never "
                "runs this kind may silence it with SILENCED_SYSTEM_CHECKS.",
                id="upsell_app.W020",
            )
        )
    return warnings


def cart_guarantee_messages() -> list:
    """Which guarantee the cart adapter gives against two changes to one cart at once."""
    adapter_class = configured_adapter_class()
    if adapter_class is None:
        return []
    name = adapter_class.__name__
    guarantee = concurrency_guarantee(adapter_class)
    if guarantee == LOCK:
        return [
            Info(
                f"{name} serialises accepted offers with a lock (its lock(), or the app's cache "
                "lock on its cart key): concurrent accepts on one cart wait for each other.",
                id="upsell_app.I080",
            )
        ]
    if guarantee == OPTIMISTIC:
        return [
            Info(
                f"{name} has no lock of its own and is checked optimistically: an accept applies "
                "only if the cart_version() it read is still the last one written, else it "
                "answers 409 cart_changed.",
                hint="Write the shop's own changes to this cart through "
                "upsell_app.cart_lock.save_checked(), or an accept may overwrite them.",
                id="upsell_app.I081",
            )
        ]
    return [
        Warning(
            f"{name} gives no guarantee against concurrent changes: two accepts at once may both "
            "apply, or overwrite a change the shop made meanwhile.",
            hint="Implement lock() (e.g. select_for_update() on the cart's row), or subclass "
            "upsell_app.adapters.SimpleCartAdapter and report a cart_version().",
            id="upsell_app.W080",
        )
    ]


@register(Tags.compatibility)
def check_cart_guarantee(app_configs: Any = None, **kwargs: Any) -> list:
    """An adapter with no guarantee is a mistake every ``check`` reports (W080)."""
    return [m for m in cart_guarantee_messages() if m.level >= WARNING]


@register(Tags.compatibility, deploy=True)
def report_cart_guarantee(app_configs: Any = None, **kwargs: Any) -> list:
    """``check --deploy`` also says which guarantee a sound adapter gives (I080, I081): what to
    expect under load, and for a cart checked optimistically, what the shop's views must do."""
    return [m for m in cart_guarantee_messages() if m.level < WARNING]


@register(Tags.database)
def check_active_offers_are_applicable(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list:
    """Offers activated before the adapter lost a method (or saved outside the admin)."""
    if not databases:
        return []
    from django.db import DatabaseError

    from ..models import Offer

    unsupported = unsupported_kinds(configured_adapter_class())
    if not unsupported:
        return []
    errors: list = []
    try:
        rows = list(
            Offer.objects.filter(is_active=True, kind__in=[k.value for k in unsupported])
            .order_by("pk")
            .values_list("pk", "name", "kind")
        )
    except DatabaseError:
        return []  # not migrated yet: migrate reports that
    for pk, name, kind in rows:
        missing = unsupported[next(k for k in unsupported if k.value == kind)]
        errors.append(
            Error(
                f"Active offer {pk} ({name!r}) is a {kind} offer, but the cart adapter does not "
                f"implement {format_methods(missing)}: shoppers are not shown it.",
                hint="Implement those methods in your cart adapter, or deactivate the offer.",
                id="upsell_app.E022",
            )
        )
    return errors


@register(Tags.database)
def check_thresholds_have_a_state(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list:
    """Active spend thresholds need the cart adapter's ``threshold_state``: the app never
    computes what counts toward them, so without it the cart page shows no nudge."""
    if not databases:
        return []
    from django.db import DatabaseError

    from ..adapters import CartAdapter, SimpleCartAdapter
    from ..models import SpendThreshold

    adapter = configured_adapter_class()
    if adapter is None or getattr(adapter, "threshold_state", None) not in (
        CartAdapter.threshold_state,
        SimpleCartAdapter.threshold_state,
    ):
        return []
    try:
        codes = list(SpendThreshold.objects.filter(is_active=True).values_list("code", flat=True))
    except DatabaseError:
        return []  # not migrated yet: migrate reports that
    if not codes:
        return []
    return [
        Warning(
            f"Active spend thresholds ({', '.join(codes)}) but the cart adapter does not "
            "implement threshold_state(): the cart page shows no spend nudge.",
            hint="Implement threshold_state() in your cart adapter (see docs/spend-threshold.md), "
            "or deactivate the thresholds.",
            id="upsell_app.W090",
        )
    ]


@register(Tags.urls)
def check_urls_included(app_configs: Any = None, **kwargs: Any) -> list:
    try:
        reverse(OFFERS_URL_NAME)
    except NoReverseMatch:
        return [
            Error(
                "The app's URLs are not included: the widget has no offers API to call "
                f"({OFFERS_URL_NAME!r} does not resolve).",
                hint="Add path('upsell/', include('upsell_app.urls')) to your ROOT_URLCONF "
                "(keep the 'upsell' namespace that upsell_app.urls declares).",
                id="upsell_app.E023",
            )
        ]
    except Exception:  # noqa: BLE001 - a broken URLconf is Django's own check to report
        return []
    return []
