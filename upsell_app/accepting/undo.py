"""Confirmation and Undo of an accepted offer.

Right after an accept the pop-up confirms what changed, with the new cart total, and offers Undo
for ``UNDO_WINDOW_SECONDS``. Undo reverses exactly what that accept changed, through the shop's
cart adapter, and nothing else: the lines it added are removed (with a set's discount), a line it
swapped gets its former product and price back. The plan for that is written with the acceptance,
in the same transaction as the change, so an Undo never guesses. Undo is idempotent: a second
Undo (a double click, a retry) answers like the first and changes nothing.

Whether the cart keeps prices itself (``CartAdapter``) or the app keeps them (a cart that only
holds lines): lines are removed and swapped back through the adapter either way, and terms the app
kept for the acceptance are dropped with it.

Exactly what the accept changed: units the shopper added to a line by hand since then stay (the
undo of a cross-sell of 1 on a line now holding 4 leaves 3), an upgrade swaps back only the units
it agreed. Undo is for a cart: once the order is placed (its terms used by an order, or the cart
gone to one), it answers 409 and changes nothing.
"""

from __future__ import annotations

import inspect
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import signals
from ..adapters import SimpleCartAdapter, changed_cart, get_cart_adapter, get_catalog_adapter
from ..adjustments import store
from ..cart_lock import CartChanged, check_version, record_version
from ..conf import upsell_settings
from ..models import CartAdjustment, OfferAcceptance
from ..models.acceptance import AcceptanceStatus
from ..models.product_keys import key_to_json, to_key, to_key_or_none
from ..selection.pricing import round_money
from ..selection.types import CartSnapshot, Kind
from ..serving import cart_snapshots, shopper_state
from ..serving.presentation import money, present_cart

if TYPE_CHECKING:
    from .acceptance import _Checked

#: Undo plan operations, as stored on the acceptance.
REMOVE_LINES = "remove_lines"
RESTORE_LINE = "restore_line"


