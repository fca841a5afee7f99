"""Template filters of the demo shop: yen amounts and delivery intervals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def yen(amount: Any) -> str:
    """``Decimal("89800")`` -> ``"¥89,800"``; yen have no minor unit."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.0f}"


@register.filter
def delivery_interval(terms: Any) -> str:
    """Subscription terms -> "Every 2 weeks" / "Every month"."""
    if not isinstance(terms, dict) or not terms.get("interval_count"):
        return ""
    count = int(terms["interval_count"])
    if terms.get("interval_unit") == "week":
        if count == 1:
            return _("Every week")
        return ngettext("Every %(n)d week", "Every %(n)d weeks", count) % {"n": count}
    if count == 1:
        return _("Every month")
    return ngettext("Every %(n)d month", "Every %(n)d months", count) % {"n": count}


@register.filter
def quantity_choices(line: Any) -> range:
    """Quantities a cart line's selector offers: up to stock (and never below what is there)."""
    from ..cart import MAX_QUANTITY

    limit = min(MAX_QUANTITY, line.product.stock)
    return range(1, max(limit, line.quantity) + 1)
