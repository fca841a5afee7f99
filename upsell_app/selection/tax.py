"""Consumption tax: prices on the shop's own basis, shown the way the shop shows them.

A shop stores its prices either with tax (the default, today's behaviour) or without it, and
rounds the tax of each line by its own rule (Japan: 切り捨て, i.e. down, is the most common).
Everything the app agrees stays on the shop's stored basis, rounded to the currency's minor unit;
the tax-inclusive figure the shopper sees (総額表示) is derived from it here, line by line, with
the shop's rounding, so no amount ever has a fraction of the minor unit and the pop-up's totals
are the shop's totals.

Rates are fractions (``Decimal("0.08")`` for Japan's reduced rate). Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from .pricing import Quote, quantum, round_money
from .types import Choice, Kind

ZERO = Decimal("0")


class TaxRounding(StrEnum):
    """How the shop rounds a line's tax to the currency's minor unit."""

    FLOOR = "floor"  # 切り捨て: down
    HALF_UP = "half_up"  # 四捨五入
    CEILING = "ceiling"  # 切り上げ: up


# A discount is a negative line: its tax is rounded on its size by the same rule, so the
# shopper's tax falls by exactly what a line of that size would have carried.
_MODES = {
    TaxRounding.FLOOR: ROUND_DOWN,
    TaxRounding.HALF_UP: ROUND_HALF_UP,
    TaxRounding.CEILING: ROUND_CEILING,
}


@dataclass(frozen=True, slots=True)
class TaxPolicy:
    """How a shop states its prices. The default is today's behaviour: prices include tax."""

    prices_include_tax: bool = True
    rounding: TaxRounding = TaxRounding.FLOOR
    decimal_places: int = 0

    @property
    def adds_tax(self) -> bool:
        """Whether shown prices differ from stored ones (the shop stores them without tax)."""
        return not self.prices_include_tax


INCLUSIVE = TaxPolicy()


@dataclass(frozen=True, slots=True)
class RatePart:
    """An amount at one tax rate, on the shop's basis, and the tax on it."""

    rate: Decimal
    amount: Decimal
    tax: Decimal

    @property
    def with_tax(self) -> Decimal:
        """The part as shown (tax included)."""
        return self.amount + self.tax


def round_tax(amount: Decimal, policy: TaxPolicy) -> Decimal:
    """``amount`` rounded to the minor unit by the shop's rule, on its size (sign kept)."""
    mode = _MODES[TaxRounding(policy.rounding)]
    rounded = abs(amount).quantize(quantum(policy.decimal_places), rounding=mode)
    return -rounded if amount < 0 else rounded


def tax_on(amount: Decimal, rate: Decimal, policy: TaxPolicy) -> Decimal:
    """The tax of one line whose price (on the shop's basis) is ``amount``.

    Prices without tax: ``amount × rate``; prices with tax: the tax they contain,
    ``amount × rate / (1 + rate)``; either rounded once by the shop's rule.
    """
    if not rate:
        return ZERO.quantize(quantum(policy.decimal_places))
    if policy.prices_include_tax:
        return round_tax(amount * rate / (1 + rate), policy)
    return round_tax(amount * rate, policy)


def shown(amount: Decimal, rate: Decimal, policy: TaxPolicy) -> Decimal:
    """A line's price as the shopper sees it (tax included), from its price on the shop's basis."""
    if policy.prices_include_tax:
        return amount
    return amount + tax_on(amount, rate, policy)


def line_part(amount: Decimal, rate: Decimal, policy: TaxPolicy) -> RatePart:
    """One line as a :class:`RatePart` (its amount on the shop's basis and its tax)."""
    return RatePart(rate, amount, tax_on(amount, rate, policy))


def split_by_rate(
    amount: Decimal, bases: Mapping[Decimal, Decimal], decimal_places: int = 0
) -> dict[Decimal, Decimal]:
    """``amount`` shared between rates in proportion to ``bases`` (what the set's lines at each
    rate cost), each share in whole minor units; the shares add up to ``amount`` exactly (what
    rounding leaves over goes to the largest base, so the split never changes the discount)."""
    rates = [rate for rate, base in bases.items() if base > 0]
    if not rates:
        return {}
    total = sum((bases[rate] for rate in rates), ZERO)
    shares = {rate: round_money(amount * bases[rate] / total, decimal_places) for rate in rates}
    largest = max(rates, key=lambda rate: (bases[rate], rate))
    shares[largest] += amount - sum(shares.values(), ZERO)
    return shares


def discount_parts(
    amount: Decimal, bases: Mapping[Decimal, Decimal], policy: TaxPolicy
) -> tuple[RatePart, ...]:
    """A set discount (on the shop's basis) split by rate, with the tax each share takes off."""
    shares = split_by_rate(amount, bases, policy.decimal_places)
    return tuple(
        RatePart(rate, share, tax_on(share, rate, policy))
        for rate, share in sorted(shares.items(), reverse=True)
    )


