"""The adjustments' rows: written by an acceptance, read per cart, dropped, consumed, pruned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..conf import upsell_settings
from ..models import CartAdjustment, OfferAcceptance
from ..models.acceptance import AcceptanceStatus
from ..models.product_keys import key_to_json, to_key
from ..selection.types import SubscriptionPlan
from .terms import LINE, SET_DISCOUNT, Grant


def lifetime() -> timedelta:
    """How long a cart lives: agreed terms older than this are ignored and pruned."""
    seconds = upsell_settings.ADJUSTMENTS_MAX_AGE_SECONDS
    return timedelta(seconds=settings.SESSION_COOKIE_AGE if seconds is None else seconds)


def record_line(
    acceptance: OfferAcceptance,
    cart_key: str,
    *,
    line_id: str,
    product_id: int,
    unit_price: Decimal,
    label: str,
    plan: SubscriptionPlan | None = None,
    quantity: int = 1,
) -> CartAdjustment:
    """Agreed terms for one line: ``unit_price`` for ``quantity`` units (what the pop-up showed)."""
    now = timezone.now()
    return CartAdjustment.objects.create(
        cart_key=cart_key,
        acceptance=acceptance,
        offer_id=acceptance.offer_id,
        kind=LINE,
        label=label[:200],
        line_id=str(line_id),
        product_id=product_id,
        unit_price=unit_price,
        quantity=max(int(quantity), 1),
        plan=_plan_to_json(plan),
        created_at=now,
        expires_at=now + lifetime(),
    )


def record_set_discount(
    acceptance: OfferAcceptance,
    cart_key: str,
    *,
    key: str,
    amount: Decimal,
    label: str,
    members: Sequence[tuple[str, int]],
) -> CartAdjustment:
    now = timezone.now()
    return CartAdjustment.objects.create(
        cart_key=cart_key,
        acceptance=acceptance,
        offer_id=acceptance.offer_id,
        kind=SET_DISCOUNT,
        label=label[:200],
        key=key,
        amount=amount,
        members=[[str(line_id), key_to_json(to_key(pid))] for line_id, pid in members],
        created_at=now,
        expires_at=now + lifetime(),
    )


def live(cart_key: str, now: datetime, *, for_update: bool = False) -> list[Grant]:
    """Grants of this cart not yet lost, used by an order or past the cart's life."""
    rows = CartAdjustment.objects.filter(
        cart_key=cart_key, dropped_at__isnull=True, consumed_at__isnull=True, expires_at__gt=now
    )
    if for_update:
        rows = rows.select_for_update()
    return [to_grant(row) for row in rows.order_by("created_at", "pk")]


def for_order(cart_key: str | None, order_id: str, now: datetime) -> list[Grant]:
    """Live grants of the cart, and those this very order already used (a retried call),
    locked so that two orders cannot both use one grant."""
    whose = Q(order_id=order_id)
    if cart_key:
        whose |= Q(
            cart_key=cart_key,
            dropped_at__isnull=True,
            consumed_at__isnull=True,
            expires_at__gt=now,
        )
    rows = CartAdjustment.objects.select_for_update().filter(whose).order_by("created_at", "pk")
    return [to_grant(row) for row in rows]


def used_by(order_id: str) -> list[Grant]:
    rows = CartAdjustment.objects.filter(order_id=order_id).order_by("created_at", "pk")
    return [to_grant(row) for row in rows]


def of_acceptance(acceptance_id: int, *, for_update: bool = False) -> list[Grant]:
    """Every grant one acceptance made, live or not."""
    rows = CartAdjustment.objects.filter(acceptance_id=acceptance_id)
    if for_update:
        rows = rows.select_for_update()
    return [to_grant(row) for row in rows.order_by("created_at", "pk")]


def drop(grants: Iterable[Grant], now: datetime) -> None:
    """The cart lost what earned these: for good, and their acceptances are no longer applied."""
    grants = list(grants)
    if not grants:
        return
    CartAdjustment.objects.filter(pk__in=[g.id for g in grants], dropped_at__isnull=True).update(
        dropped_at=now
    )
    OfferAcceptance.objects.filter(
        pk__in={g.acceptance_id for g in grants}, status=AcceptanceStatus.APPLIED
    ).update(status=AcceptanceStatus.REVOKED)


def consume(grants: Iterable[Grant], order_id: str, now: datetime) -> None:
    fresh = [g for g in grants if not g.order_id]
    if not fresh:
        return
    CartAdjustment.objects.filter(pk__in=[g.id for g in fresh]).update(
        order_id=order_id, consumed_at=now
    )
    OfferAcceptance.objects.filter(pk__in={g.acceptance_id for g in fresh}).update(
        order_id=order_id
    )


def prune(now: datetime) -> int:
    """Delete the terms of carts whose life is over (used or not)."""
    return CartAdjustment.objects.filter(expires_at__lte=now).delete()[0]


def to_grant(row: CartAdjustment) -> Grant:
    return Grant(
        id=row.pk,
        acceptance_id=row.acceptance_id,
        offer_id=row.offer_id,
        kind=row.kind,
        label=row.label,
        created_at=row.created_at,
        line_id=row.line_id,
        product_id=row.product_id,
        unit_price=row.unit_price,
        plan=_plan_from_json(row.plan),
        key=row.key,
        amount=row.amount,
        members=tuple((str(lid), to_key(pid)) for lid, pid in (row.members or ())),
        order_id=row.order_id,
        quantity=row.quantity,
    )


def _plan_to_json(plan: SubscriptionPlan | None) -> dict[str, Any] | None:
    return plan.as_json() if plan is not None else None


def _plan_from_json(data: Any) -> SubscriptionPlan | None:
    return SubscriptionPlan.from_json(data) if data else None
