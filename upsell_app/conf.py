"""The one place that reads ``settings.UPSELL``.

Every other module imports :data:`upsell_settings` and reads attributes from it, so defaults
live here and nowhere else. Like DRF's ``api_settings`` it resolves import strings lazily and
reloads when a test overrides ``UPSELL`` (Django's ``setting_changed`` signal).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from .selection.tax import TaxPolicy, TaxRounding

#: The values ``WIDGET_MODE`` may take: the page's own request decides, or the widget after load.
WIDGET_MODES = ("inline", "ajax")

#: The values ``TAX_ROUNDING`` may take: how the shop rounds each line's tax.
TAX_ROUNDINGS = tuple(mode.value for mode in TaxRounding)

#: Documented defaults. README's configuration reference mirrors this dict.
DEFAULTS: dict[str, Any] = {
    # Integration: the shop's classes, as dotted paths.
    "CART_ADAPTER": None,  # required: subclass of upsell_app.adapters.CartAdapter
    "CATALOG_ADAPTER": "upsell_app.adapters.ModelCatalogAdapter",
    # Optional: subclass of upsell_app.adapters.OrderAdapter; with it the thank-you offer joins
    # the order just placed instead of starting a new cart (docs/post-purchase.md).
    "ORDER_ADAPTER": None,
    # Minutes after an order is placed during which an accepted thank-you offer may join it.
    "POST_PURCHASE_WINDOW_MINUTES": 15,
    # Money
    "CURRENCY_SYMBOL": "¥",
    "PRICE_DECIMAL_PLACES": 0,
    # The least an offer may sell one unit for, after rounding (one currency unit): the admin
    # refuses a discount below it, and an offer that would sell below it is not shown or accepted.
    "MIN_UNIT_PRICE": 1,
    # Tax (docs/tax.md): how the catalogue's prices are stated. The defaults keep prices as they
    # are (they include tax) with no label; a shop storing prices without tax sets False, a rate
    # per product (the catalogue adapter's ``get_tax_rate``) and its rounding, applied per line.
    "PRICES_INCLUDE_TAX": True,
    "TAX_RATE": "0",  # the rate of a product the catalogue gives none, a fraction ("0.10")
    "TAX_ROUNDING": "floor",  # "floor" (切り捨て) | "half_up" | "ceiling"
    "TAX_LABEL": "",  # after every price the pop-up shows, translated (e.g. "incl. tax": 税込)
    # Restraint
    "MAX_CHOICES": 3,  # choices shown in one pop-up
    "MAX_POPUPS_PER_SESSION": 3,
    "POPUP_COOLDOWN_SECONDS": 60,  # quiet time between two pop-ups
    "SILENCE_AFTER_DECLINE_SECONDS": 300,  # no pop-up at all for a while after "No thanks"
    "POPUPS_RESERVED_FOR_KEY_MOMENTS": 1,  # of MAX_POPUPS_PER_SESSION, kept for removal/checkout
    "SHOPPER_STATE_TTL_SECONDS": 60 * 60 * 24 * 14,
    # Audiences: how the shop's ``order_completed`` customer_key names a logged-in customer.
    "CUSTOMER_KEY_OF_USER": "user:{pk}",
    # Learned suggestions that fit the item they are shown with (docs/deciding.md)
    "LEARNED_SUBSTITUTES": ("family", "category"),  # shared with a cart product: maybe a substitute
    # when a shared category makes a substitute: "category_and_data" | "category" | "data" | "off"
    "LEARNED_SUBSTITUTE_RULE": "category_and_data",
    "LEARNED_SUBSTITUTE_LIFT": 1.5,  # a pair below this lift is seldom together; None: never
    "LEARNED_MIN_LIFT": 1.0,  # shown only when bought with its item above this lift; None: off
    "LEARNED_MAX_PRICE_RATIO": 3,  # at most this many times its item's price; None: off
    # Serving
    "CACHE_ALIAS": "default",
    # "inline": the page's own request decides and embeds the offer; "ajax": the widget asks
    # the API after the page has loaded (pages a shared cache serves). README "Inline or AJAX".
    "WIDGET_MODE": "inline",
    "INDEX_VERSION_CHECK_SECONDS": 0.0,  # 0 = check the shared version on every request
    "CART_SNAPSHOT_SECONDS": 0,  # > 0: cache cart snapshots between cart signals (see README)
    "QUOTE_MAX_AGE_SECONDS": 60 * 30,  # how long a displayed price may be accepted
    "MOMENT_MAX_AGE_SECONDS": 60 * 5,  # an event moment's pop-up must be asked for this soon
    "UNDO_WINDOW_SECONDS": 60 * 15,  # how long after an accept its Undo works
    "IDEMPOTENCY_KEY_MAX_LENGTH": 64,
    # What the app keeps for carts (SimpleCartAdapter): agreed prices, plans, set discounts.
    "ADJUSTMENTS_MAX_AGE_SECONDS": None,  # a cart's life; None = SESSION_COOKIE_AGE
    "CART_LOCK_SECONDS": 30,  # SimpleCartAdapter's default cache lock: expiry if its owner dies
    "CART_LOCK_WAIT_SECONDS": 20,  # ... and how long an accept waits for it before "cart_busy"
    # Analytics (issue 4): events, A/B tests, pushiness guard, KPIs.
    "EVENTS_ASYNC": True,  # impressions via the buffer / Celery (answers: always in the request)
    "EVENTS_BUFFER_URL": None,  # Redis list for events; None = the broker if Redis, "" = none
    "EVENTS_FLUSH_SECONDS": 1.0,  # a burst of events is gathered this long before its bulk write
    "EVENTS_FLUSH_BATCH": 1000,  # events per bulk INSERT
    "EVENTS_RETENTION_DAYS": 365,  # upsell_prune_events deletes events older than this
    "ATTRIBUTION_WINDOW_DAYS": 30,  # exposures this recent count for an order's A/B comparison
    "AB_MIN_SAMPLE": 100,  # per arm (impressions, orders) before a verdict is shown
    "AB_CONFIDENCE": 0.95,
    "AB_AUTO_OPTIMISE": False,  # Thompson sampling shifts variant weights to the better arm
    # Share of shoppers who never see an offer, so the dashboard can measure what the app earns.
    "HOLDOUT_SHARE": 0.05,
    "GUARD_ENABLED": True,
    "GUARD_WINDOW": 200,  # last N impressions of an offer
    "GUARD_DECLINE_RATE": 0.85,  # pause the offer when its decline rate passes this
    "LTV_MARGIN_RATE": 0.30,  # stated assumption when the catalogue knows no cost
    "LTV_YEARS_RETAINED": 3,  # stated assumption for lifetime value
    # Associations (issue 3): "customers who bought this also bought".
    "ASSOCIATIONS_TOP_K": 20,  # partners kept per product
    "ASSOCIATIONS_MIN_COUNT": 2,  # a pair must be seen in at least this many baskets
    "ASSOCIATIONS_MIN_SUPPORT": 0.0,  # ... and in at least this share of all baskets (read time)
    "ASSOCIATIONS_BASKET": "order",  # "order" | "customer_window"
    "ASSOCIATIONS_WINDOW_DAYS": 30,  # window of a customer_window basket
    "ASSOCIATIONS_RECENCY_HALF_LIFE_DAYS": None,  # None = no recency weighting
    "ASSOCIATIONS_CHUNK_ORDERS": 500_000,  # baskets mined per chunk (bounds memory)
    "ASSOCIATIONS_SHARDS": 4,  # order shards of a sharded full rebuild (Celery chord)
    "ASSOCIATIONS_LOCK_TIMEOUT": 30,  # seconds: the refresh lock's lease, renewed while it runs
    "ASSOCIATIONS_CACHE_TIMEOUT": 60 * 60 * 24,  # seconds a product's partner list stays cached
    "ASSOCIATIONS_SCORE_ALPHA": "auto",  # 0 (confidence) .. 1 (lift); "auto": measured per rebuild
    "ASSOCIATIONS_SCORE_SHRINK": 5.0,  # ranking: a pair seen this often gets half weight
    "ASSOCIATIONS_GAP_SECONDS": 60 * 60,  # how long a missing purchase-line id is re-checked
    # Follow-up mail (docs/follow-up-mail.md): advertising mail only with recorded consent.
    "FOLLOW_UP_SITE_URL": "",  # the shop's address for links in mails, e.g. "https://shop.example"
    "FOLLOW_UP_SENDER_NAME": "",  # shown as the sender; "" = the shop's DEFAULT_FROM_EMAIL alone
    "FOLLOW_UP_FROM_EMAIL": None,  # None = DEFAULT_FROM_EMAIL
    "FOLLOW_UP_SENDER_ADDRESS": "",  # the sender's postal address, printed in every mail
    "FOLLOW_UP_MIN_DAYS_BETWEEN": 7,  # at most one follow-up per shopper in this many days
    "FOLLOW_UP_QUIET_HOURS": (21, 9),  # no mail from 21:00 to 08:59 in TIME_ZONE; (0, 0) = none
    "FOLLOW_UP_WINDOW_DAYS": 3,  # a moment not mailed this many days after it was due has passed
    "FOLLOW_UP_LINK_MAX_AGE_SECONDS": 7 * 24 * 60 * 60,  # a mail's offer link works this long
    "REPLENISHMENT_MIN_OBSERVATIONS": 3,  # repeat purchases needed before an interval is learned
}

#: Settings that hold a dotted path to import.
IMPORT_STRINGS: frozenset[str] = frozenset({"CART_ADAPTER", "CATALOG_ADAPTER", "ORDER_ADAPTER"})


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


def price_floor() -> Decimal:
    """``UPSELL["MIN_UNIT_PRICE"]`` as money (a wrong value is reported by ``manage.py check``;
    until it is fixed, the default floor of one currency unit holds)."""
    value = upsell_settings.MIN_UNIT_PRICE
    try:
        floor = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(DEFAULTS["MIN_UNIT_PRICE"])
    return floor if floor.is_finite() and floor > 0 and not isinstance(value, bool) else Decimal(1)


def tax_rate_value(value: Any) -> Decimal | None:
    """A tax rate as a fraction in [0, 1), or None when ``value`` is none (reported by a check)."""
    if isinstance(value, bool):
        return None
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return rate if rate.is_finite() and 0 <= rate < 1 else None


def default_tax_rate() -> Decimal:
    """``UPSELL["TAX_RATE"]``: the rate of a product the catalogue gives none."""
    return tax_rate_value(upsell_settings.TAX_RATE) or Decimal("0")


def tax_policy() -> TaxPolicy:
    """How the shop states its prices, from ``UPSELL`` (wrong values are reported by
    ``manage.py check``; until they are fixed, the defaults hold)."""
    rounding = upsell_settings.TAX_ROUNDING
    places = upsell_settings.PRICE_DECIMAL_PLACES
    return TaxPolicy(
        prices_include_tax=upsell_settings.PRICES_INCLUDE_TAX is not False,
        rounding=TaxRounding(rounding) if rounding in TAX_ROUNDINGS else TaxRounding.FLOOR,
        decimal_places=places if isinstance(places, int) else 0,
    )


#: The label most shops use after a price that includes tax; its translations ship with the app
#: (Japanese: 税込), so ``"TAX_LABEL": "incl. tax"`` reads right in every language the app speaks.
INCL_TAX = gettext_noop("incl. tax")


def tax_label() -> str:
    """The label shown after the pop-up's prices, translated ("" when the shop uses none)."""
    from django.utils.translation import gettext

    label = upsell_settings.TAX_LABEL
    return gettext(str(label)) if label else ""


def product_model_label() -> str:
    """The shop's product model, named like ``AUTH_USER_MODEL`` by ``UPSELL_PRODUCT_MODEL``."""
    return getattr(settings, "UPSELL_PRODUCT_MODEL", "") or ""


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == "UPSELL":
        upsell_settings.reload()


setting_changed.connect(_reload)
