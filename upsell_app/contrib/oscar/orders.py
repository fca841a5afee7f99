"""Placing an oscar order: the app's terms are used up inside oscar's own transaction, the
subscription plan goes onto the order line, and the app hears what the order charged.

Oscar's ``OrderCreator.place_order`` writes the order, its discounts and its lines in one
transaction and sends ``order_placed`` after it. The receivers here ride on the model saves inside
that transaction (no fork of oscar's checkout), so terms are consumed exactly when the order
commits and never when it rolls back.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from oscar.core.loading import get_class, get_model

from upsell_app.associations.history import OrderLine
from upsell_app.confirmation import confirmation_terms

from .middleware import current_request
from .offers import AGREED_PRICE_CONDITION, SET_DISCOUNT_CONDITION
from .prices import CENT
from .terms import basket_lines, is_shoppers_basket

logger = logging.getLogger("upsell_app.contrib.oscar")

#: ``order.LineAttribute.type`` of a line the shopper switched to a subscription.
PLAN_ATTRIBUTE = "upsell_subscription"

Selector = get_class("partner.strategy", "Selector")


def plan_value(plan: Any) -> dict[str, Any]:
    """The plan as the order line keeps it (JSON): everything the shopper agreed to.

    ``plan`` is the whole plan (its texts in every language: ``SubscriptionPlan.from_json``
    reads it, and ``{% upsell_subscription_terms plans=... %}`` states it again in the language
    a page is read in); ``terms_shown`` is every term as the final confirmation stated it when
    the order was placed, in the shopper's ``language`` (a record for the shop's staff). The
    flat fields keep the figures at hand.
    """
    return {
        "offer_id": plan.offer_id,
        "price_per_delivery": str(plan.price_per_delivery),
        **plan.terms_as_json(),
        "plan": plan.as_json(),
        "language": get_language() or settings.LANGUAGE_CODE,
        "terms_shown": confirmation_terms(plan),
    }


def use_terms_for_order(order: Any) -> None:
    """Inside oscar's order transaction: the basket's terms become this order's, once."""
    basket = getattr(order, "basket", None)
    request = current_request()
    if basket is None or basket.id is None or request is None:
        return  # terms belong to a shopper's session: a back-office order has none
    if not is_shoppers_basket(request, basket.id):
        return
    if not basket.has_strategy:
        basket.strategy = Selector().strategy()
    from upsell_app import adjustments

    terms = adjustments.for_order(request, basket_lines(basket), order_id=order.number)
    order._upsell_terms = terms
    order._upsell_basket_lines = list(basket.all_lines())
    order._upsell_next_line = 0


def carry_plan_to_line(order_line: Any) -> None:
    """Oscar creates order lines in basket order: the n-th order line is the n-th basket line."""
    order = order_line.order
    terms = getattr(order, "_upsell_terms", None)
    if terms is None:
        return
    index = order._upsell_next_line
    order._upsell_next_line += 1
    if index >= len(order._upsell_basket_lines):
        return
    basket_line = order._upsell_basket_lines[index]
    if basket_line.product_id != order_line.product_id:
        logger.error(
            "Order %s: line %s does not match basket line %s; subscription plan not carried",
            order.number,
            order_line.pk,
            basket_line.pk,
        )
        return
    plan = terms.plan(str(basket_line.id))
    if plan is not None:
        order_line.attributes.create(type=PLAN_ATTRIBUTE, value=plan_value(plan))


def _offer_ids(proxy_class: str) -> set[int]:
    offer_model = get_model("offer", "ConditionalOffer")
    return set(
        offer_model._default_manager.filter(condition__proxy_class=proxy_class).values_list(
            "pk", flat=True
        )
    )


def _line_discount(line: Any, offer_ids: set[int]) -> Decimal:
    """The part of an order line's discounts given by these offers, in shown terms."""
    total = Decimal("0")
    for discount in line.discounts.all():
        if discount.order_discount.offer_id not in offer_ids:
            continue
        amount = Decimal(discount.amount)
        if not discount.is_incl_tax and line.line_price_before_discounts_excl_tax:
            ratio = line.line_price_before_discounts_incl_tax / (
                line.line_price_before_discounts_excl_tax
            )
            amount = (amount * ratio).quantize(CENT)
        total += amount
    return total


def charged_lines(order: Any) -> list[OrderLine]:
    """Each line's unit price after the agreed price, before any set discount.

    That is the price the app compares with what it agreed; the shop's own promotions on top are
    the shopper's gain, not a difference.
    """
    agreed_offers = _offer_ids(AGREED_PRICE_CONDITION)
    lines = []
    for line in order.lines.prefetch_related("discounts__order_discount"):
        if line.product_id is None or not line.quantity:
            continue
        before = Decimal(line.line_price_before_discounts_incl_tax)
        unit = (before - _line_discount(line, agreed_offers)) / line.quantity
        lines.append(OrderLine(line.product_id, line.quantity, unit.quantize(CENT)))
    return lines


def charged_set_discounts(order: Any) -> list[Decimal]:
    """The set discounts the order gave: each agreed set when they landed in full, else the
    total that landed (so the app reports the difference)."""
    landed = sum(
        (
            Decimal(d.amount)
            for d in order.discounts.filter(offer_id__in=_offer_ids(SET_DISCOUNT_CONDITION))
        ),
        Decimal("0"),
    )
    terms = getattr(order, "_upsell_terms", None)
    agreed = [Decimal(d.amount) for d in terms.discounts] if terms is not None else []
    if agreed and sum(agreed, Decimal("0")) == landed:
        return agreed
    return [landed] if landed else []
