"""Thin receivers: keep the offer index fresh and remember which moment a page should react to."""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import signals
from .conf import product_model_label
from .models import Offer
from .selection.types import Trigger
from .serving import cart_snapshots, moments, offer_index, post_purchase, shopper_facts
from .serving.outages import CACHE_ERRORS, report

logger = logging.getLogger("upsell_app")


def _invalidate_on_commit(**kwargs: Any) -> None:
    transaction.on_commit(offer_index.invalidate)


post_save.connect(_invalidate_on_commit, sender=Offer, dispatch_uid="upsell_offer_saved")
post_delete.connect(_invalidate_on_commit, sender=Offer, dispatch_uid="upsell_offer_deleted")
# A text changed in one language (parler saves it as its own row) changes what shoppers read.
OfferTexts = Offer._parler_meta.root_model
post_save.connect(_invalidate_on_commit, sender=OfferTexts, dispatch_uid="upsell_texts_saved")
post_delete.connect(_invalidate_on_commit, sender=OfferTexts, dispatch_uid="upsell_texts_deleted")
m2m_changed.connect(
    _invalidate_on_commit, sender=Offer.source_products.through, dispatch_uid="upsell_offer_sources"
)
m2m_changed.connect(
    _invalidate_on_commit, sender=Offer.target_products.through, dispatch_uid="upsell_offer_targets"
)


def connect_product_model() -> None:
    """Prices and stock live in the index too: a product save makes it stale."""
    try:
        product_model = apps.get_model(product_model_label())
    except (LookupError, ValueError):
        return  # reported by checks.py
    post_save.connect(
        _invalidate_on_commit, sender=product_model, dispatch_uid="upsell_product_saved"
    )
    post_delete.connect(
        _invalidate_on_commit, sender=product_model, dispatch_uid="upsell_product_deleted"
    )


connect_product_model()


# -- moments: the shop's server-side events, proven for the offers request (see moments.py) ------
def set_pending(request: Any, trigger: Trigger, product_id: int | None = None) -> None:
    """Record that ``trigger`` happened for this shopper: the next page fires it, and the offers
    request (and the accept) find the shop's proof."""
    if request is None or not hasattr(request, "session"):
        return
    try:
        moments.record(request, trigger, product_id)
    except CACHE_ERRORS as exc:  # the shop's cart and checkout must not fail on the app's cache
        report("moments", exc, f"the {trigger.value} moment is not remembered")


@receiver(signals.cart_changed, dispatch_uid="upsell_cart_changed")
def on_cart_changed(sender: Any, request: Any = None, **kw: Any) -> None:
    cart_snapshots.forget(request)


@receiver(signals.cart_line_added, dispatch_uid="upsell_cart_line_added")
def on_cart_line_added(
    sender: Any, request: Any = None, product_id: int | None = None, **kw: Any
) -> None:
    cart_snapshots.forget(request)
    if signals.missing_arguments("cart_line_added", sender, product_id=product_id):
        return
    set_pending(request, Trigger.ADD_TO_CART, product_id)


@receiver(signals.cart_line_removed, dispatch_uid="upsell_cart_line_removed")
def on_cart_line_removed(
    sender: Any, request: Any = None, product_id: int | None = None, line_id: Any = None, **kw: Any
) -> None:
    from .accepting.acceptance import revoke_for_removed_line

    cart_snapshots.forget(request)
    if signals.missing_arguments(
        "cart_line_removed", sender, product_id=product_id, line_id=line_id
    ):
        return
    if request is not None:
        revoke_for_removed_line(request, str(line_id))
    set_pending(request, Trigger.ITEM_REMOVED, product_id)


@receiver(signals.checkout_started, dispatch_uid="upsell_checkout_started")
def on_checkout_started(sender: Any, request: Any = None, **kw: Any) -> None:
    set_pending(request, Trigger.CHECKOUT_START)


@receiver(signals.order_completed, dispatch_uid="upsell_order_completed")
def on_order_completed(sender: Any, request: Any = None, **kw: Any) -> None:
    from .adjustments.orders import check_order
    from .associations import history

    cart_snapshots.forget(request)
    if signals.missing_arguments("order_completed", sender, order_id=kw.get("order_id")):
        return
    # The app's own purchase history feeds "also bought"; recording is idempotent per line.
    history.on_order_completed(sender, request=request, **kw)
    # The customer's past orders and spend changed: audiences read them afresh.
    shopper_facts.remember_order(request, str(kw.get("customer_key") or ""))
    # Did the shop charge what the app agreed? Reported, never raised: the order stands.
    try:
        with transaction.atomic():
            check_order(
                request,
                kw["order_id"],
                kw.get("lines") or (),
                total=kw.get("total"),
                discounts=kw.get("discounts"),
            )
    except Exception:  # noqa: BLE001 - the shop's order must not fail on the app's report
        logger.exception("Could not compare order %s with the agreed terms", kw["order_id"])
    # What the shopper accepted is part of the order now: Undo no longer takes it back.
    if request is not None:
        from .accepting.undo import close_for_order
        from .adjustments.orders import ordered_lines

        try:
            products = {x.product_id for x in ordered_lines(kw.get("lines") or ())}
        except (KeyError, AttributeError, TypeError, ValueError, ArithmeticError):
            products = set()
        close_for_order(request, kw["order_id"], products)
        # The thank-you offer may join this order (when the shop has an order adapter).
        post_purchase.remember(request, kw["order_id"])
    set_pending(request, Trigger.ORDER_COMPLETED)
