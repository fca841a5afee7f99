"""System checks: every way the integration can be wrong, with a message that says the fix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from ..conf import DEFAULTS, WIDGET_MODES, product_model_label
from .capabilities import missing_required

POSITIVE_INTS = (
    "MAX_CHOICES",
    "MAX_POPUPS_PER_SESSION",
    "PRICE_DECIMAL_PLACES",
    "QUOTE_MAX_AGE_SECONDS",
    "MOMENT_MAX_AGE_SECONDS",
    "SHOPPER_STATE_TTL_SECONDS",
    "UNDO_WINDOW_SECONDS",
    "POST_PURCHASE_WINDOW_MINUTES",
)
NON_NEGATIVE_NUMBERS = (
    "POPUP_COOLDOWN_SECONDS",
    "SILENCE_AFTER_DECLINE_SECONDS",
    "INDEX_VERSION_CHECK_SECONDS",
    "CART_SNAPSHOT_SECONDS",
)


def _import(path: Any, setting: str, errors: list, check_id: str) -> Any:
    if not isinstance(path, str):
        return path
    try:
        return import_string(path)
    except ImportError as exc:
        errors.append(
            Error(
                f'UPSELL["{setting}"] = {path!r} cannot be imported: {exc}.',
                hint="Give the dotted path of a class, e.g. 'myshop.upsell.CartAdapter'.",
                id=check_id,
            )
        )
        return None


def _product_model_problem(label: Any) -> str:
    """Why ``label`` names no installed model ("" when it does)."""
    if not isinstance(label, str) or label.count(".") != 1:
        return "it is not of the form 'app_label.ModelName'"
    app_label, model_name = label.split(".")
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        return f"no installed app has the label {app_label!r}"
    try:
        app_config.get_model(model_name)
    except LookupError:
        return f"app {app_label!r} has no model {model_name!r}"
    return ""


@register(Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list:
    from ..adapters import CartAdapter, ModelCatalogAdapter, OrderAdapter, SimpleCartAdapter

    errors: list = []
    user = getattr(settings, "UPSELL", None)
    if user is not None and not isinstance(user, dict):
        return [Error("settings.UPSELL must be a dict.", id="upsell_app.E001")]
    user = user or {}
    for key in sorted(set(user) - set(DEFAULTS)):
        errors.append(
            Error(
                f'Unknown setting UPSELL["{key}"].',
                hint="Check the spelling against the configuration reference "
                "(docs/configuration.md).",
                id="upsell_app.E002",
            )
        )
    label = product_model_label()
    if not label:
        errors.append(
            Error(
                "UPSELL_PRODUCT_MODEL is not set.",
                hint='Name your product model, e.g. UPSELL_PRODUCT_MODEL = "shop.Product".',
                id="upsell_app.E003",
            )
        )
    else:
        problem = _product_model_problem(label)
        if problem:
            errors.append(
                Error(
                    f"UPSELL_PRODUCT_MODEL = {label!r} does not name an installed model: "
                    f"{problem}.",
                    hint="Use the form 'app_label.ModelName' of a model in INSTALLED_APPS, "
                    'e.g. UPSELL_PRODUCT_MODEL = "shop.Product".',
                    id="upsell_app.E004",
                )
            )
    cart = user.get("CART_ADAPTER")
    if not cart:
        errors.append(
            Error(
                'UPSELL["CART_ADAPTER"] is not set.',
                hint="Subclass upsell_app.adapters.CartAdapter and give its dotted path.",
                id="upsell_app.E005",
            )
        )
    else:
        cls = _import(cart, "CART_ADAPTER", errors, "upsell_app.E006")
        styles = (SimpleCartAdapter, CartAdapter)
        if cls is not None and not (isinstance(cls, type) and issubclass(cls, styles)):
            errors.append(
                Error(
                    f'UPSELL["CART_ADAPTER"] = {cart!r} is not a SimpleCartAdapter or '
                    "CartAdapter subclass.",
                    hint="Subclass upsell_app.adapters.SimpleCartAdapter (or CartAdapter).",
                    id="upsell_app.E007",
                )
            )
        elif cls is not None:
            missing = missing_required(cls)
            if missing:
                errors.append(
                    Error(
                        f"{cls.__name__} does not implement {', '.join(missing)}.",
                        hint="Implement the methods named (see docs/install.md).",
                        id="upsell_app.E008",
                    )
                )
    catalog = user.get("CATALOG_ADAPTER", DEFAULTS["CATALOG_ADAPTER"])
    cls = _import(catalog, "CATALOG_ADAPTER", errors, "upsell_app.E009")
    if cls is not None and not (isinstance(cls, type) and issubclass(cls, ModelCatalogAdapter)):
        errors.append(
            Error(
                f'UPSELL["CATALOG_ADAPTER"] = {catalog!r} is not a ModelCatalogAdapter subclass.',
                id="upsell_app.E010",
            )
        )
    order = user.get("ORDER_ADAPTER")
    if order:
        cls = _import(order, "ORDER_ADAPTER", errors, "upsell_app.E080")
        if cls is not None and not (isinstance(cls, type) and issubclass(cls, OrderAdapter)):
            errors.append(
                Error(
                    f'UPSELL["ORDER_ADAPTER"] = {order!r} is not an OrderAdapter subclass.',
                    hint="Subclass upsell_app.adapters.OrderAdapter (see docs/post-purchase.md).",
                    id="upsell_app.E081",
                )
            )
    for key in POSITIVE_INTS:
        value = user.get(key, DEFAULTS[key])
        minimum = 0 if key == "PRICE_DECIMAL_PLACES" else 1
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            errors.append(
                Error(
                    f'UPSELL["{key}"] must be an integer >= {minimum}, not {value!r}.',
                    id="upsell_app.E011",
                )
            )
    for key in NON_NEGATIVE_NUMBERS:
        value = user.get(key, DEFAULTS[key])
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            errors.append(
                Error(
                    f'UPSELL["{key}"] must be a number >= 0, not {value!r}.', id="upsell_app.E012"
                )
            )
    alias = user.get("CACHE_ALIAS", DEFAULTS["CACHE_ALIAS"])
    caches_setting = getattr(settings, "CACHES", {})
    if alias not in caches_setting:
        errors.append(
            Error(
                f'UPSELL["CACHE_ALIAS"] = {alias!r} is not in settings.CACHES.',
                id="upsell_app.E013",
            )
        )
    elif not settings.DEBUG and "locmem" in caches_setting[alias].get("BACKEND", "").lower():
        errors.append(
            Warning(
                "The upsell cache is process-local (LocMemCache): offer changes and shopper caps "
                "will not be shared between worker processes.",
                hint="Use Redis (django.core.cache.backends.redis.RedisCache or django-redis).",
                id="upsell_app.W001",
            )
        )
    for app in ("rest_framework", "django.contrib.sessions"):
        if app not in settings.INSTALLED_APPS:
            errors.append(
                Error(f"upsell_app needs {app!r} in INSTALLED_APPS.", id="upsell_app.E014")
            )
    errors += _customer_key_problems(
        user.get("CUSTOMER_KEY_OF_USER", DEFAULTS["CUSTOMER_KEY_OF_USER"])
    )
    return errors


def _customer_key_problems(value: Any) -> list:
    """Audiences find a logged-in customer's history under this key: it must name the user."""
    try:
        ok = isinstance(value, str) and "{pk}" in value and value.format(pk=1) != value
    except (IndexError, KeyError, ValueError):
        ok = False
    if ok:
        return []
    return [
        Error(
            f'UPSELL["CUSTOMER_KEY_OF_USER"] = {value!r} does not name a customer by "{{pk}}".',
            hint="Write it as your order_completed signal writes customer_key for a logged-in "
            'customer, with {pk} for the user\'s primary key, e.g. "user:{pk}".',
            id="upsell_app.E060",
        )
    ]


