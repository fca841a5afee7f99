"""What each basket line costs the shopper once the app's terms apply, as plain money.

Agreed prices and set discounts become the lines' own prices (see :mod:`.strategy`), so the
shop's vouchers and site offers discount from them as from any price: they stack on the shopper's
side, and taking an offer never makes the basket dearer than not taking it.

- An agreed unit price covers ``min(line quantity, agreed quantity)`` units; the rest cost the
  shop's price. When the shop's price falls below the agreed one, the shopper pays the shop's.
- A set discount, while every line of its set is in the basket, comes off one unit of each line
  of the set, shared in proportion to what that unit still costs (the last line of the set takes
  the rounding remainder), never below zero.

A line's unit price is its total divided by its quantity, to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")


def agreed_units(line_quantity: int, terms: Any) -> int:
    """How many of the line's units the agreed price covers.

    ``LineTerms.quantity`` (units agreed at that price); lowering the line keeps the agreement
    for what remains.
    """
    return max(0, min(int(line_quantity), int(terms.quantity)))


def agreed_line_total(
    shop_unit: Decimal, quantity: int, agreed_unit: Decimal, units: int
) -> Decimal:
    """The line's total with ``units`` of its ``quantity`` at the agreed price."""
    unit = min(agreed_unit, shop_unit)  # a later sale price of the shop's own wins
    return unit * units + shop_unit * (quantity - units)


def spread(amount: Decimal, item_prices: Sequence[Decimal]) -> list[Decimal]:
    """Shares of ``amount`` off one item each, in proportion to the items' prices, never more
    than an item costs; the last item takes the rounding remainder."""
    base = sum(item_prices, ZERO)
    amount = min(amount, base)
    if amount <= 0:
        return [ZERO for _ in item_prices]
    shares: list[Decimal] = []
    given = ZERO
    for index, price in enumerate(item_prices):
        if index == len(item_prices) - 1:
            share = amount - given
        else:
            share = (amount * price / base).quantize(CENT, rounding=ROUND_HALF_UP)
        share = max(min(share, price), ZERO)
        shares.append(share)
        given += share
    return shares


def agreed_totals(lines: Iterable[Any], terms: Any) -> dict[str, Decimal]:
    """``{line id: total}`` with the agreed prices only (``lines``: ``CartLine``-like, with
    ``line_id``, ``product_id``, ``quantity`` and ``unit_price`` = the shop's unit price;
    ``terms``: ``CartAdjustments``)."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        if line.quantity <= 0:
            continue
        shop_unit = Decimal(line.unit_price)
        agreed = terms.lines.get(str(line.line_id))
        if agreed is None or agreed.product_id != line.product_id:
            totals[line.line_id] = shop_unit * line.quantity
            continue
        units = agreed_units(line.quantity, agreed)
        totals[line.line_id] = agreed_line_total(
            shop_unit, line.quantity, Decimal(agreed.unit_price), units
        )
    return totals


def set_discount_shares(
    lines: Iterable[Any], terms: Any
) -> tuple[dict[str, Decimal], list[Decimal]]:
    """``({line id: share of set discounts}, [amount given for each set])``: each set whose
    lines are all in the basket comes off one item of each of its lines, after agreed prices."""
    lines = list(lines)
    totals = agreed_totals(lines, terms)
    quantities = {line.line_id: line.quantity for line in lines}
    shares: dict[str, Decimal] = {}
    given: list[Decimal] = []
    for discount in terms.discounts:
        members = [str(line_id) for line_id in discount.line_ids]
        if not members or any(line_id not in totals for line_id in members):
            continue
        # One item of each line, at what it still costs.
        prices = [(totals[m] - shares.get(m, ZERO)) / quantities[m] for m in members]
        parts = spread(Decimal(discount.amount), prices)
        for line_id, share in zip(members, parts, strict=True):
            shares[line_id] = shares.get(line_id, ZERO) + share
        given.append(sum(parts, ZERO))
    return shares, given


def line_totals(lines: Iterable[Any], terms: Any) -> dict[str, Decimal]:
    """``{line id: total}``: agreed prices, then set discounts."""
    lines = list(lines)
    totals = agreed_totals(lines, terms)
    shares, _given = set_discount_shares(lines, terms)
    return {line_id: total - shares.get(line_id, ZERO) for line_id, total in totals.items()}


def unit_prices(lines: Iterable[Any], terms: Any) -> dict[str, Decimal]:
    """``{line id: unit price}`` for the lines whose price the terms change.

    Oscar prices a line by one unit price to the cent. When the line's units cost different
    amounts (agreed units and more at the shop's price, one item's share of a set) the total
    may not divide evenly: the unit price is rounded up, so the shop never receives less than
    agreed and the shopper pays less than a cent a unit more (in a yen shop, under one yen).
    """
    lines = list(lines)
    totals = line_totals(lines, terms)
    changed: dict[str, Decimal] = {}
    for line in lines:
        total = totals.get(line.line_id)
        if total is None or total == Decimal(line.unit_price) * line.quantity:
            continue
        changed[line.line_id] = (total / line.quantity).quantize(CENT, rounding=ROUND_CEILING)
    return changed