class UndoError(Exception):
    """A refusal the API reports as ``{"detail": ..., "code": ...}`` with ``status``."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code}


# -- at accept time -----------------------------------------------------------------------------
def plan(
    kind: Kind,
    before: CartSnapshot,
    checked: _Checked,
    line_ids: list[str],
    bundle_key: str,
) -> dict[str, Any]:
    """How to reverse this accept, from the cart as it was just before it; ``{}``: no Undo."""
    line = checked.choice.source_line
    if kind is Kind.SUBSCRIPTION:
        # No adapter method turns a subscription line back; the shopper removes it in the cart.
        return {}
    if kind in (Kind.UPSELL, Kind.DOWNSELL) and line is not None:
        old = next((x for x in before.lines if x.line_id == line.line_id), line)
        return {
            "op": RESTORE_LINE,
            "line_id": str(line_ids[0]),
            "product_id": key_to_json(old.product_id),
            "unit_price": money(old.unit_price),
            "now_product_id": key_to_json(checked.choice.product.id),
            "quantity": old.quantity,  # the units the swap agreed; more were added by hand
        }
    added = [checked.choice.product.id]
    if checked.picks:
        added = [c.product.id for c, _ in checked.picks]
    elif kind is Kind.BUNDLE:
        added = [c.product.id for c in checked.decision.choices]
    # Only the lines this accept added: a set also names the cart line it goes with (it earns
    # the set price), which was there before and stays.
    existed = {x.line_id for x in before.lines}
    new_ids = [str(lid) for lid in line_ids if str(lid) not in existed]
    return {
        "op": REMOVE_LINES,
        # Each added line holds one unit the offer added; units added to it later stay.
        "lines": [[lid, key_to_json(pid), 1] for lid, pid in zip(new_ids, added, strict=False)],
        "bundle_key": bundle_key,
    }


def deadline(acceptance: OfferAcceptance) -> Any:
    created = acceptance.created_at or timezone.now()
    return created + timedelta(seconds=upsell_settings.UNDO_WINDOW_SECONDS)


def confirmation(
    acceptance: OfferAcceptance, checked: _Checked, cart: dict[str, Any]
) -> dict[str, Any]:
    """What the pop-up confirms after the accept (announced to screen readers), with its Undo."""
    if checked.picks:
        titles = [c.product.title for c, _ in checked.picks]
    elif checked.rule.kind is Kind.BUNDLE:
        titles = [c.product.title for c in checked.decision.choices]
    else:
        titles = [checked.choice.product.title]
    kind = checked.rule.kind
    if kind is Kind.SUBSCRIPTION:
        message = _("Switched to a subscription: %(items)s.")
    elif kind in (Kind.UPSELL, Kind.DOWNSELL) and checked.choice.source_line is not None:
        message = _("Changed in your cart: now %(items)s.")
    else:
        message = _("Added to your cart: %(items)s.")
    undo = None
    if acceptance.undo_plan:
        undo = {
            "url": reverse("upsell:acceptance-undo", args=[acceptance.pk]),
            "label": _("Undo"),
            "expires_at": deadline(acceptance).isoformat(),
            "seconds": upsell_settings.UNDO_WINDOW_SECONDS,
        }
    return {
        "message": message % {"items": ", ".join(titles)},
        "total_label": _("New cart total"),
        "total_display": cart["total_display"],
        "undo": undo,
    }


# -- the Undo -----------------------------------------------------------------------------------
def undo_acceptance(request: HttpRequest, acceptance_id: int) -> dict[str, Any]:
    """Reverse what acceptance ``acceptance_id`` changed, once; a repeat changes nothing."""
    key = shopper_state.shopper_key(request)
    adapter = get_cart_adapter(request)
    with transaction.atomic():
        acceptance = (
            OfferAcceptance.objects.select_for_update().filter(pk=acceptance_id).first()
        )
        if acceptance is None or not _belongs_to(acceptance, key, request):
            raise UndoError(404, "not_found", _("There is nothing to undo."))
        if acceptance.status == AcceptanceStatus.UNDONE:
            return _answer(acceptance, adapter)
        if _ordered(acceptance):
            raise UndoError(
                409,
                "already_ordered",
                _("This is part of an order now and can no longer be undone here."),
            )
        if not acceptance.undo_plan:
            raise UndoError(409, "not_undoable", _("This change cannot be undone here."))
        if acceptance.status != AcceptanceStatus.APPLIED:
            raise UndoError(409, "cart_changed", _("Your cart has changed since then."))
        if timezone.now() > deadline(acceptance):
            raise UndoError(
                409, "undo_expired", _("It is too late to undo this. Please change your cart.")
            )
        with adapter.lock():
            read_version = _unchanged_version(adapter)
            _reverse(adapter, acceptance.undo_plan, acceptance.offer_id)
            if read_version is not None:
                key, written = adapter.cart_key(), adapter.cart_version()
                transaction.on_commit(lambda: record_version(key, written))
            # The terms this accept agreed go with it, even on a line that stays (hand-added
            # units remain at the shop's price).
            store.drop(store.of_acceptance(acceptance.pk), timezone.now())
        acceptance.status = AcceptanceStatus.UNDONE
        acceptance.undone_at = timezone.now()
        acceptance.save(update_fields=["status", "undone_at"])
        cart_snapshots.forget(request)
        # Not this offer again in this session: the shopper has just said no to it.
        shopper_state.record_dismiss(request, acceptance.offer_id)
        changed_cart(request, adapter)
        transaction.on_commit(
            lambda: signals.offer_undone.send(
                sender=OfferAcceptance, request=request, acceptance=acceptance
            )
        )
        return _answer(acceptance, adapter)


def _unchanged_version(adapter: Any) -> str | None:
    """The version a cart without a lock of its own was read at (see ``cart_version``), once
    checked that no one wrote the cart since; None for a cart guarded by its lock."""
    read = adapter.cart_version() if isinstance(adapter, SimpleCartAdapter) else None
    if read is None:
        return None
    try:
        check_version(adapter.cart_key(), read)
    except CartChanged:
        raise UndoError(
            409,
            "cart_changed",
            _("Your cart was changed elsewhere in the meantime. Please reload the page."),
        ) from None
    return read


def _belongs_to(acceptance: OfferAcceptance, key: str, request: HttpRequest) -> bool:
    if acceptance.shopper_key == key:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and acceptance.user_id == user.pk)


def _ordered(acceptance: OfferAcceptance) -> bool:
    """Whether what the accept changed has gone to an order (the shopper was charged for it)."""
    if acceptance.order_id:
        return True
    return CartAdjustment.objects.filter(
        acceptance=acceptance, consumed_at__isnull=False
    ).exists()


def close_for_order(request: HttpRequest, order_id: str, product_ids: set[int]) -> int:
    """The cart went to order ``order_id``: what this shopper accepted for the products it holds
    is part of the order now, and Undo no longer applies to it. Returns how many were closed."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    user = getattr(request, "user", None)
    if not session_key and not (user is not None and user.is_authenticated):
        return 0
    whose = OfferAcceptance.objects.none()
    if session_key:
        whose = whose | OfferAcceptance.objects.filter(shopper_key=session_key)
    if user is not None and user.is_authenticated:
        whose = whose | OfferAcceptance.objects.filter(user_id=user.pk)
    open_ones = whose.filter(status=AcceptanceStatus.APPLIED, order_id="")
    closed = open_ones.filter(product_id__in=product_ids).update(order_id=str(order_id)[:64])
    # The rest were accepted in the cart that has just become this order, yet nothing of theirs
    # is in it (their lines were removed): they end here, so that a later cart whose lines reuse
    # their line ids is never taken back, or priced, in their name.
    now = timezone.now()
    for acceptance in open_ones.exclude(product_id__in=product_ids):
        if _products(acceptance) & set(product_ids):
            continue  # a set with one of its lines in the order: attribution still counts it
        store.drop(store.of_acceptance(acceptance.pk), now)
        OfferAcceptance.objects.filter(
            pk=acceptance.pk, status=AcceptanceStatus.APPLIED
        ).update(status=AcceptanceStatus.REVOKED)
    return closed