@register(Tags.compatibility)
def check_offer_translations(app_configs: Any = None, **kwargs: Any) -> list:
    """Offer texts per language are stored by django-parler: its app must be installed."""
    if apps.is_installed("parler"):
        return []
    return [
        Error(
            '"parler" is not in INSTALLED_APPS: offer texts per language (headline, message, '
            "subscription terms) are stored with django-parler.",
            hint='Add "parler" to INSTALLED_APPS, before "upsell_app".',
            id="upsell_app.E901",
        )
    ]


@register(Tags.compatibility)
def check_popup_settings(app_configs: Any = None, **kwargs: Any) -> list:
    """Learned-suggestion fit and the pop-ups kept for key moments (docs/deciding.md)."""
    from ..selection.fit import SUBSTITUTE_KEYS
    from ..selection.types import SubstituteRule

    user = getattr(settings, "UPSELL", None)
    if not isinstance(user, dict):
        return []
    errors: list = []
    substitutes = user.get("LEARNED_SUBSTITUTES", DEFAULTS["LEARNED_SUBSTITUTES"])
    if isinstance(substitutes, str) or not isinstance(substitutes, list | tuple | set | frozenset):
        substitutes = [substitutes]
    wrong = [s for s in substitutes if s not in SUBSTITUTE_KEYS]
    if wrong:
        errors.append(
            Error(
                f'UPSELL["LEARNED_SUBSTITUTES"] has unknown entries {wrong!r}.',
                hint='Use a tuple of "family" and/or "category"; () turns substitutes off.',
                id="upsell_app.E601",
            )
        )
    reserved = user.get(
        "POPUPS_RESERVED_FOR_KEY_MOMENTS", DEFAULTS["POPUPS_RESERVED_FOR_KEY_MOMENTS"]
    )
    if not isinstance(reserved, int) or isinstance(reserved, bool) or reserved < 0:
        errors.append(
            Error(
                f'UPSELL["POPUPS_RESERVED_FOR_KEY_MOMENTS"] must be an integer >= 0, '
                f"not {reserved!r}.",
                hint="Pop-ups of MAX_POPUPS_PER_SESSION kept for a removal or checkout start.",
                id="upsell_app.E603",
            )
        )
    rule = user.get("LEARNED_SUBSTITUTE_RULE", DEFAULTS["LEARNED_SUBSTITUTE_RULE"])
    if not isinstance(rule, str) or rule not in {r.value for r in SubstituteRule}:
        errors.append(
            Error(
                f'UPSELL["LEARNED_SUBSTITUTE_RULE"] must be one of '
                f"{[r.value for r in SubstituteRule]!r}, not {rule!r}.",
                hint='"category_and_data": same category and seldom bought together.',
                id="upsell_app.E604",
            )
        )
    for name in ("LEARNED_SUBSTITUTE_LIFT", "LEARNED_MIN_LIFT"):
        lift = user.get(name, DEFAULTS[name])
        if lift is not None and (
            not isinstance(lift, int | float | Decimal)
            or isinstance(lift, bool)
            or not 0 <= lift < float("inf")
        ):
            errors.append(
                Error(
                    f'UPSELL["{name}"] must be a number >= 0 or None, not {lift!r}.',
                    hint="A lift of 1 is chance: above it, bought together more often.",
                    id="upsell_app.E605",
                )
            )
    ratio = user.get("LEARNED_MAX_PRICE_RATIO", DEFAULTS["LEARNED_MAX_PRICE_RATIO"])
    if ratio is not None and (
        not isinstance(ratio, int | float | Decimal) or isinstance(ratio, bool) or ratio < 1
    ):
        errors.append(
            Error(
                f'UPSELL["LEARNED_MAX_PRICE_RATIO"] must be a number >= 1 or None, not {ratio!r}.',
                id="upsell_app.E602",
            )
        )
    return errors


