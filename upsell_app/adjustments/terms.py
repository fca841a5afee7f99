"""What the app agreed for a cart, as plain data, and the rule that decides what still counts.

No ORM and no request here: :mod:`.store` turns rows into :class:`Grant` objects and back, and
the rule below decides, from the cart's current lines alone, which grants are still earned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ..models.product_keys import to_key
from ..selection.pricing import agreed_line_total
from ..selection.tax import INCLUSIVE, RatePart, TaxPolicy, bases_by_rate, discount_parts, line_part
from ..selection.tax import shown_total as _shown_total
from ..selection.tax import tax_by_rate as _tax_by_rate
from ..selection.types import SubscriptionPlan

LINE = "line"
SET_DISCOUNT = "set_discount"


@dataclass(frozen=True, slots=True)
class LineTerms:
    """What the app agreed for one cart line."""

    line_id: str
    product_id: int  # the product the line must still hold for the terms to count
    unit_price: Decimal  # agreed unit price (upsell, downsell, discounted cross-sell, plan price)
    label: str  # e.g. "Upgrade offer price", shown next to the line
    offer_id: int
    plan: SubscriptionPlan | None = None  # when the line became a subscription
    quantity: int = 1  # units agreed at ``unit_price`` (what the pop-up showed); more: shop price
    tax_rate: Decimal | None = None  # the product's rate (None: the shop's catalogue was not asked)

    def line_total(self, quantity: int, shop_unit_price: Decimal) -> Decimal:
        """The agreed units (as many as remain) at the agreed price, the rest at the shop's."""
        return agreed_line_total(quantity, shop_unit_price, self.unit_price, self.quantity)


@dataclass(frozen=True, slots=True)
class SetDiscount:
    """A bundle's discount, valid only while every line of the set is in the cart."""

    key: str
    label: str
    amount: Decimal
    offer_id: int
    line_ids: tuple[str, ...]
    #: ``amount`` split by tax rate in proportion to what the set's lines at each rate cost, each
    #: share with the tax it takes off (on the shop's basis; empty when no rate is known).
    parts: tuple[RatePart, ...] = ()


@dataclass(frozen=True, slots=True)
class CartAdjustments:
    """Everything the app agreed that the cart still earns, as of the call that built it."""

    lines: Mapping[str, LineTerms] = field(default_factory=lambda: MappingProxyType({}))
    discounts: tuple[SetDiscount, ...] = ()
    #: The tax rate of every cart line the call was given, and how the shop states its prices
    #: (see docs/tax.md); empty when the shop's catalogue says nothing of tax.
    rates: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    policy: TaxPolicy = INCLUSIVE

    def tax_rate(self, line_id: str) -> Decimal:
        """The line's tax rate (0 when none is known)."""
        return self.rates.get(str(line_id), Decimal("0"))

    def line_tax(self, line_id: str, quantity: int, shop_unit_price: Decimal) -> Decimal:
        """The tax of the whole line (its :meth:`line_total`), rounded once by the shop's rule."""
        return self.line_part(line_id, quantity, shop_unit_price).tax

    def line_part(self, line_id: str, quantity: int, shop_unit_price: Decimal) -> RatePart:
        """The line's :meth:`line_total` on the shop's basis, its rate and its tax."""
        total = self.line_total(line_id, quantity, shop_unit_price)
        return line_part(total, self.tax_rate(line_id), self.policy)

    def discount_parts(self) -> tuple[RatePart, ...]:
        """Every set discount's shares by rate (each share with the tax it takes off)."""
        # A discount no rate is known for takes its whole amount off, with no tax of its own.
        return tuple(
            part
            for d in self.discounts
            for part in (d.parts or (RatePart(Decimal("0"), d.amount, Decimal("0")),))
        )

    def tax_by_rate(self, lines: Iterable[Any]) -> tuple[RatePart, ...]:
        """The cart's amount (shop's basis) and tax per rate, highest rate first: ``lines``
        (``line_id``, ``quantity``, ``unit_price``: the shop's price) each taxed on its own,
        less the set discounts' shares. What an invoice states per rate."""
        parts = [self.line_part(x.line_id, x.quantity, x.unit_price) for x in lines]
        return _tax_by_rate(parts, self.discount_parts())

    def total_with_tax(self, lines: Iterable[Any]) -> Decimal:
        """What the cart costs, tax included (総額): each line with its own tax, less the set
        discounts with theirs. With prices that include tax, the lines less the discounts."""
        parts = [self.line_part(x.line_id, x.quantity, x.unit_price) for x in lines]
        return _shown_total(parts, self.discount_parts())

    def unit_price(self, line_id: str, default: Decimal) -> Decimal:
        """The agreed unit price (it covers :meth:`agreed_quantity` units; price a whole line
        with :meth:`line_total`)."""
        terms = self.lines.get(str(line_id))
        return terms.unit_price if terms is not None else default

    def agreed_quantity(self, line_id: str) -> int:
        """How many of the line's units the agreed price covers (0: none agreed)."""
        terms = self.lines.get(str(line_id))
        return terms.quantity if terms is not None else 0

    def line_total(self, line_id: str, quantity: int, shop_unit_price: Decimal) -> Decimal:
        """What the line costs: the agreed units at the agreed price, the rest at the shop's
        price. Shops total their cart and their order with this, not ``unit_price × quantity``."""
        terms = self.lines.get(str(line_id))
        if terms is None:
            return shop_unit_price * quantity
        return terms.line_total(quantity, shop_unit_price)

    def plan(self, line_id: str) -> SubscriptionPlan | None:
        terms = self.lines.get(str(line_id))
        return terms.plan if terms is not None else None

    def label(self, line_id: str) -> str:
        terms = self.lines.get(str(line_id))
        return terms.label if terms is not None else ""

    @property
    def discount_total(self) -> Decimal:
        return sum((d.amount for d in self.discounts), Decimal("0"))

    def __bool__(self) -> bool:
        return bool(self.lines) or bool(self.discounts)


