"""The subscription plans a final confirmation screen states (特定商取引法 12条の6).

The shop's checkout page (and its order confirmation) shows, for every line switched to a
subscription, the terms the shopper agreed to in the pop-up, rendered again in the page's
language (:func:`confirmation_terms`). The template tag
``{% upsell_subscription_terms %}`` (:mod:`upsell_app.templatetags.upsell_terms`) reads them here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest

from .adapters import SimpleCartAdapter, SubscriptionPlan, get_cart_adapter


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
