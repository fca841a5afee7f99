"""When a pop-up may open: restraint that keeps the moments that matter free. Pure functions.

A shopper who removes an item or starts checking out is at a moment where an offer can save the
sale (a lighter option, a subscription). Browsing moments (a product added, the cart viewed, the
thank-you page) matter less, and they come often. The policy:

- **Total cap**: at most ``max_popups`` pop-ups per session, whatever the moment.
- **Reserve**: browsing moments may use at most ``max_popups - reserved_for_key_moments`` of
  them (at least one); the rest are kept for a removal or the start of checkout.
- **Cool-down**: after any pop-up, browsing moments wait ``cooldown_seconds``; a key moment waits
  only after a pop-up at a key moment, so a cart-view pop-up never silences the downsell after a
  real "Remove".
- **Silence after "No thanks"**: every moment waits ``silence_after_decline_seconds``.
- **Same cart, no second cart-view pop-up**: a cart-view pop-up is not shown again for cart
  contents (products and quantities) it was already shown for in this session.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .types import CartSnapshot, Limits, ShopperState, Trigger

#: Moments where an offer can keep a sale: they get the reserve and skip browsing's cool-down.
KEY_MOMENTS = frozenset({Trigger.ITEM_REMOVED, Trigger.CHECKOUT_START})
#: How many cart-view carts the shopper state remembers.
SEEN_CARTS_KEPT = 8


def is_key_moment(trigger: Trigger | None) -> bool:
    return trigger in KEY_MOMENTS


def is_held_back(
    shopper: ShopperState, epoch: float, limits: Limits, trigger: Trigger | None = None
) -> bool:
    """Restraint before relevance, for a pop-up at ``trigger`` (see the module's policy)."""
    if shopper.popups_shown >= limits.max_popups:
        return True
    key = is_key_moment(trigger)
    if not key and shopper.browsing_popups_shown >= browsing_cap(limits):
        return True
    last = shopper.last_key_popup_at if key else shopper.last_popup_at
    if last is not None and epoch - last < limits.cooldown_seconds:
        return True
    return (
        shopper.last_decline_at is not None
        and epoch - shopper.last_decline_at < limits.silence_after_decline_seconds
    )


def browsing_cap(limits: Limits) -> int:
    """Pop-ups browsing moments may use: the total less the reserve, but at least one (with a
    cap of one pop-up, it goes to whichever moment comes first)."""
    return max(limits.max_popups - limits.reserved_for_key_moments, min(limits.max_popups, 1))


def cart_fingerprint(cart: CartSnapshot) -> str:
    """A short, order-free digest of the cart's contents: which products, how many of each."""
    contents = sorted((line.product_id, line.quantity) for line in cart.lines)
    raw = ";".join(f"{product}x{quantity}" for product, quantity in contents)
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


def cart_already_seen(shopper: ShopperState, trigger: Trigger, cart: CartSnapshot) -> bool:
    """A cart-view pop-up was already shown for these very cart contents."""
    return trigger is Trigger.CART_VIEW and cart_fingerprint(cart) in shopper.seen_carts


def after_popup(
    shopper: ShopperState, epoch: float, trigger: Trigger, cart: CartSnapshot
) -> ShopperState:
    """The shopper's restraint memory once a pop-up opened at ``trigger`` for ``cart``."""
    key = is_key_moment(trigger)
    seen = shopper.seen_carts
    if trigger is Trigger.CART_VIEW:
        fingerprint = cart_fingerprint(cart)
        seen = (*(s for s in seen if s != fingerprint), fingerprint)[-SEEN_CARTS_KEPT:]
    return replace(
        shopper,
        popups_shown=shopper.popups_shown + 1,
        browsing_popups_shown=shopper.browsing_popups_shown + (0 if key else 1),
        last_popup_at=epoch,
        last_key_popup_at=epoch if key else shopper.last_key_popup_at,
        seen_carts=seen,
    )