def bases_by_rate(lines: Iterable[tuple[Decimal, Decimal]]) -> dict[Decimal, Decimal]:
    """``{rate: total}`` of ``(amount, rate)`` pairs."""
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in lines:
        bases[rate] = bases.get(rate, ZERO) + amount
    return bases


def tax_by_rate(
    lines: Iterable[RatePart], discounts: Iterable[RatePart] = ()
) -> tuple[RatePart, ...]:
    """The cart's amount and tax per rate, highest rate first: each line's tax rounded on its
    own (per-line rounding), less what each set discount's share takes off at that rate."""
    amounts: dict[Decimal, Decimal] = {}
    taxes: dict[Decimal, Decimal] = {}
    for part, sign in [*((p, 1) for p in lines), *((p, -1) for p in discounts)]:
        amounts[part.rate] = amounts.get(part.rate, ZERO) + sign * part.amount
        taxes[part.rate] = taxes.get(part.rate, ZERO) + sign * part.tax
    return tuple(
        RatePart(rate, amounts[rate], taxes[rate]) for rate in sorted(amounts, reverse=True)
    )


def shown_total(lines: Iterable[RatePart], discounts: Iterable[RatePart] = ()) -> Decimal:
    """What the cart costs, tax included: its lines with their tax, less the discounts with
    theirs (never below zero)."""
    total = sum((p.with_tax for p in lines), ZERO) - sum((p.with_tax for p in discounts), ZERO)
    return max(total, ZERO)


@dataclass(frozen=True, slots=True)
class ShownQuote:
    """A choice's figures as the pop-up shows them (tax included when the shop adds it)."""

    unit_price: Decimal
    original_price: Decimal
    difference: Decimal
    saving: Decimal
    bundle_discount: Decimal = ZERO


def shown_quote(
    kind: Kind,
    choice: Choice,
    quote: Quote,
    policy: TaxPolicy,
    bundle_items: Iterable[Choice] = (),
) -> ShownQuote:
    """The figures of ``quote`` (a :class:`~upsell_app.selection.pricing.Quote`, on the shop's
    basis) as shown: each line the choice adds or changes priced with its tax, rounded per line,
    so a difference is what the shop's total moves by."""
    q = quote
    unit, listed = q.unit_price, q.original_price
    if not policy.adds_tax:
        return ShownQuote(unit, listed, q.difference, q.saving, q.bundle_discount)
    rate = choice.product.tax_rate
    source_rate = choice.source_product.tax_rate if choice.source_product is not None else rate
    if kind is Kind.BUNDLE:
        return _shown_bundle(choice, q, policy, list(bundle_items) or [choice])
    quantity = choice.source_line.quantity if choice.source_line else 1
    new = shown(unit * quantity, rate, policy)
    unit_shown = shown(unit, rate, policy)
    listed_shown = shown(listed, rate, policy)
    saving = shown(listed * quantity, rate, policy) - new
    if kind in (Kind.UPSELL, Kind.SUBSCRIPTION) and choice.source_line is not None:
        before = shown(choice.source_line.unit_price * quantity, source_rate, policy)
        return ShownQuote(unit_shown, listed_shown, new - before, saving)
    if kind is Kind.DOWNSELL and choice.source_product is not None:
        before_unit = (
            choice.source_line.unit_price
            if choice.source_line is not None
            else round_money(choice.source_product.price, policy.decimal_places)
        )
        before = shown(before_unit * quantity, source_rate, policy)
        return ShownQuote(unit_shown, listed_shown, new - before, before - new)
    return ShownQuote(unit_shown, listed_shown, unit_shown, listed_shown - unit_shown)


def _shown_bundle(choice: Choice, q: Quote, policy: TaxPolicy, items: list[Choice]) -> ShownQuote:
    places = policy.decimal_places
    set_lines = [(round_money(c.product.price, places), c.product.tax_rate) for c in items]
    added = sum((shown(amount, rate, policy) for amount, rate in set_lines), ZERO)
    anchor = ZERO
    if choice.source_product is not None:
        anchor_amount = round_money(choice.source_product.price, places)
        set_lines.append((anchor_amount, choice.source_product.tax_rate))
        anchor = shown(anchor_amount, choice.source_product.tax_rate, policy)
    off = sum(
        (p.with_tax for p in discount_parts(q.bundle_discount, bases_by_rate(set_lines), policy)),
        ZERO,
    )
    return ShownQuote(
        unit_price=shown(
            round_money(choice.product.price, places), choice.product.tax_rate, policy
        ),
        original_price=added + anchor,
        difference=added - off,
        saving=off,
        bundle_discount=off,
    )