@register(Tags.compatibility)
def check_price_floor(app_configs: Any = None, **kwargs: Any) -> list:
    """The least an offer may sell a unit for: a positive amount of money."""
    user = getattr(settings, "UPSELL", None)
    if not isinstance(user, dict) or "MIN_UNIT_PRICE" not in user:
        return []
    value = user["MIN_UNIT_PRICE"]
    try:
        floor = None if isinstance(value, bool) else Decimal(str(value))
    except (ArithmeticError, ValueError):
        floor = None
    if floor is None or not floor.is_finite() or floor <= 0:
        return [
            Error(
                f'UPSELL["MIN_UNIT_PRICE"] must be an amount of money > 0, not {value!r}.',
                hint="The least an offer may sell one unit for, after rounding; default 1 "
                "(one currency unit).",
                id="upsell_app.E050",
            )
        ]
    return []


@register(Tags.compatibility)
def check_tax_settings(app_configs: Any = None, **kwargs: Any) -> list:
    """How the catalogue's prices are stated: a yes/no, a rate, a rounding rule and a label."""
    from ..conf import TAX_ROUNDINGS, tax_rate_value

    user = getattr(settings, "UPSELL", None)
    if not isinstance(user, dict):
        return []
    errors = []
    included = user.get("PRICES_INCLUDE_TAX", DEFAULTS["PRICES_INCLUDE_TAX"])
    if not isinstance(included, bool):
        errors.append(
            Error(
                f'UPSELL["PRICES_INCLUDE_TAX"] must be True or False, not {included!r}.',
                hint="True: the catalogue's prices include tax; False: tax is added to them.",
                id="upsell_app.E055",
            )
        )
    rate = user.get("TAX_RATE", DEFAULTS["TAX_RATE"])
    if tax_rate_value(rate) is None:
        errors.append(
            Error(
                f'UPSELL["TAX_RATE"] must be a rate as a fraction from 0 up to 1, not {rate!r}.',
                hint='Japan\'s standard rate is "0.10" and the reduced rate "0.08".',
                id="upsell_app.E056",
            )
        )
    rounding = user.get("TAX_ROUNDING", DEFAULTS["TAX_ROUNDING"])
    if rounding not in TAX_ROUNDINGS:
        errors.append(
            Error(
                f'UPSELL["TAX_ROUNDING"] must be one of {", ".join(TAX_ROUNDINGS)}, '
                f"not {rounding!r}.",
                hint="How the shop rounds each line's tax; floor (切り捨て) is the most common.",
                id="upsell_app.E057",
            )
        )
    label = user.get("TAX_LABEL", DEFAULTS["TAX_LABEL"])
    if not isinstance(label, str | Promise):
        errors.append(
            Error(
                f'UPSELL["TAX_LABEL"] must be text, not {label!r}.',
                hint='e.g. "incl. tax" (shown as 税込 in Japanese), or "" for none.',
                id="upsell_app.E058",
            )
        )
    return errors


