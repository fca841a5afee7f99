"""Offer configuration rules, as plain functions the admin form and the API both use."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from string import Formatter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import price_floor, upsell_settings
from ..selection.pricing import apply_discount, discount_amount, discount_meets_floor, round_money
from ..selection.types import Discount, DiscountType, Kind, TargetSource, Trigger
from .texts import TEXT_FIELDS

#: Placeholders a headline or value message may use.
PLACEHOLDERS = frozenset(
    {"product", "source", "price", "original_price", "difference", "saving", "discount"}
)

#: What 特定商取引法 12条の6 wants shown before a shopper consents to a subscription, and what the
#: admin is told when one is missing. Quantity, price per delivery and the total over the minimum
#: commitment are computed from the cart and the offer, so they cannot be missing.
SUBSCRIPTION_TERMS = {
    "interval_count": gettext_lazy("Enter how often it is delivered (later deliveries)."),
    "interval_unit": gettext_lazy("Choose weeks or months for the delivery interval."),
    "minimum_deliveries": gettext_lazy(
        "Enter the minimum number of deliveries (0 for none): the total payable over it is shown."
    ),
    "shipping_fee": gettext_lazy("Enter the shipping fee per delivery (0 when shipping is free)."),
    "first_delivery": gettext_lazy("Say when the first delivery arrives."),
    "payment_method": gettext_lazy("Say how the shopper pays (the payment method)."),
    "payment_timing": gettext_lazy("Say when each payment is charged."),
    "contract_period": gettext_lazy(
        "State the contract period and whether it renews automatically."
    ),
    "cancellation": gettext_lazy("Say how the shopper cancels."),
    "cancellation_deadline": gettext_lazy("Say until when the shopper can cancel."),
}
SUBSCRIPTION_TERM_FIELDS = tuple(SUBSCRIPTION_TERMS)


def unknown_placeholders(template: str) -> list[str]:
    try:
        names = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
    except ValueError:
        return ["{"]
    # "{}" (an empty name) would otherwise be reported as "", which reads as nothing at all.
    return sorted({n or "{}" for n in names if n not in PLACEHOLDERS})


def _text(offer: Any, field: str) -> str:
    """A text as edited (the admin's language tab); ``""`` when that language has none yet."""
    getter = getattr(offer, "safe_translation_getter", None)
    if getter is not None:
        return getter(field, default="") or ""
    return getattr(offer, field, "") or ""


def _shown_term(offer: Any, field: str) -> Any:
    """A term as a shopper would get it: the edited language's, else another language's."""
    shown = getattr(offer, "shown_text", None)
    if shown is not None and field in TEXT_FIELDS:
        return shown(field)
    return getattr(offer, field, None)


def validate_offer_fields(offer: Any) -> dict[str, list[str]]:
    """Rules on the offer's own fields. Returns {field: [messages]}; empty when valid."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    triggers = offer.triggers or []
    valid_triggers = {t.value for t in Trigger}
    if not triggers:
        add("triggers", _("Choose at least one moment that shows this offer."))
    elif not set(triggers) <= valid_triggers:
        add(
            "triggers",
            _("Unknown trigger: %s.") % ", ".join(sorted(set(triggers) - valid_triggers)),
        )
    in_page = getattr(offer, "placement", "popup") == "page"
    if Trigger.PRODUCT_VIEW in triggers and not in_page:
        add(
            "triggers",
            _("A product page shows offers in the page only: choose “In the page” to show it."),
        )
    if offer.kind == Kind.DOWNSELL and triggers and Trigger.ADD_TO_CART in triggers:
        add("triggers", _("A downsell belongs to a moment of hesitation, not to adding to cart."))
    if offer.starts_at and offer.ends_at and offer.ends_at <= offer.starts_at:
        add("ends_at", _("The offer must end after it starts."))
    if (
        offer.min_subtotal is not None
        and offer.max_subtotal is not None
        and offer.max_subtotal < offer.min_subtotal
    ):
        add("max_subtotal", _("The maximum subtotal is below the minimum."))
    value = offer.discount_value
    if offer.discount_type == DiscountType.PERCENT and value is not None and value > Decimal("100"):
        add("discount_value", _("A percent discount cannot exceed 100%."))
    elif offer.discount_type == DiscountType.PERCENT and value == Decimal("100"):
        add(
            "discount_value",
            _("A 100% discount gives the product away: choose less than 100%."),
        )
    if offer.discount_type != DiscountType.NONE and not value:
        add("discount_value", _("Enter the discount value, or choose “No discount”."))
    elif offer.discount_type != DiscountType.NONE and value < 0:
        add("discount_value", _("A discount cannot be negative."))
    for field in ("headline", "value_message"):
        bad = unknown_placeholders(_text(offer, field))
        if bad:
            add(
                field,
                _("Unknown placeholder(s): %(bad)s. Allowed: %(allowed)s.")
                % {"bad": ", ".join(bad), "allowed": ", ".join(sorted(PLACEHOLDERS))},
            )
    if offer.kind == Kind.SUBSCRIPTION:
        for field, message in SUBSCRIPTION_TERMS.items():
            if _shown_term(offer, field) in (None, ""):
                add(
                    field,
                    _("%(what)s Shoppers must see it before they consent to a subscription.")
                    % {"what": message},
                )
    if offer.kind in (Kind.UPSELL, Kind.DOWNSELL, Kind.SUBSCRIPTION):
        if offer.target_source != TargetSource.MANUAL:
            add("target_source", _("Only cross-sells and bundles can learn their targets."))
    return errors


def validate_offer_products(
    kind: str,
    target_source: str,
    sources: Iterable[tuple[str, Decimal]],
    targets: Iterable[tuple[str, Decimal]],
    has_categories: bool,
    discount: tuple[str, Decimal | None] = (DiscountType.NONE, None),
) -> dict[str, list[str]]:
    """Rules that need the chosen products: (title, price) pairs of sources and targets.

    ``discount`` is the offer's (type, value): it must leave every discounted product at least
    the shop's minimum per unit (``UPSELL["MIN_UNIT_PRICE"]``) once rounded.
    """
    sources, targets = list(sources), list(targets)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, products in (("source_products", sources), ("target_products", targets)):
        for title, price in products:
            if not price > 0:
                add(
                    field,
                    _("%(product)s has no price above zero in the catalogue (%(price)s).")
                    % {"product": title, "price": price},
                )
    _check_discount_leaves_a_price(kind, sources, targets, discount, add)

    if (
        kind in (Kind.UPSELL, Kind.DOWNSELL, Kind.SUBSCRIPTION)
        and not sources
        and not has_categories
    ):
        add("source_products", _("Choose the products (or categories) this offer starts from."))
    if kind == Kind.SUBSCRIPTION:
        if targets:
            add(
                "target_products",
                _("A subscription switch converts the cart line itself: leave targets empty."),
            )
        return errors
    if not targets and target_source == TargetSource.MANUAL:
        add("target_products", _("Choose at least one product to offer."))
    overlap = sorted({t for t, _ in targets} & {s for s, _ in sources})
    if overlap:
        add(
            "target_products",
            _("A product cannot be both source and target: %s.") % ", ".join(overlap),
        )
    for target_title, target_price in targets:
        for source_title, source_price in sources:
            if kind == Kind.UPSELL and target_price <= source_price:
                add(
                    "target_products",
                    _(
                        "An upsell target must cost more than its source: %(t)s (%(tp)s) is not "
                        "dearer than %(s)s (%(sp)s)."
                    )
                    % {
                        "t": target_title,
                        "tp": target_price,
                        "s": source_title,
                        "sp": source_price,
                    },
                )
            if kind == Kind.DOWNSELL and target_price >= source_price:
                add(
                    "target_products",
                    _(
                        "A downsell target must cost less than its source: %(t)s (%(tp)s) is not "
                        "cheaper than %(s)s (%(sp)s)."
                    )
                    % {
                        "t": target_title,
                        "tp": target_price,
                        "s": source_title,
                        "sp": source_price,
                    },
                )
    return errors


def _check_discount_leaves_a_price(
    kind: str,
    sources: list[tuple[str, Decimal]],
    targets: list[tuple[str, Decimal]],
    discount: tuple[str, Decimal | None],
    add: Any,
) -> None:
    """A discount that takes the whole price would give the product (or the set) away."""
    discount_type, value = discount
    if discount_type not in (DiscountType.FIXED, DiscountType.PERCENT) or not value or value <= 0:
        return
    if kind == Kind.BUNDLE:
        # The set's discount comes off the whole package (its source included) and is capped at
        # what the set adds: reaching that cap makes the added items free.
        added = sum((price for _, price in targets), Decimal("0"))
        anchors = [price for _, price in sources] or [Decimal("0")]
        reaches = any(_off(discount_type, value, anchor + added) >= added for anchor in anchors)
        if targets and not reaches:
            # What the set adds after its discount must leave each item the shop's minimum.
            floor, places = price_floor(), upsell_settings.PRICE_DECIMAL_PLACES
            off = Discount(DiscountType(discount_type), Decimal(value))
            rounded = sum((round_money(p, places) for _, p in targets), Decimal("0"))
            least = min(
                rounded
                - min(discount_amount(rounded + round_money(a, places), off, places), rounded)
                for a in anchors
            )
            if least < floor * len(targets):
                add(
                    "discount_value",
                    _(
                        "This discount leaves the set's items %(left)s together, below the "
                        "shop's minimum price of %(floor)s per item. Choose a smaller discount."
                    )
                    % {"left": least, "floor": floor},
                )
        if targets and reaches:
            add(
                "discount_value",
                _(
                    "This discount would give the set's items away: they cost %(added)s "
                    "together. Choose a smaller discount."
                )
                % {"added": added},
            )
        return
    if discount_type == DiscountType.PERCENT and value >= 100:
        return  # the field's own rule says what is wrong
    discounted = sources if kind == Kind.SUBSCRIPTION else targets
    if discount_type == DiscountType.FIXED:
        free = [f"{title} ({price})" for title, price in discounted if price > 0 and value >= price]
        if free:
            add(
                "discount_value",
                _(
                    "A fixed discount of %(value)s would make %(products)s free or cheaper than "
                    "free. It must be less than the price of every product it comes off."
                )
                % {"value": value, "products": ", ".join(free)},
            )
            return
    # What a shopper would pay for one unit, rounded as the shop charges it, must reach the
    # shop's minimum (a 99.99 % discount rounds to nothing).
    floor, places = price_floor(), upsell_settings.PRICE_DECIMAL_PLACES
    off = Discount(DiscountType(discount_type), Decimal(value))
    below = [
        f"{title} ({price} → {apply_discount(price, off, places)})"
        for title, price in discounted
        if price > 0 and not discount_meets_floor(price, off, floor, places)
    ]
    if below:
        add(
            "discount_value",
            _(
                "This discount leaves %(products)s below the shop's minimum price of %(floor)s "
                "per unit. Choose a smaller discount."
            )
            % {"products": ", ".join(below), "floor": floor},
        )


def _off(discount_type: str, value: Decimal, price: Decimal) -> Decimal:
    return price * value / Decimal("100") if discount_type == DiscountType.PERCENT else value
