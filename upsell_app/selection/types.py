"""Plain data the decision works on: no Django, no ORM, no request.

Views and services gather these snapshots first; :mod:`upsell_app.selection.engine` decides on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .audiences import Audience, ShopperFacts


class Kind(StrEnum):
    UPSELL = "upsell"
    CROSS_SELL = "cross_sell"
    BUNDLE = "bundle"
    SUBSCRIPTION = "subscription"
    DOWNSELL = "downsell"


class Trigger(StrEnum):
    ADD_TO_CART = "add_to_cart"
    CART_VIEW = "cart_view"
    CHECKOUT_START = "checkout_start"
    ITEM_REMOVED = "item_removed"
    ORDER_COMPLETED = "order_completed"
    # A product's own page: a page moment like the cart (no proof), about the page's product.
    PRODUCT_VIEW = "product_view"


class Placement(StrEnum):
    """Where an offer shows: the pop-up, or a slot the shop placed in its page."""

    POPUP = "popup"
    PAGE = "page"


class DiscountType(StrEnum):
    NONE = "none"
    PERCENT = "percent"
    FIXED = "fixed"


class TargetSource(StrEnum):
    MANUAL = "manual"
    LEARNED = "learned"
    BLEND = "blend"


@dataclass(frozen=True, slots=True)
class Discount:
    type: DiscountType = DiscountType.NONE
    value: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """What the pop-up and the decision need to know about one product."""

    id: int
    title: str
    price: Decimal
    stock: int | None = None  # None: not tracked, always available
    image_url: str = ""
    url: str = ""
    categories: frozenset[str] = frozenset()
    family: str = ""  # products of one family are tiers of each other (substitutes)
    tax_rate: Decimal = Decimal("0")  # e.g. 0.08, Japan's reduced rate (see selection.tax)

    @property
    def in_stock(self) -> bool:
        return self.stock is None or self.stock > 0


@dataclass(frozen=True, slots=True)
class SubscriptionTerms:
    """Every term Japan's 特定商取引法 wants shown before a shopper consents to a subscription."""

    interval_count: int
    interval_unit: str  # "week" | "month"
    first_delivery: str
    payment_timing: str
    minimum_deliveries: int  # 0: no minimum
    cancellation: str
    payment_method: str = ""
    contract_period: str = ""
    cancellation_deadline: str = ""
    shipping_fee: Decimal | None = None  # per delivery; 0: free, None: not set


@dataclass(frozen=True, slots=True)
class OfferTexts:
    """An offer's shopper-facing texts in one language; a text left empty there is absent."""

    language: str
    texts: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str:
        for key, value in self.texts:
            if key == name:
                return value
        return ""


#: The admin-written texts of a plan's terms, kept per language with the plan.
PLAN_TEXT_FIELDS = (
    "first_delivery",
    "payment_method",
    "payment_timing",
    "contract_period",
    "cancellation",
    "cancellation_deadline",
)