#: Marks pages with an inline offer ``private, no-store`` (docs/install.md, "Inline or AJAX").
PRIVATE_PAGES_MIDDLEWARE = "upsell_app.middleware.PrivateOfferPagesMiddleware"


@register(Tags.compatibility)
def check_widget_mode(app_configs: Any = None, **kwargs: Any) -> list:
    """How the widget's moments are decided, and the header that keeps such pages private."""
    user = getattr(settings, "UPSELL", None)
    if not isinstance(user, dict):
        return []
    mode = user.get("WIDGET_MODE", DEFAULTS["WIDGET_MODE"])
    if mode not in WIDGET_MODES:
        return [
            Error(
                f'UPSELL["WIDGET_MODE"] must be one of {", ".join(WIDGET_MODES)}, not {mode!r}.',
                hint='"inline": the page decides and embeds the offer; "ajax": the widget asks '
                "the API after load.",
                id="upsell_app.E040",
            )
        ]
    if mode == "inline" and PRIVATE_PAGES_MIDDLEWARE not in getattr(settings, "MIDDLEWARE", []):
        return [
            Warning(
                'Pages embed a shopper\'s offer (WIDGET_MODE "inline") but nothing marks them '
                "private: a shared cache could serve one shopper's offer to others.",
                hint=f'Add "{PRIVATE_PAGES_MIDDLEWARE}" to MIDDLEWARE, or set WIDGET_MODE to '
                '"ajax" when your pages are cached for everyone.',
                id="upsell_app.W040",
            )
        ]
    return []


# Checks on the shop's code (product model fields, adapter methods per offer kind, URLs).
from . import integration_checks  # noqa: E402, F401


@register(Tags.compatibility)
def check_offer_languages(app_configs: Any = None, **kwargs: Any) -> list:
    """Without PARLER_LANGUAGES the offer admin edits texts in the default language only."""
    if len(getattr(settings, "LANGUAGES", ())) < 2 or not apps.is_installed("parler"):
        return []
    from parler.utils.i18n import is_multilingual_project

    if is_multilingual_project():
        return []
    return [
        Warning(
            "The shop has several LANGUAGES but PARLER_LANGUAGES lists none: admins can enter "
            "offer texts in the default language only.",
            hint='Set PARLER_LANGUAGES = {None: ({"code": "en"}, {"code": "ja"}), "default": '
            '{"fallbacks": ["en"], "hide_untranslated": False}} (your languages).',
            id="upsell_app.W902",
        )
    ]
