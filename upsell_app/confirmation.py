"""The subscription plans a final confirmation screen states (特定商取引法 12条の6).

The shop's checkout page (and its order confirmation) shows, for every line switched to a
subscription, the terms the shopper agreed to in the pop-up, rendered again in the page's
language (:func:`confirmation_terms`). The template tag
``{% upsell_subscription_terms %}`` (:mod:`upsell_app.templatetags.upsell_terms`) reads them here.

A shop that cannot add columns to its orders shows a placed order's agreed prices, set discounts
and plans from the app's own records instead (:func:`order_terms`, the tag
``{% upsell_order_terms order_id %}``): the terms the order used when the shop called
``adjustments.for_order``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from .adapters import SimpleCartAdapter, SubscriptionPlan, get_cart_adapter, get_catalog_adapter


def cart_plans(request: HttpRequest) -> list[SubscriptionPlan]:
    """The plans of the request's cart, in line order, as the app agreed and still grants them.

    Empty for a shop with a full :class:`~upsell_app.adapters.CartAdapter`: it keeps its plans
    itself and hands them to the template tag (``plans=``).
    """
    from . import adjustments

    adapter = get_cart_adapter(request)
    if not isinstance(adapter, SimpleCartAdapter):
        return []
    key = adapter.existing_cart_key()
    if not key:
        return []  # nothing was ever agreed for this shopper
    lines = adapter.get_lines()
    agreed = adjustments.for_cart(request, lines, cart_key=key)
    plans = (agreed.plan(line.line_id) for line in lines)
    return [plan for plan in plans if plan is not None]


def as_plans(value: Any) -> list[SubscriptionPlan]:
    """What a shop hands the tag as ``plans``: one plan or several, each a
    :class:`SubscriptionPlan` or its stored form (:meth:`SubscriptionPlan.as_json`); anything
    else (an empty order line's ``{}``, ``None``) is skipped."""
    if value is None:
        return []
    if isinstance(value, SubscriptionPlan | Mapping):
        value = [value]
    plans: list[SubscriptionPlan] = []
    for item in value if isinstance(value, Iterable) else ():
        if isinstance(item, SubscriptionPlan):
            plans.append(item)
        elif isinstance(item, Mapping) and item.get("terms"):
            plans.append(SubscriptionPlan.from_json(item))
    return plans


def confirmation_terms(plan: SubscriptionPlan) -> list[dict[str, str]]:
    """Every item 特定商取引法 12条の6 wants on the final confirmation screen, as the pop-up
    lists them (``key``, ``label``, ``value``, ``lang``), in the active language."""
    from .serving.presentation import plan_terms

    return plan_terms(plan)


@dataclass(frozen=True, slots=True)
class AgreedLine:
    """One order line's agreed price, as the pop-up agreed it."""

    product_id: int | None
    title: str
    quantity: int
    unit_price: Decimal
    label: str
    plan: SubscriptionPlan | None = None
    tax_rate: Decimal = Decimal("0")  # the product's rate, to show the price as the shop does


@dataclass(frozen=True, slots=True)
class OrderTerms:
    """What a placed order used of the app's terms (:func:`order_terms`)."""

    lines: tuple[AgreedLine, ...] = ()
    discounts: tuple[tuple[str, Decimal], ...] = ()  # (label, amount) of each set discount
    plans: tuple[SubscriptionPlan, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.lines or self.discounts)


def order_terms(order_id: Any) -> OrderTerms:
    """The agreed prices, set discounts and plans order ``order_id`` used, read from the app's
    own records (the terms ``adjustments.for_order`` handed the shop for that order), so an order
    page can show them without a column of the shop's. Empty for an unknown order."""
    from .adjustments import store
    from .adjustments.terms import LINE, SET_DISCOUNT

    grants = store.used_by(str(order_id))
    ids = {g.product_id for g in grants if g.kind == LINE and g.product_id is not None}
    products = get_catalog_adapter().get_products(ids) if ids else {}
    lines = []
    for g in grants:
        if g.kind != LINE or g.unit_price is None:
            continue
        product = products.get(g.product_id)
        title = product.title if product is not None else (g.plan.product_title if g.plan else "")
        rate = product.tax_rate if product is not None else Decimal("0")
        lines.append(
            AgreedLine(g.product_id, title, g.quantity, g.unit_price, g.label, g.plan, rate)
        )
    discounts = tuple(
        (g.label, g.amount) for g in grants if g.kind == SET_DISCOUNT and g.amount is not None
    )
    plans = tuple(line.plan for line in lines if line.plan is not None)
    return OrderTerms(tuple(lines), discounts, plans)