@dataclass(frozen=True, slots=True)
class SubscriptionPlan:
    """What a cart line becomes when the shopper switches to a subscription.

    Part of the cart adapter's contract (shops import it from :mod:`upsell_app.adapters`); it
    lives here, with the terms it carries, because what the app keeps for a cart stores it too.
    It keeps the offer's texts in every language as they were when the shopper agreed, so the
    final confirmation and the order pages show the terms in whatever language the page is in
    (:func:`upsell_app.confirmation.confirmation_terms`), never frozen in the shop's default one.
    """

    offer_id: int
    price_per_delivery: Decimal
    terms: SubscriptionTerms  # the default language's texts, and the figures
    translations: tuple[OfferTexts, ...] = ()  # the terms' texts per language
    product_title: str = ""
    #: The line's quantity: ``adjustments.for_cart`` / ``for_order`` set it from the cart's
    #: current lines (the shopper may change it after switching).
    quantity: int = 1
    #: The product's tax rate: the plan's price is on the shop's basis (see docs/tax.md).
    tax_rate: Decimal = Decimal("0")

    def terms_as_json(self) -> dict[str, Any]:
        """The terms as JSON-safe data for the shop to store with the line (money as a string)."""
        return {
            name: str(value) if isinstance(value, Decimal) else value
            for name, value in asdict(self.terms).items()
        }

    def as_json(self) -> dict[str, Any]:
        """The whole plan as JSON-safe data (for an order line); :meth:`from_json` reads it."""
        return {
            "offer_id": self.offer_id,
            "price_per_delivery": str(self.price_per_delivery),
            "terms": self.terms_as_json(),
            "translations": {t.language: dict(t.texts) for t in self.translations},
            "product_title": self.product_title,
            "quantity": self.quantity,
            "tax_rate": str(self.tax_rate),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SubscriptionPlan:
        terms = dict(data["terms"])
        if terms.get("shipping_fee") is not None:
            # Money is stored as a string: JSON has no decimal type.
            terms["shipping_fee"] = Decimal(terms["shipping_fee"])
        return cls(
            offer_id=int(data["offer_id"]),
            price_per_delivery=Decimal(data["price_per_delivery"]),
            terms=SubscriptionTerms(**terms),
            translations=tuple(
                OfferTexts(language, tuple(texts.items()))
                for language, texts in (data.get("translations") or {}).items()
            ),
            product_title=str(data.get("product_title") or ""),
            quantity=int(data.get("quantity") or 1),
            tax_rate=Decimal(str(data.get("tax_rate") or "0")),
        )


@dataclass(frozen=True, slots=True)
class VariantRule:
    """One A/B arm of an offer (analytics, issue 4). ``None`` overrides keep the offer's value."""

    id: int
    name: str
    weight: int = 1
    is_control: bool = False  # the holdout: sees no offer
    headline: str | None = None  # the default language's (what code needing one text reads)
    value_message: str | None = None
    discount: Discount | None = None
    target_product_ids: tuple[int, ...] | None = None
    triggers: frozenset[Trigger] | None = None
    # The arm's texts in every language it has them (headline, value message); the pop-up picks
    # per shopper, the arm's text first in each language, then the offer's own.
    translations: tuple[OfferTexts, ...] = ()


@dataclass(frozen=True, slots=True)
class OfferRule:
    """An active offer as the in-memory index holds it."""

    id: int
    kind: Kind
    name: str
    priority: int
    triggers: frozenset[Trigger]
    source_product_ids: frozenset[int]
    source_categories: frozenset[str]
    target_product_ids: tuple[int, ...]
    discount: Discount = Discount()
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    min_subtotal: Decimal | None = None
    max_subtotal: Decimal | None = None
    headline: str = ""
    value_message: str = ""
    target_source: TargetSource = TargetSource.MANUAL
    subscription: SubscriptionTerms | None = None
    variants: tuple[VariantRule, ...] = ()  # A/B arms; see upsell_app.serving.assignment
    # The texts in every language the admin wrote; ``headline``, ``value_message`` and the terms'
    # texts above hold the default language's, for code that needs one (see ``offer_texts``).
    translations: tuple[OfferTexts, ...] = ()
    # Who may see it (see selection/audiences.py); ``None``: every shopper.
    audience: Audience | None = None
    placement: Placement = Placement.POPUP

    @property
    def is_cart_wide(self) -> bool:
        """No source product or category: the offer follows the cart, not a line."""
        return not self.source_product_ids and not self.source_categories

    def is_live(self, now: datetime) -> bool:
        if self.starts_at is not None and now < self.starts_at:
            return False
        return self.ends_at is None or now < self.ends_at


@dataclass(frozen=True, slots=True)
class CartLine:
    line_id: str
    product_id: int
    quantity: int
    unit_price: Decimal
    is_subscription: bool = False


@dataclass(frozen=True, slots=True)
class CartSnapshot:
    lines: tuple[CartLine, ...] = ()
    subtotal: Decimal = Decimal("0")

    @property
    def product_ids(self) -> frozenset[int]:
        return frozenset(line.product_id for line in self.lines)


@dataclass(frozen=True, slots=True)
class ShopperState:
    """What restraint needs to know about one shopper; kept in the cache, never in SQL."""

    declined_offer_ids: frozenset[int] = frozenset()
    popups_shown: int = 0
    last_popup_at: float | None = None  # epoch seconds
    last_decline_at: float | None = None
    # Timing that keeps the key moments free (see selection/timing.py)
    browsing_popups_shown: int = 0  # of popups_shown, at browsing moments
    last_key_popup_at: float | None = None  # last pop-up at a removal or checkout start
    seen_carts: tuple[str, ...] = ()  # cart contents a cart-view pop-up was shown for


class SubstituteRule(StrEnum):
    """When a learned target sharing a category with its item is a substitute (not shown)."""

    CATEGORY = "category"  # sharing a category is enough
    DATA = "data"  # seldom in one basket with its item (lift below a threshold), any category
    CATEGORY_AND_DATA = "category_and_data"  # same category and seldom in one basket together
    OFF = "off"  # no substitute test at all (not even families)


@dataclass(frozen=True, slots=True)
class FitPolicy:
    """When a learned target fits the item it is shown with (see
    :mod:`upsell_app.selection.fit`)."""

    substitute_by: frozenset[str] = frozenset({"family", "category"})
    max_price_ratio: Decimal | None = Decimal("3")
    substitute_rule: SubstituteRule = SubstituteRule.CATEGORY_AND_DATA
    substitute_lift: float | None = 1.5  # a pair below this lift is "seldom together"
    min_lift: float | None = 1.0  # a learned target needs a lift above this with its item

    @property
    def is_off(self) -> bool:
        no_substitutes = not self.substitute_by or self.substitute_rule is SubstituteRule.OFF
        return no_substitutes and self.max_price_ratio is None and self.min_lift is None


@dataclass(frozen=True, slots=True)
class Limits:
    max_choices: int = 3
    max_popups: int = 3
    cooldown_seconds: float = 60.0
    silence_after_decline_seconds: float = 300.0
    fit: FitPolicy = FitPolicy()
    reserved_for_key_moments: int = 1  # pop-ups browsing moments cannot use (selection/timing)
    price_floor: Decimal = Decimal("1")  # the least a unit may sell for after rounding
    decimal_places: int = 0  # the shop's rounding of money


@dataclass(frozen=True, slots=True)
class Context:
    """One moment in the shop: what happened, to which product, with which cart."""

    trigger: Trigger
    cart: CartSnapshot
    now: datetime
    epoch: float
    product_id: int | None = None  # the product added or removed, when the trigger has one
    # What the shop knows of the shopper, for offers aimed at an audience; ``None``: not gathered
    # (the accept re-check and the admin's preview do not ask who the shopper is).
    facts: ShopperFacts | None = None
    # Where the offer would show: only offers placed there compete (``None``: any, for re-checks).
    placement: Placement | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One product the shopper may pick in the pop-up."""

    product: ProductInfo
    source_line: CartLine | None = None  # the line an upsell/subscription acts on
    source_product: ProductInfo | None = None  # the product it replaces or goes with
    because_of: int | None = None  # learned cross-sell: the cart product it goes with


@dataclass(frozen=True, slots=True)
class Decision:
    rule: OfferRule
    choices: tuple[Choice, ...] = field(default_factory=tuple)
