"""Money maths: Decimal only, rounded once, here. The client never sends a price."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from .types import Choice, Discount, DiscountType, Kind, OfferRule

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@lru_cache(maxsize=16)
def quantum(decimal_places: int) -> Decimal:
    # A pop-up rounds dozens of amounts: the step is built once per precision, not each time.
    return Decimal(1).scaleb(-decimal_places)


def round_money(amount: Decimal, decimal_places: int = 0) -> Decimal:
    return amount.quantize(quantum(decimal_places), rounding=ROUND_HALF_UP)


def same_price(amount: Decimal, quoted: str | None, decimal_places: int = 0) -> bool:
    """Whether ``quoted`` (a price as a signed quote carries it, in text) is ``amount`` rounded.

    Compared as Decimal, never as text: ``"1500"`` and ``"1500.00"`` are one price, and text that
    is no number (``"¥1,500"``) is no price at all.
    """
    if quoted is None:
        return False
    try:
        return round_money(amount, decimal_places) == Decimal(str(quoted))
    except (InvalidOperation, ValueError):
        return False


def discount_amount(price: Decimal, discount: Discount, decimal_places: int = 0) -> Decimal:
    """How much ``discount`` takes off ``price``: never more than the price itself."""
    if discount.type is DiscountType.PERCENT:
        off = price * min(discount.value, HUNDRED) / HUNDRED
    elif discount.type is DiscountType.FIXED:
        off = discount.value
    else:
        off = ZERO
    return round_money(min(max(off, ZERO), price), decimal_places)


def apply_discount(price: Decimal, discount: Discount, decimal_places: int = 0) -> Decimal:
    return round_money(price, decimal_places) - discount_amount(price, discount, decimal_places)


def meets_floor(unit_price: Decimal, floor: Decimal, decimal_places: int = 0) -> bool:
    """Whether a unit price, as charged (rounded), is at least the shop's minimum per unit
    (``UPSELL["MIN_UNIT_PRICE"]``): a 99.99 % discount must not sell for nothing after rounding."""
    return round_money(unit_price, decimal_places) >= floor


def discount_meets_floor(
    price: Decimal, discount: Discount, floor: Decimal, decimal_places: int = 0
) -> bool:
    """Whether ``discount`` leaves ``price`` at least ``floor`` per unit once rounded."""
    return meets_floor(apply_discount(price, discount, decimal_places), floor, decimal_places)


def agreed_line_total(
    quantity: int, shop_unit_price: Decimal, agreed_unit_price: Decimal, agreed_quantity: int
) -> Decimal:
    """What a line costs when an offer agreed a price for some of its units.

    The agreed price covers the units agreed (what the pop-up showed); units the shopper adds
    beyond them cost the shop's price; lowering the quantity keeps the agreement for what remains.
    """
    at_agreed = max(min(quantity, agreed_quantity), 0)
    return agreed_unit_price * at_agreed + shop_unit_price * (quantity - at_agreed)


@dataclass(frozen=True, slots=True)
class Quote:
    """The price of one choice as the shopper sees it and the server will charge it.

    ``unit_price`` is what the added/changed line costs; ``difference`` is what the shopper pays
    more (upsell) or less (downsell, negative) than before; ``saving`` is what the discount or the
    bundle takes off; ``value`` is what the cart gains if accepted (for revenue attribution).
    """

    unit_price: Decimal
    original_price: Decimal
    difference: Decimal
    saving: Decimal
    value: Decimal
    bundle_discount: Decimal = ZERO


def quote_choice(
    rule: OfferRule,
    choice: Choice,
    decimal_places: int = 0,
    bundle_items: Iterable[Choice] = (),
) -> Quote:
    """Price one choice of a decision. For a bundle, ``bundle_items`` are all its targets."""
    product = choice.product
    list_price = round_money(product.price, decimal_places)
    quantity = choice.source_line.quantity if choice.source_line else 1
    if rule.kind is Kind.BUNDLE:
        return _quote_bundle(rule, choice, list(bundle_items) or [choice], decimal_places)
    unit = apply_discount(product.price, rule.discount, decimal_places)
    saving = list_price - unit
    if rule.kind is Kind.UPSELL and choice.source_line is not None:
        difference = (unit - choice.source_line.unit_price) * quantity
        return Quote(unit, list_price, difference, saving * quantity, difference)
    if rule.kind is Kind.SUBSCRIPTION and choice.source_line is not None:
        difference = (unit - choice.source_line.unit_price) * quantity
        return Quote(unit, list_price, difference, saving * quantity, difference)
    if rule.kind is Kind.DOWNSELL and choice.source_product is not None:
        before = round_money(choice.source_product.price, decimal_places)
        if choice.source_line is not None:
            before = choice.source_line.unit_price
        difference = (unit - before) * quantity
        value = difference if choice.source_line is not None else unit
        return Quote(unit, list_price, difference, before * quantity - unit * quantity, value)
    return Quote(unit, list_price, unit, saving, unit)


def _quote_bundle(
    rule: OfferRule, choice: Choice, items: list[Choice], decimal_places: int
) -> Quote:
    """A bundle adds its targets at list price and takes one discount off the whole package."""
    added = sum((round_money(c.product.price, decimal_places) for c in items), ZERO)
    anchor = ZERO
    if choice.source_product is not None:
        anchor = round_money(choice.source_product.price, decimal_places)
    package = added + anchor
    # Never more than what the set adds: accepting a set must not make the cart cheaper than it
    # was (a percent of a dear anchor product could otherwise exceed the accessories' price).
    off = min(discount_amount(package, rule.discount, decimal_places), added)
    return Quote(
        unit_price=round_money(choice.product.price, decimal_places),
        original_price=package,
        difference=added - off,
        saving=off,
        value=added - off,
        bundle_discount=off,
    )


def format_money(amount: Decimal, symbol: str = "¥", decimal_places: int = 0) -> str:
    # Sign of the rounded amount: -0.4 yen is shown as ¥0, not -¥0.
    rounded = round_money(amount, decimal_places)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{symbol}{abs(rounded):,.{decimal_places}f}"
