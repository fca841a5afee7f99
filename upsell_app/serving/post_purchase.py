"""One click after purchase: the thank-you offer joins the order just placed.

The shop's ``order_completed`` signal names the order; this module remembers it for the shopper
(in the session's data, which survives a login), asks the shop's optional order adapter whether it
may still change, and words the pop-up accordingly: "added to order #N, charged to the same
payment method", or plainly "starts a new order" when the order is closed or the shop has no order
adapter. The accept itself lives in :mod:`upsell_app.accepting.post_purchase`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..adapters import PlacedOrder, get_order_adapter
from ..conf import upsell_settings
from ..selection.post_purchase import may_amend
from ..selection.types import Decision, Kind

#: Where the order the shopper just placed is kept, in the session's data.
SESSION_ORDER = "_upsell_placed_order"


def remember(request: Any, order_id: Any) -> None:
    """The shop placed ``order_id`` for this shopper: the thank-you offer may join it."""
    session = getattr(request, "session", None)
    if session is not None and order_id not in (None, ""):
        session[SESSION_ORDER] = str(order_id)


def placed_order_id(request: Any) -> str | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_ORDER) if session is not None else None


def is_open(order: PlacedOrder, now: datetime | None = None) -> bool:
    """Whether the order may still take a line (paid state, payment method, window)."""
    return may_amend(
        order.placed_at,
        paid=order.paid,
        amendable_payment=order.amendable_payment,
        now=now or timezone.now(),
        window_minutes=upsell_settings.POST_PURCHASE_WINDOW_MINUTES,
    )


def joinable(decision: Decision) -> bool:
    """Offers that add one product as a line of its own can join an order; the others change a
    cart line (an upgrade, a plan) or a set, and go to a new cart as before."""
    return (
        decision.rule.kind is Kind.CROSS_SELL
        and len(decision.choices) == 1
        and decision.choices[0].source_line is None
    )


def open_order(request: Any, order_id: str | None = None) -> PlacedOrder | None:
    """The shopper's placed order if the shop can change it now; ``None`` otherwise."""
    adapter = get_order_adapter(request)
    number = order_id or placed_order_id(request)
    if adapter is None or not number:
        return None
    order = adapter.get_order(number)
    return order if order is not None and is_open(order) else None


def payment_name(order: PlacedOrder) -> str:
    return order.payment_method or _("the same payment method")


def present(order: PlacedOrder | None, offer: dict[str, Any]) -> dict[str, Any]:
    """What the thank-you pop-up says about the order, and its accept button when it joins."""
    if order is None:
        return {
            "joins": False,
            "number": None,
            "text": _(
                "Accepting starts a new order: the item goes into a new cart and you check out "
                "again. Your order just placed stays as it is."
            ),
        }
    choice = offer["choices"][0]
    values = {
        "number": order.number,
        "payment": payment_name(order),
        "price": choice["price_display"],
    }
    offer["accept_label"] = _("Add to order #%(number)s") % values
    return {
        "joins": True,
        "number": order.number,
        "text": _(
            "Added to order #%(number)s: 1 × %(price)s, charged to %(payment)s with the order "
            "and shipped with it. No second checkout: this is the final confirmation."
        )
        % values,
    }
