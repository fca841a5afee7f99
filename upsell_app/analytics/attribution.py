"""Which completed order lines an offer earned, and which A/B arms the ordering shopper had seen.

Runs from the shop's ``order_completed`` signal (through a Celery task when a broker is up). A line
is attributed to an offer when it came from an accepted offer that still held at checkout:

* the shop's line carries ``offer_id`` and the shopper's acceptance of that offer is APPLIED (or
  the shop vouches for it and no acceptance says otherwise);
* a line without ``offer_id`` matches an APPLIED acceptance of the same product;
* an acceptance REVOKED because its line was removed earns nothing, even if the shopper later
  added the same product by hand.

Each attributed line keeps its full revenue, and the first line of each acceptance also carries
what that accept *changed* (``incremental``: an upgrade's price difference, a set net of its
discount, a subscription's committed deliveries less the line it replaced; ``kept``: what a
downsell saved from removal), as the acceptance recorded it when the shopper accepted. A line the
shop vouches for without an acceptance reports the ``incremental``/``kept`` amounts the order line
carries (the demo's simulated traffic prices them as an accept would); without them it counts as
added revenue only for a cross-sell (a new line): for the other kinds the line it changed is
unknown, so it adds nothing.

Margin is revenue minus cost when the catalogue adapter has an optional ``get_cost(obj)`` method.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..adapters import get_catalog_adapter
from ..conf import upsell_settings
from ..models.product_keys import key_to_json, to_key
from . import visits
from .recording import _datetime, request_identity


def _line_field(line: Any, name: str, default: Any = None) -> Any:
    if isinstance(line, Mapping):
        return line.get(name, default)
    return getattr(line, name, default)


def order_payload(
    request: Any,
    order_id: Any,
    lines: Iterable[Any],
    *,
    customer_key: str = "",
    ordered_at: datetime | None = None,
    total: Decimal | None = None,
    is_simulated: bool = False,
) -> dict[str, Any]:
    """The signal's arguments as JSON types (the order may travel through the broker)."""
    from django.utils import timezone

    shopper_key, user_id = request_identity(request) if request is not None else ("", None)
    rows = []
    for position, line in enumerate(lines):
        quantity = int(_line_field(line, "quantity", 1) or 1)
        unit_price = Decimal(str(_line_field(line, "unit_price", 0) or 0))
        line_id = _line_field(line, "line_id") or _line_field(line, "pk") or position
        rows.append(
            {
                "line_key": str(line_id),
                "product_id": key_to_json(to_key(_line_field(line, "product_id"))),
                "quantity": quantity,
                "unit_price": str(unit_price),
                "offer_id": _line_field(line, "offer_id"),
            }
        )
    computed = sum((Decimal(r["unit_price"]) * r["quantity"] for r in rows), Decimal("0"))
    return {
        "order_id": str(order_id),
        "shopper_key": shopper_key,
        "user_id": user_id,
        "customer_key": customer_key or "",
        "ordered_at": (ordered_at or timezone.now()).isoformat(),
        "total": str(total if total is not None else computed),
        "lines": rows,
        "is_simulated": is_simulated,
    }


def _costs(product_ids: set[int]) -> dict[int, Decimal]:
    catalog = get_catalog_adapter()
    get_cost = getattr(catalog, "get_cost", None)
    if get_cost is None or not product_ids:
        return {}
    costs = {}
    for obj in catalog.get_queryset().filter(pk__in=product_ids):
        cost = get_cost(obj)
        if cost is not None:
            costs[obj.pk] = Decimal(cost)
    return costs


def _pick_acceptance(
    line: Mapping[str, Any], acceptances: list, used: set[int]
) -> tuple[Any, bool]:
    """(acceptance or None, counted?) for one order line."""
    from ..models.acceptance import AcceptanceStatus

    offer_id, product_id = line["offer_id"], line["product_id"]
    if offer_id:
        own = [a for a in acceptances if a.offer_id == offer_id]
        applied = [a for a in own if a.status == AcceptanceStatus.APPLIED]
        # Prefer the acceptance of this very product; a bundle's acceptance covers all its lines.
        if applied:
            return min(applied, key=lambda a: a.product_id != product_id), True
        if own:  # every acceptance of it was revoked: the line was removed, then re-added by hand
            return None, False
        return None, True  # the shop's cart line says it came from the offer
    for acceptance in acceptances:
        if (
            acceptance.pk not in used
            and acceptance.status == AcceptanceStatus.APPLIED
            and acceptance.product_id == product_id
        ):
            return acceptance, True
    return None, False


