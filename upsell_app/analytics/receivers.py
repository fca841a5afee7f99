"""Analytics receivers, connected when ``upsell_app.apps`` imports this module.

Thin on purpose: build a payload, hand it to :mod:`recording` (Celery or a direct write), and never
let an analytics failure break the shop's checkout or the shopper's click.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .. import signals
from ..models import EventType, Offer
from ..serving.shopper_facts import audience_of
from ..serving.shoppers import variant_for
from . import guard, tasks  # noqa: F401 - tasks: registered with Celery at app start
from .attribution import attribute_order, order_payload
from .impressions import shown_payload, value_at_stake  # noqa: F401 - value_at_stake: its old home
from .recording import dispatch, record_event, record_payloads

logger = logging.getLogger("upsell_app.analytics")


def cart_subtotal(request: Any) -> Decimal | None:
    """The cart subtotal at the time of an event, when the shop's adapter can tell (a read)."""
    from ..adapters import get_cart_adapter

    try:
        return get_cart_adapter(request).snapshot().subtotal
    except Exception:  # noqa: BLE001 - an event without a subtotal beats no event
        return None


@receiver(signals.order_completed, dispatch_uid="upsell_analytics_order_completed")
def on_order_completed(
    sender: Any,
    request: Any = None,
    order_id: Any = None,
    lines: Any = (),
    customer_key: str = "",
    ordered_at: Any = None,
    total: Any = None,
    **kwargs: Any,
) -> None:
    try:
        payload = order_payload(
            request, order_id, lines, customer_key=customer_key, ordered_at=ordered_at, total=total
        )
    except Exception:  # noqa: BLE001
        logger.exception("upsell: could not read completed order %s", order_id)
        return
    # After the shop's transaction commits: an order that rolls back was never completed.
    transaction.on_commit(lambda: dispatch("order", payload, attribute_order))


@receiver(signals.offer_accepted, dispatch_uid="upsell_analytics_offer_accepted")
def on_offer_accepted(
    sender: Any, request: Any = None, acceptance: Any = None, trigger: str = "", **kw: Any
) -> None:
    if acceptance is None:
        return
    record_event(
        EventType.ACCEPT,
        acceptance.offer_id,
        request=request,
        trigger=trigger,  # "mail": accepted from a follow-up mail's link
        variant_id=variant_for(request, acceptance.offer_id),
        cart_subtotal=cart_subtotal(request),
        value=acceptance.value,
        audience=audience_of(request),
    )


@receiver(signals.offer_declined, dispatch_uid="upsell_analytics_offer_declined")
def on_offer_declined(
    sender: Any, request: Any = None, offer_id: int | None = None, **kw: Any
) -> None:
    if offer_id is None:
        return
    record_event(
        EventType.DECLINE,
        offer_id,
        request=request,
        variant_id=variant_for(request, offer_id),
        cart_subtotal=cart_subtotal(request),
    )


@receiver(signals.offer_shown, dispatch_uid="upsell_analytics_offer_shown")
def on_offer_shown(
    sender: Any,
    request: Any = None,
    offer_id: int | None = None,
    variant_id: int | None = None,
    trigger: Any = "",
    is_control: bool = False,
    **kw: Any,
) -> None:
    """An impression, or a control exposure (the offer held back for the A/B holdout).

    Optional kwargs ``cart_subtotal`` and ``decision`` (the Decision shown) fill in the cart
    subtotal and the value at stake without another query; ``impression_id`` (named in the
    pop-up's quotes) becomes the event's uid. ``recorded=True``: the offers decision already
    wrote the event together with the shopper's restraint memory.
    """
    if offer_id is None or kw.get("recorded"):
        return
    payload = shown_payload(
        request,
        offer_id,
        variant_id=variant_id,
        trigger=trigger,
        is_control=is_control,
        cart_subtotal=kw.get("cart_subtotal"),
        decision=kw.get("decision"),
        impression_id=kw.get("impression_id"),
        audience=kw.get("audience") or "",
    )
    if payload is not None:
        record_payloads([payload])


@receiver(signals.offer_dismissed, dispatch_uid="upsell_analytics_offer_dismissed")
def on_offer_dismissed(
    sender: Any, request: Any = None, offer_id: int | None = None, **kw: Any
) -> None:
    if offer_id is None:
        return
    record_event(
        EventType.DISMISS, offer_id, request=request, variant_id=variant_for(request, offer_id)
    )


@receiver(post_save, sender=Offer, dispatch_uid="upsell_analytics_offer_resumed")
def on_offer_saved(sender: Any, instance: Offer, **kwargs: Any) -> None:
    if instance.is_active:
        guard.resolve_pauses(instance.pk)


def _invalidate_index(**kwargs: Any) -> None:
    # Variants travel inside the offer index: a changed arm must reach the pop-up at once.
    from ..serving import offer_index

    transaction.on_commit(offer_index.invalidate)


def _connect_variant_receivers() -> None:
    from django.db.models.signals import m2m_changed, post_delete

    from ..models import OfferVariant

    post_save.connect(_invalidate_index, sender=OfferVariant, dispatch_uid="upsell_variant_saved")
    post_delete.connect(
        _invalidate_index, sender=OfferVariant, dispatch_uid="upsell_variant_deleted"
    )
    m2m_changed.connect(
        _invalidate_index,
        sender=OfferVariant.target_products.through,
        dispatch_uid="upsell_variant_targets",
    )


_connect_variant_receivers()
