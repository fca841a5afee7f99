"""Signals the shop sends (it owns these events); the app's receivers react in
``upsell_app/receivers.py`` (and ``upsell_app/analytics/receivers.py`` for attribution).

They are also the proof of a moment: the offers of ``add_to_cart``, ``item_removed``,
``checkout_start`` and ``order_completed`` are shown (and accepted) only after the matching signal
was sent with this shopper's ``request`` (see ``moments.py``).

Send them from your views, e.g.::

    from upsell_app import signals

    signals.cart_line_added.send(sender=Basket, request=request, product_id=item.pk, quantity=1)

    line_id = str(row.pk)  # read the id before row.delete() clears it
    row.delete()
    signals.cart_line_removed.send(
        sender=Basket, request=request, product_id=row.item_id, line_id=line_id
    )

A cart signal sent without the ids the app needs is a bug in the shop's view: with ``DEBUG`` on
the ``send()`` raises :class:`SignalArgumentError`; in production the app logs an error on the
``upsell_app.signals`` logger and ignores that signal (the shopper's request goes on).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.dispatch import Signal

logger = logging.getLogger(__name__)

#: kwargs: request, product_id (required), quantity
cart_line_added = Signal()
#: kwargs: request, product_id and line_id (both required: the removed line's product and the id
#: your cart adapter's ``get_lines()`` gave that line)
cart_line_removed = Signal()
#: kwargs: request. Any other change to the cart (a quantity, a merge at login, a cleared cart):
#: lets a cached cart snapshot (``CART_SNAPSHOT_SECONDS``) go.
cart_changed = Signal()
#: kwargs: request
checkout_started = Signal()
#: kwargs: request (may be None for back-office orders), order_id (required), lines (a list of
#: upsell_app.associations.history.OrderLine, or any objects or dicts with product_id, quantity
#: and unit_price: the price charged per unit), customer_key, ordered_at, total, and optionally
#: discounts (the order's discount amounts, Decimals or objects with ``amount``): the app checks
#: them against the set discounts it agreed
order_completed = Signal()

#: Sent by the app when a shopper accepts an offer. kwargs: request, acceptance
offer_accepted = Signal()
#: Sent by the app when a shopper undoes an accepted offer (the cart is as before it).
#: kwargs: request, acceptance
offer_undone = Signal()
#: Sent by the app when a shopper declines an offer. kwargs: request, offer_id
offer_declined = Signal()
#: Sent by the app when an offers request shows an offer, or holds one back for an A/B control
#: arm. kwargs: request, offer_id, variant_id (or None), trigger, is_control; a shown offer also
#: carries impression_id (named in its quotes, and the uid of its impression event); recorded is
#: True when the app already recorded the event with the shopper's restraint memory
offer_shown = Signal()
#: Sent by the app when a shopper closes a pop-up without answering. kwargs: request, offer_id
offer_dismissed = Signal()

#: How to send each required argument right, said in the error.
ARGUMENT_FIXES = {
    "product_id": "pass the product's primary key (product_id=item.pk)",
    "line_id": "pass the id your cart adapter gives the line (read it before row.delete())",
    "order_id": "pass the order's number or primary key (order_id=str(order.pk))",
}


class SignalArgumentError(ValueError):
    """A shop sent one of the app's signals without an argument the app needs."""


def missing_arguments(signal_name: str, sender: Any, **values: Any) -> bool:
    """Whether a required argument is missing; raises under ``DEBUG``, logs an error otherwise.

    A missing id is never guessed: a set discount kept on a partial set, or an order the app
    never records, costs the shop more than one ignored signal.
    """
    missing = [name for name, value in values.items() if value is None or value == ""]
    if not missing:
        return False
    sender_name = getattr(sender, "__name__", repr(sender))
    message = (
        f"upsell_app.signals.{signal_name} was sent by {sender_name} without "
        + ", ".join(missing)
        + ": "
        + "; ".join(ARGUMENT_FIXES.get(name, f"pass {name}") for name in missing)
        + ". The signal was ignored."
    )
    if settings.DEBUG:
        raise SignalArgumentError(message)
    logger.error(message)
    return True
