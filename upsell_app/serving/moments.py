"""Moments the server proves: an event's pop-up only when the shop's own signal recorded it.

``cart_view`` is a page: any page may ask for it. The other moments are events the shop's server
saw happen (an item added or removed, checkout started, an order completed) and announced with
its signal. The browser only asks "anything for ``order_completed``?"; the answer is an offer only
when this shopper's signal recorded that moment within ``MOMENT_MAX_AGE_SECONDS`` (about the same
product, for the moments that are about one). Otherwise a fresh session could ask for the
thank-you offer without ever ordering.

One cache record per shopper holds the recent proofs and the moment the next page should fire
(the template tag takes that one, the proofs stay). Proofs are kept as long as a quote signed on
them may be accepted, so the accept can check that the moment its quote names really happened.

The record is keyed by a random shopper token kept in the session's data rather than by the
session key: logging in cycles the key but keeps the data, so a moment, and a quote shown before
logging in, survive it. Logging out flushes the data: a new shopper.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from django.core.cache import caches

from ..conf import upsell_settings
from ..models.product_keys import to_key_or_none
from ..selection.types import Trigger
from .outages import CACHE_ERRORS, report

#: Where the shopper token lives in the session's data.
SESSION_TOKEN = "_upsell_shopper"
#: Moments that are events: honoured only with the shop's proof.
EVENT_TRIGGERS = frozenset(
    {Trigger.ADD_TO_CART, Trigger.ITEM_REMOVED, Trigger.CHECKOUT_START, Trigger.ORDER_COMPLETED}
)
#: Events about one product: the proof is for that product only.
PRODUCT_MOMENTS = frozenset({Trigger.ADD_TO_CART, Trigger.ITEM_REMOVED})
#: Proofs kept per moment (a shopper adding many items in a row).
KEPT_PER_MOMENT = 10


def now_ms() -> int:
    """Proof stamps are whole milliseconds: they travel through JSON quotes unchanged."""
    return int(time.time() * 1000)


def _cache():
    return caches[upsell_settings.CACHE_ALIAS]


def keep_seconds() -> int:
    """A proof outlives the pop-up's window as long as a quote signed on it may be accepted."""
    return max(upsell_settings.MOMENT_MAX_AGE_SECONDS, upsell_settings.QUOTE_MAX_AGE_SECONDS)


def shopper_token(request: Any, *, create: bool = False) -> str | None:
    """This shopper's token (in the session's data, so it survives a login), or ``None``."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    token = session.get(SESSION_TOKEN)
    if token is None and create:
        token = secrets.token_urlsafe(18)
        session[SESSION_TOKEN] = token
    return token


def record_key(token: str) -> str:
    return f"upsell:moments:{token}"


# -- pure decisions on the record ---------------------------------------------------------------
def with_moment(
    raw: Mapping[str, Any] | None, trigger: Trigger, product_id: int | None, stamp: int
) -> dict[str, Any]:
    """The record after ``trigger`` happened at ``stamp``: a new proof, and the page's moment."""
    oldest = stamp - keep_seconds() * 1000
    proofs = {
        name: [entry for entry in entries if entry[1] >= oldest]
        for name, entries in dict((raw or {}).get("proofs") or {}).items()
    }
    entries = [*proofs.get(trigger.value, []), [product_id, stamp]]
    proofs[trigger.value] = entries[-KEPT_PER_MOMENT:]
    return {"fire": [trigger.value, product_id], "proofs": proofs}


def proof_stamp(
    raw: Mapping[str, Any] | None,
    trigger: Trigger,
    product_id: int | None,
    now: int,
    max_age_seconds: float,
) -> int | None:
    """The stamp of the newest proof of ``trigger`` (about ``product_id``) recent enough."""
    entries = ((raw or {}).get("proofs") or {}).get(trigger.value) or ()
    for proven_product, stamp in reversed(entries):
        if now - stamp > max_age_seconds * 1000:
            return None  # in time order: the rest are older still
        if trigger not in PRODUCT_MOMENTS or proven_product == product_id:
            return stamp
    return None


def holds(
    raw: Mapping[str, Any] | None,
    trigger: Trigger,
    product_id: int | None,
    stamp: Any,
    now: int,
) -> bool:
    """Whether the very proof a quote was signed on is on record and not yet forgotten."""
    if not isinstance(stamp, int) or now - stamp > keep_seconds() * 1000:
        return False
    entries = ((raw or {}).get("proofs") or {}).get(trigger.value) or ()
    return any(
        entry[1] == stamp and (trigger not in PRODUCT_MOMENTS or entry[0] == product_id)
        for entry in entries
    )


# -- I/O ----------------------------------------------------------------------------------------
def record(request: Any, trigger: Trigger, product_id: Any = None) -> None:
    """The shop's signal saw ``trigger`` happen for this shopper: remember the proof."""
    token = shopper_token(request, create=True)
    if token is None:
        return
    # A shop may send its keys as text; the offers request compares the product model's keys.
    product_id = None if product_id in (None, "") else to_key_or_none(product_id)
    cache = _cache()
    key = record_key(token)
    cache.set(key, with_moment(cache.get(key), trigger, product_id, now_ms()), keep_seconds())


def has_page_moment(request: Any) -> bool:
    """Whether a moment is waiting for this page's pop-up (read only; the widget takes it)."""
    token = shopper_token(request)
    if token is None:
        return False
    raw = _cache().get(record_key(token))
    return bool(raw and raw.get("fire"))


def take_page_moment(request: Any) -> tuple[str, int | None] | None:
    """The moment the next page should fire, once; its proof stays for the offers request."""
    token = shopper_token(request)
    if token is None:
        return None
    cache = _cache()
    key = record_key(token)
    raw = cache.get(key)
    if not raw or not raw.get("fire"):
        return None
    cache.set(key, {**raw, "fire": None}, keep_seconds())
    trigger, product_id = raw["fire"]
    return trigger, product_id


def answered(
    raw: Mapping[str, Any] | None, token: str, trigger: Trigger, product_id: Any
) -> tuple[str, Any, int] | None:
    """The widget asks for the very moment the next page would fire (a storefront driven by
    JavaScript told it right after its add-to-cart): that moment is answered, and the next page
    fires its own (the cart page's ``cart_view``) instead of asking again. The record without
    its page moment, as ``(key, value, seconds)`` for the decision's one write; None when the
    page moment is another."""
    fire = (raw or {}).get("fire")
    if not fire or fire[0] != trigger.value or fire[1] != product_id:
        return None
    return record_key(token), {**raw, "fire": None}, keep_seconds()


def is_proven_now(request: Any, trigger: Trigger, product_id: int | None, stamp: Any) -> bool:
    """At accept time: the moment a quote names is still this shopper's recorded proof."""
    if trigger not in EVENT_TRIGGERS:
        return True
    token = shopper_token(request)
    if token is None:
        return False
    try:
        raw = _cache().get(record_key(token))
    except CACHE_ERRORS as exc:
        # The record is out of reach (Redis down). The server signed this stamp into a quote
        # bound to this very shopper only after it found the proof: honour it, so a shopper
        # who saw the offer can still accept it on the database.
        report("moments", exc, "an event moment is trusted from its signed quote")
        return isinstance(stamp, int) and now_ms() - stamp <= keep_seconds() * 1000
    return holds(raw, trigger, product_id, stamp, now_ms())