def _change(
    line: Mapping[str, Any], acceptance: Any, used: set[int], kind: str, revenue: Decimal
) -> tuple[Decimal, Decimal]:
    """(incremental, kept) one attributed line reports: an acceptance's change counts once."""
    zero = Decimal("0")
    if acceptance is None:
        if line.get("incremental") is not None or line.get("kept") is not None:
            return Decimal(line.get("incremental") or 0), Decimal(line.get("kept") or 0)
        return (revenue if kind == "cross_sell" else zero), zero
    if acceptance.pk in used:  # a set's other lines: the acceptance was counted on its first
        return zero, zero
    if acceptance.incremental is None and acceptance.kept is None:
        # Accepted before the app recorded changes: its recorded cart value is the best estimate.
        return (zero, acceptance.value) if kind == "downsell" else (acceptance.value, zero)
    return acceptance.incremental or zero, acceptance.kept or zero


def attribute_order(order: Mapping[str, Any]) -> int:
    """Record the order's outcome, attributed lines and exposures. Idempotent per order id."""
    from ..models import (
        Attribution,
        EventType,
        OfferAcceptance,
        OfferEvent,
        OrderExposure,
        OrderOutcome,
    )
    from ..models.offers import Offer

    ordered_at = _datetime(order["ordered_at"])
    since = ordered_at - timedelta(days=upsell_settings.ATTRIBUTION_WINDOW_DAYS)
    shopper_key, user_id = order.get("shopper_key") or "", order.get("user_id")
    whose = Q(shopper_key=shopper_key) if shopper_key else Q(pk__in=[])
    if user_id is not None:
        whose |= Q(user_id=user_id)
    event_whose = Q(shopper_key=shopper_key) if shopper_key else Q(pk__in=[])
    if user_id is not None:
        event_whose |= Q(customer_id=user_id)
    is_simulated = bool(order.get("is_simulated"))
    visitor, held_out = visits.order_group(user_id, shopper_key)

    with transaction.atomic():
        outcome, created = OrderOutcome.objects.get_or_create(
            order_id=order["order_id"],
            defaults={
                "shopper_key": shopper_key,
                "customer_key": order.get("customer_key", ""),
                "total": Decimal(order["total"]),
                "ordered_at": ordered_at,
                "is_simulated": is_simulated,
                "visitor_id": visitor,
                "held_out": held_out,
            },
        )
        if not created:
            return 0
        if held_out is not None:  # a buyer is a visitor of the day they ordered
            day = timezone.localdate(ordered_at)
            visits.write_visits([(visitor, day, held_out)], is_simulated=is_simulated)
        already = Attribution.objects.filter(acceptance__isnull=False).values("acceptance_id")
        acceptances = list(
            OfferAcceptance.objects.filter(whose, created_at__gte=since, created_at__lte=ordered_at)
            .exclude(pk__in=already)
            .exclude(post_purchase=True)  # those belong to the order they joined (below)
            .order_by("-created_at")
        )
        # Keys travelled as JSON (a UUID as text): back to the product model's keys.
        lines = [{**line, "product_id": to_key(line["product_id"])} for line in order["lines"]]
        named = {line["offer_id"] for line in lines if line["offer_id"]}
        named |= {a.offer_id for a in acceptances}
        kinds = dict(Offer.objects.filter(pk__in=named).values_list("pk", "kind"))
        live_offers = set(kinds)
        costs = _costs({line["product_id"] for line in lines})
        used: set[int] = set()
        rows: list[Attribution] = []
        for line in lines:
            acceptance, counted = _pick_acceptance(line, acceptances, used)
            offer_id = acceptance.offer_id if acceptance is not None else line["offer_id"]
            if not counted or offer_id not in live_offers:
                continue
            revenue = Decimal(line["unit_price"]) * line["quantity"]
            added, kept = _change(line, acceptance, used, kinds[offer_id], revenue)
            if acceptance is not None:
                used.add(acceptance.pk)
            cost = costs.get(line["product_id"])
            rows.append(
                Attribution(
                    offer_id=offer_id,
                    acceptance=acceptance,
                    order=outcome,
                    line_key=line["line_key"],
                    product_id=line["product_id"],
                    quantity=line["quantity"],
                    revenue=revenue,
                    margin=None if cost is None else revenue - cost * line["quantity"],
                    incremental=added,
                    kept=kept,
                    ordered_at=ordered_at,
                    is_simulated=is_simulated,
                    # A line the shop says joined the order after it was placed (simulated
                    # traffic says so; a real one comes from its acceptance, below).
                    post_purchase=bool(line.get("post_purchase")),
                )
            )
        exposures = (
            OfferEvent.objects.filter(
                event_whose,
                type__in=(EventType.IMPRESSION, EventType.CONTROL_EXPOSURE),
                created_at__gte=since,
                created_at__lte=ordered_at,
            )
            .order_by("created_at")
            .values_list("offer_id", "variant_id", "type")
        )
        seen: dict[int, tuple[int | None, bool]] = {}
        for offer_id, variant_id, kind in exposures:
            seen[offer_id] = (variant_id, kind == EventType.CONTROL_EXPOSURE)  # latest arm wins
        for row in rows:
            row.variant_id = seen.get(row.offer_id, (None, False))[0]
        Attribution.objects.bulk_create(rows)
        OrderExposure.objects.bulk_create(
            [
                OrderExposure(order=outcome, offer_id=o, variant_id=v, is_control=control)
                for o, (v, control) in seen.items()
            ]
        )
        if rows:
            outcome.had_accepted_offer = True
            outcome.attributed_revenue = sum((r.revenue for r in rows), Decimal("0"))
            outcome.save(update_fields=["had_accepted_offer", "attributed_revenue"])
        # Thank-you offers that joined this order before its outcome was recorded (the order's
        # task ran late): their lines were not in the signal's order.
        joined = OfferAcceptance.objects.filter(
            order_id=order["order_id"], post_purchase=True
        ).values_list("pk", flat=True)
        added = sum(attribute_post_purchase(pk) for pk in joined)
    return len(rows) + added


