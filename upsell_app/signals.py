"""Signals the shop sends (it owns these events); the app's receivers react in ``receivers.py``.

Send them from your views, e.g.::

    from upsell_app import signals
    signals.cart_line_added.send(sender=Cart, request=request, product_id=product.pk, quantity=1)
"""

from django.dispatch import Signal

#: kwargs: request, product_id, quantity
cart_line_added = Signal()
#: kwargs: request, product_id, line_id
cart_line_removed = Signal()
#: kwargs: request. Any other change to the cart (a quantity, a merge at login, a cleared cart):
#: lets a cached cart snapshot (``CART_SNAPSHOT_SECONDS``) go.
cart_changed = Signal()
#: kwargs: request
checkout_started = Signal()
#: kwargs: request (may be None for back-office orders), order_id, lines (iterable of
#: upsell_app.history.OrderLine-like objects: product_id, quantity, unit_price), customer_key,
#: ordered_at, total
order_completed = Signal()

#: Sent by the app when a shopper accepts an offer. kwargs: request, acceptance
offer_accepted = Signal()
#: Sent by the app when a shopper declines an offer. kwargs: request, offer_id
offer_declined = Signal()
#: Sent by the app when an offers request shows an offer, or holds one back for an A/B control
#: arm. kwargs: request, offer_id, variant_id (or None), trigger, is_control
offer_shown = Signal()
#: Sent by the app when a shopper closes a pop-up without answering. kwargs: request, offer_id
offer_dismissed = Signal()
