"""``{% upsell_subscription_terms %}``: every subscription term on the shop's final confirmation.

Japan's 特定商取引法 12条の6 wants the screen where the order is placed to state, for every
subscription, what the shopper agreed to in the pop-up. Usage on the checkout page::

    {% load upsell_terms %}
    {% upsell_subscription_terms %}                     {# the plans of the request's cart #}

and on the order confirmation, with the plans the shop stored on its order lines::

    {% upsell_subscription_terms plans=order_plans heading_level=3 %}

Nothing is rendered when there is no plan. The terms are the pop-up's list, worded in the page's
language at render time.

A shop whose orders have no place for what was agreed shows it on the order page from the app's
own records, by the order id it passed to ``adjustments.for_order``::

    {% upsell_order_terms order.number %}

a table of the agreed prices, the set discounts, and every plan's terms (nothing when the order
used none of the app's terms).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from ..adapters import get_catalog_adapter
from ..confirmation import as_plans, cart_plans, confirmation_terms, order_terms
from ..selection.tax import TaxPolicy, shown
from ..serving.presentation import money_display, price_display

register = template.Library()


@register.inclusion_tag("upsell_app/subscription_terms.html", takes_context=True)
def upsell_subscription_terms(
    context: template.Context,
    plans: Any = None,
    heading_level: int = 2,
    id_prefix: str = "upsell-plan-terms",
) -> dict[str, Any]:
    """A heading and one definition list per plan: ``plans`` (a plan, several, or their stored
    JSON), else the plans of the request's cart. ``id_prefix`` names the headings (change it
    when the tag is on a page twice)."""
    request = context.get("request")
    if plans is None:
        found = cart_plans(request) if request is not None else []
    else:
        found = as_plans(plans)
    try:
        level = min(max(int(heading_level), 1), 5)
    except (TypeError, ValueError):
        level = 2  # a mistyped level must not take the checkout page down
    return {
        "plans": [
            {"title": plan.product_title, "terms": confirmation_terms(plan)} for plan in found
        ],
        "heading": f"h{level}",
        "subheading": f"h{level + 1}",
        "id_prefix": id_prefix,
    }


@register.inclusion_tag("upsell_app/order_terms.html")
def upsell_order_terms(
    order_id: Any, heading_level: int = 2, id_prefix: str = "upsell-order-terms"
) -> dict[str, Any]:
    """What order ``order_id`` agreed through the app: prices, set discounts, plans' terms."""
    terms = order_terms(order_id)
    policy = get_catalog_adapter().tax_policy()
    try:
        level = min(max(int(heading_level), 1), 5)
    except (TypeError, ValueError):
        level = 2  # a mistyped level must not take the order page down
    return {
        "lines": [
            {
                "title": line.title,
                "quantity": line.quantity,
                # Shown as every other price of the shop: tax included where the shop adds it.
                "unit_price": price_display(shown(line.unit_price, line.tax_rate, policy)),
                "label": line.label,
                "is_subscription": line.plan is not None,
            }
            for line in terms.lines
        ],
        "discounts": [
            {"label": label, "amount": _discount_display(amount, policy)}
            for label, amount in terms.discounts
        ],
        "plans": [
            {"title": plan.product_title, "terms": confirmation_terms(plan)}
            for plan in terms.plans
        ],
        "heading": f"h{level}",
        "subheading": f"h{level + 1}",
        "id_prefix": id_prefix,
    }


def _discount_display(amount: Decimal, policy: TaxPolicy) -> str:
    """A set discount as the app recorded it. In a shop that adds tax it is the amount before
    tax (the order split it by rate when it was placed), and says so."""
    text = money_display(amount)
    return _("%(amount)s excl. tax") % {"amount": text} if policy.adds_tax else text