def attribute_post_purchase(acceptance_id: int) -> int:
    """Count a thank-you offer that joined a placed order as post-purchase revenue of that order.

    Its line was added after the order's ``order_completed``, so the order's outcome grows by it
    (total and attributed revenue). Idempotent per acceptance; waits for the order's outcome when
    it is not recorded yet (:func:`attribute_order` counts it then). Returns the lines recorded.
    """
    from ..models import Attribution, OfferAcceptance, OrderOutcome
    from ..models.acceptance import AcceptanceStatus

    with transaction.atomic():
        acceptance = OfferAcceptance.objects.filter(
            pk=acceptance_id, post_purchase=True, status=AcceptanceStatus.APPLIED
        ).first()
        if acceptance is None:
            return 0
        outcome = (
            OrderOutcome.objects.select_for_update().filter(order_id=acceptance.order_id).first()
        )
        if outcome is None or Attribution.objects.filter(acceptance=acceptance).exists():
            return 0
        revenue = acceptance.unit_price
        cost = _costs({acceptance.product_id}).get(acceptance.product_id)
        Attribution.objects.create(
            offer_id=acceptance.offer_id,
            acceptance=acceptance,
            order=outcome,
            line_key=(acceptance.line_ids or [f"post-{acceptance.pk}"])[0],
            product_id=acceptance.product_id,
            quantity=1,
            revenue=revenue,
            margin=None if cost is None else revenue - cost,
            incremental=acceptance.incremental if acceptance.incremental is not None else revenue,
            kept=Decimal("0"),
            ordered_at=acceptance.created_at,
            is_simulated=outcome.is_simulated,
            post_purchase=True,
        )
        outcome.total += revenue
        outcome.attributed_revenue += revenue
        outcome.had_accepted_offer = True
        outcome.save(update_fields=["total", "attributed_revenue", "had_accepted_offer"])
    return 1
