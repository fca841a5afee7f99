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
from oscar.core.loading import get_class

from upsell_app.associations.history import OrderLine
from upsell_app.confirmation import confirmation_terms

from .line_prices import set_discount_shares
from .middleware import current_request
from .prices import CENT
from .terms import basket_lines, is_shoppers_basket

logger = logging.getLogger("upsell_app.contrib.oscar")

#: ``order.LineAttribute.type`` under which older installs kept a line's plan (moved to
#: :class:`~upsell_app.contrib.oscar.models.OrderLinePlan` by a migration).
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

    lines = basket_lines(basket)
    terms = adjustments.for_order(request, lines, order_id=order.number)
    order._upsell_terms = terms
    order._upsell_basket_lines = list(basket.all_lines())
    order._upsell_set_shares, order._upsell_set_given = set_discount_shares(lines, terms)
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
        from .models import OrderLinePlan

        OrderLinePlan.objects.create(line=order_line, value=plan_value(plan))


def line_plan(order_line: Any) -> dict[str, Any] | None:
    """The plan an order line was placed with (:func:`plan_value`), or ``None``."""
    from .models import OrderLinePlan

    record = OrderLinePlan.objects.filter(line=order_line).first()
    return record.value if record is not None else None


def charged_lines(order: Any) -> list[OrderLine]:
    """Each line's unit price after the agreed price, before any set discount.

    That is the price the app compares with what it agreed; the shop's own promotions on top are
    the shopper's gain, not a difference. A set's share was taken off the line's price
    (:mod:`.line_prices`): it is added back here and reported as the set discount.
    """
    shares = getattr(order, "_upsell_set_shares", {})
    basket_lines_ = getattr(order, "_upsell_basket_lines", [])
    lines = []
    for index, line in enumerate(order.lines.order_by("pk")):
        if line.product_id is None or not line.quantity:
            continue
        share = Decimal("0")
        if index < len(basket_lines_) and basket_lines_[index].product_id == line.product_id:
            share = shares.get(str(basket_lines_[index].id), Decimal("0"))
        before = Decimal(line.line_price_before_discounts_incl_tax) + share
        lines.append(
            OrderLine(line.product_id, line.quantity, (before / line.quantity).quantize(CENT))
        )
    return lines


def charged_set_discounts(order: Any) -> list[Decimal]:
    """The set discounts the order gave, one amount per set, as they came off its lines."""
    return [amount for amount in getattr(order, "_upsell_set_given", []) if amount > 0]