EMPTY = CartAdjustments()


def with_rates(
    agreed: CartAdjustments,
    rates: Mapping[str, Decimal],
    amounts: Mapping[str, Decimal],
    policy: TaxPolicy,
) -> CartAdjustments:
    """``agreed`` with the lines' tax rates: each set discount split by rate in proportion to
    what its lines (``amounts``: each line's total on the shop's basis) cost at each rate."""
    discounts = tuple(
        replace(
            d,
            parts=discount_parts(
                d.amount,
                bases_by_rate(
                    (amounts.get(line_id, Decimal("0")), rates.get(line_id, Decimal("0")))
                    for line_id in d.line_ids
                ),
                policy,
            ),
        )
        for d in agreed.discounts
    )
    lines = {
        line_id: replace(terms, tax_rate=rates.get(line_id, Decimal("0")))
        for line_id, terms in agreed.lines.items()
    }
    return CartAdjustments(
        lines=MappingProxyType(lines),
        discounts=discounts,
        rates=MappingProxyType({str(k): v for k, v in rates.items()}),
        policy=policy,
    )


@dataclass(frozen=True, slots=True)
class Grant:
    """One stored adjustment (agreed line terms or a set discount) as the rule sees it."""

    id: int
    acceptance_id: int
    offer_id: int
    kind: str  # LINE | SET_DISCOUNT
    label: str
    created_at: datetime
    line_id: str = ""
    product_id: Any = None  # the product model's key
    unit_price: Decimal | None = None
    plan: SubscriptionPlan | None = None
    key: str = ""
    amount: Decimal | None = None
    members: tuple[tuple[str, Any], ...] = ()  # (line id, product key) of every line of a set
    order_id: str = ""
    quantity: int = 1  # line terms: units agreed at ``unit_price``


def current_lines(lines: Iterable[object]) -> dict[str, Any]:
    """``{line id: product key}`` of the cart's lines (any objects with those two attributes)."""
    return {str(line.line_id): to_key(line.product_id) for line in lines}  # type: ignore[attr-defined]


def quantities(lines: Iterable[object]) -> dict[str, int]:
    """``{line id: quantity}`` of the lines that say their quantity."""
    found: dict[str, int] = {}
    for line in lines:
        quantity = getattr(line, "quantity", None)
        if quantity is not None:
            found[str(line.line_id)] = int(quantity)  # type: ignore[attr-defined]
    return found


def is_earned(grant: Grant, current: Mapping[str, Any]) -> bool:
    """The invariant: a grant counts only while the cart holds every line that earns it, each
    still with the product it held when the grant was made."""
    if grant.kind == LINE:
        return bool(grant.line_id) and current.get(grant.line_id) == grant.product_id
    return bool(grant.members) and all(current.get(lid) == pid for lid, pid in grant.members)


def split(
    grants: Iterable[Grant], current: Mapping[str, int], *, settled_before: datetime
) -> tuple[list[Grant], list[Grant]]:
    """``(earned, lost)``. A grant made after ``settled_before`` that the lines do not show is
    neither: the lines may have been read before the acceptance that made it committed."""
    earned: list[Grant] = []
    lost: list[Grant] = []
    for grant in grants:
        if is_earned(grant, current):
            earned.append(grant)
        elif grant.created_at <= settled_before:
            lost.append(grant)
    return earned, lost


def build(
    grants: Iterable[Grant], quantities: Mapping[str, int] | None = None
) -> CartAdjustments:
    """The shop-facing view of earned grants; on one line the latest agreement wins (a
    subscription switch after an upgrade prices the upgraded product per delivery).

    ``quantities`` (the lines' quantities now) go into the plans: the final confirmation states
    the price per delivery for the quantity the shopper is about to order.
    """
    lines: dict[str, LineTerms] = {}
    discounts: list[SetDiscount] = []
    quantities = quantities or {}
    for grant in sorted(grants, key=lambda g: (g.created_at, g.id)):
        if grant.kind == LINE and grant.product_id is not None and grant.unit_price is not None:
            plan = grant.plan
            if plan is not None and quantities.get(grant.line_id, 0) > 0:
                plan = replace(plan, quantity=quantities[grant.line_id])
            lines[grant.line_id] = LineTerms(
                line_id=grant.line_id,
                product_id=grant.product_id,
                unit_price=grant.unit_price,
                label=grant.label,
                offer_id=grant.offer_id,
                plan=plan,
                quantity=grant.quantity,
            )
        elif grant.kind == SET_DISCOUNT and grant.amount is not None:
            discounts.append(
                SetDiscount(
                    key=grant.key,
                    label=grant.label,
                    amount=grant.amount,
                    offer_id=grant.offer_id,
                    line_ids=tuple(line_id for line_id, _ in grant.members),
                )
            )
    return CartAdjustments(lines=MappingProxyType(lines), discounts=tuple(discounts))