def _products(acceptance: OfferAcceptance) -> set[Any]:
    """Every product an accept put in the cart (its own, a set's lines, an upgrade's)."""
    found = {acceptance.product_id}
    plan_ = acceptance.undo_plan or {}
    for _line_id, product_id, *_rest in plan_.get("lines") or ():
        found.add(to_key_or_none(product_id))
    if plan_.get("now_product_id") is not None:
        found.add(to_key_or_none(plan_["now_product_id"]))
    return found


def _set_quantity(adapter: Any, line_id: str, quantity: int) -> str:
    try:
        return str(adapter.set_quantity(line_id, quantity))
    except NotImplementedError as exc:
        # The shop cannot take back part of a line: nothing changes (the transaction rolls back).
        raise UndoError(409, "cart_changed", _("Your cart has changed since then.")) from exc


def _reverse(adapter: Any, undo_plan: dict[str, Any], offer_id: int) -> None:
    current = {line.line_id: line for line in adapter.get_lines()}
    if undo_plan["op"] == REMOVE_LINES:
        still_there = [
            line_id
            for line_id, product_id, *_added in undo_plan["lines"]
            if line_id in current and current[line_id].product_id == to_key_or_none(product_id)
        ]
        if not still_there:
            # Nothing it added is in the cart (removed by hand, or the cart became an order):
            # saying "undone" would promise a change that did not happen.
            raise UndoError(409, "cart_changed", _("Your cart has changed since then."))
        for line_id, product_id, *added in undo_plan["lines"]:
            line = current.get(line_id)
            if line is None or line.product_id != to_key_or_none(product_id):
                continue  # a line the shopper removed already stays gone
            units = added[0] if added else line.quantity
            if line.quantity > units:  # the shopper added more by hand: those stay
                _set_quantity(adapter, line_id, line.quantity - units)
            else:
                adapter.remove_line(line_id)
        if undo_plan.get("bundle_key"):
            revoke = getattr(adapter, "revoke_bundle_discount", None)
            try:
                if revoke is not None:
                    revoke(undo_plan["bundle_key"])
            except NotImplementedError:
                pass  # the app keeps set discounts: gone with the set's lines
        return
    line = current.get(undo_plan["line_id"])
    if line is None or line.product_id != to_key_or_none(undo_plan["now_product_id"]):
        raise UndoError(409, "cart_changed", _("Your cart has changed since then."))
    product_id, price = to_key(undo_plan["product_id"]), Decimal(undo_plan["unit_price"])
    agreed = int(undo_plan.get("quantity") or line.quantity)
    extra = line.quantity - agreed  # units of the new product the shopper added by hand
    line_id = str(line.line_id)
    if extra > 0:
        # Only the agreed units go back; the hand-added ones stay the new product (below).
        line_id = _set_quantity(adapter, line_id, agreed)
    full = "unit_price" in inspect.signature(adapter.replace_line).parameters
    if full:
        adapter.replace_line(line_id, product_id, price, offer_id=offer_id)
    else:  # the shop's cart holds lines only; the app's terms for the line lapse with the swap
        adapter.replace_line(line_id, product_id)
    if extra <= 0:
        return
    now_id = undo_plan["now_product_id"]
    if isinstance(adapter, SimpleCartAdapter):
        adapter.add_line(now_id, extra)
        return
    own = get_catalog_adapter().get_products({now_id}).get(now_id)
    if own is None:
        raise UndoError(409, "cart_changed", _("Your cart has changed since then."))
    places = upsell_settings.PRICE_DECIMAL_PLACES
    adapter.add_line(now_id, extra, round_money(own.price, places), offer_id=None)


def _answer(acceptance: OfferAcceptance, adapter: Any) -> dict[str, Any]:
    cart = present_cart(adapter.get_summary())
    return {
        "undone": True,
        "offer_id": acceptance.offer_id,
        "cart": cart,
        "confirmation": {
            "message": _("Undone: your cart is as it was before."),
            "total_label": _("Cart total"),
            "total_display": cart["total_display"],
            "undo": None,
        },
    }

