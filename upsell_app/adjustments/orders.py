"""After an order: did the shop charge what the app agreed?

A shop that forgot to price its cart through :func:`upsell_app.adjustments.for_cart` /
:func:`~upsell_app.adjustments.for_order` learns it on its first order, not from a customer
charged a price other than the one shown: the app compares the order's lines and discounts with
the terms it agreed, logs an error and flags the acceptance (the admin's "accepted offers" list
shows the flag and warns).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import OfferAcceptance
from ..serving.presentation import money
from . import store
from .current import was_priced
from .terms import LINE, SET_DISCOUNT, Grant

logger = logging.getLogger("upsell_app.adjustments")


@dataclass(frozen=True, slots=True)
class OrderedLine:
    product_id: int
    quantity: int
    unit_price: Decimal


def _field(obj: Any, name: str) -> Any:
    return obj[name] if isinstance(obj, Mapping) else getattr(obj, name)


def ordered_lines(lines: Iterable[Any]) -> list[OrderedLine]:
    """The ``lines`` of ``order_completed`` (objects or dicts) as plain data."""
    return [
        OrderedLine(
            int(_field(x, "product_id")),
            int(_field(x, "quantity")),
            Decimal(_field(x, "unit_price")),
        )
        for x in lines
    ]


def _show(amount: Decimal) -> str:
    """As the shop shows money, unless rounding would hide the difference being reported."""
    shown = money(amount)
    return shown if Decimal(shown) == amount else str(amount)


def _amount(discount: Any) -> Decimal:
    if isinstance(discount, (int, Decimal, str)):
        return Decimal(discount)
    return Decimal(_field(discount, "amount"))


def mismatches(
    grants: Sequence[Grant],
    lines: Sequence[OrderedLine],
    *,
    discounts: Sequence[Decimal] | None,
    total: Decimal | None,
    shop_prices: Mapping[int, Decimal] | None = None,
) -> dict[int, list[str]]:
    """``{acceptance id: [what differs]}`` between the agreed grants and the order (pure).

    ``shop_prices``: the shop's own price of each product; units beyond those agreed charged at
    the agreed price are reported unless it is the shop's price anyway.
    """
    shop_prices = shop_prices or {}
    found: dict[int, list[str]] = {}
    latest: dict[str, Grant] = {}
    for g in sorted(grants, key=lambda g: (g.created_at, g.id)):
        if g.kind == LINE:
            latest[g.line_id] = g  # a later agreement on one line replaces the earlier
    for g in latest.values():
        prices = sorted({x.unit_price for x in lines if x.product_id == g.product_id})
        if not prices:
            found.setdefault(g.acceptance_id, []).append(
                f"product {g.product_id} was agreed at {_show(g.unit_price)} ({g.label}) "
                "but the order has no line of it"
            )
        elif g.unit_price not in prices:
            charged = ", ".join(_show(p) for p in prices)
            found.setdefault(g.acceptance_id, []).append(
                f"product {g.product_id} was charged {charged}, "
                f"agreed {_show(g.unit_price)} ({g.label})"
            )
        else:
            # The agreed price covers the units agreed: more at that price is a price nobody
            # agreed to (units added later cost the shop's price).
            units = sum(
                x.quantity
                for x in lines
                if x.product_id == g.product_id and x.unit_price == g.unit_price
            )
            agreed = sum(
                h.quantity
                for h in latest.values()
                if h.product_id == g.product_id and h.unit_price == g.unit_price
            )
            if units > agreed and shop_prices.get(g.product_id) != g.unit_price:
                found.setdefault(g.acceptance_id, []).append(
                    f"product {g.product_id} was charged {_show(g.unit_price)} for {units} "
                    f"units, agreed for {agreed} ({g.label})"
                )
    sets = [g for g in grants if g.kind == SET_DISCOUNT and g.amount is not None]
    if discounts is not None:
        remaining = list(discounts)
        for g in sets:
            if g.amount in remaining:
                remaining.remove(g.amount)
            else:
                found.setdefault(g.acceptance_id, []).append(
                    f"the set discount {_show(g.amount)} ({g.label}) is not among the order's "
                    "discounts"
                )
    elif total is not None and sets:
        subtotal = sum((x.unit_price * x.quantity for x in lines), Decimal("0"))
        agreed = sum((g.amount for g in sets), Decimal("0"))  # type: ignore[misc]
        expected = max(subtotal - agreed, Decimal("0"))
        if total > expected:
            for g in sets:
                found.setdefault(g.acceptance_id, []).append(
                    f"the order total {_show(total)} is above {_show(expected)}: the set "
                    f"discount {_show(g.amount)} ({g.label}) was not applied"
                )
    return found


def _shop_prices(product_ids: set[int]) -> dict[int, Decimal]:
    from ..adapters import get_catalog_adapter
    from ..conf import upsell_settings
    from ..selection.pricing import round_money

    if not product_ids:
        return {}
    places = upsell_settings.PRICE_DECIMAL_PLACES
    products = get_catalog_adapter().get_products(product_ids)
    return {pk: round_money(info.price, places) for pk, info in products.items()}


def _meant_for(grant: Grant, products: set[int]) -> bool:
    """Whether a live grant was meant for an order holding ``products``."""
    if grant.kind == LINE:
        return grant.product_id in products
    return bool(grant.members) and all(p in products for _, p in grant.members)


def check_order(
    request: Any,
    order_id: str,
    lines: Iterable[Any],
    *,
    total: Any = None,
    discounts: Iterable[Any] | None = None,
) -> dict[int, list[str]]:
    """Compare a completed order with what the app agreed; report and return the differences.

    The terms the order used (:func:`~upsell_app.adjustments.for_order`) are compared. When it
    used none, the cart's live terms are: an order placed without ``for_order`` is itself
    reported (its terms would otherwise stay usable by the next order), and they are used up.
    An order that ``for_order`` priced and that used no terms was charged the shop's prices as
    agreed: a term ``for_order`` left alone (an agreement made seconds ago whose line the order
    does not hold, e.g. removed and its product added again by hand) is not the order's.
    """
    from . import cart_key_for

    order_id = str(order_id)
    ordered = ordered_lines(lines)
    amounts = None if discounts is None else [_amount(d) for d in discounts]
    grants = store.used_by(order_id)
    found: dict[int, list[str]] = {}
    if not grants and request is not None and not was_priced(request, order_id):
        key = cart_key_for(request)
        products = {x.product_id for x in ordered}
        with transaction.atomic():
            live = [
                g
                for g in (store.live(key, timezone.now(), for_update=True) if key else [])
                if _meant_for(g, products)
            ]
            store.consume(live, order_id, timezone.now())
        for g in live:
            found.setdefault(g.acceptance_id, []).append(
                "the order was placed without upsell_app.adjustments.for_order()"
            )
        grants = live
    if not grants:
        return {}
    for acceptance_id, problems in mismatches(
        grants,
        ordered,
        discounts=amounts,
        total=None if total is None else Decimal(total),
        shop_prices=_shop_prices({g.product_id for g in grants if g.product_id is not None}),
    ).items():
        found.setdefault(acceptance_id, []).extend(problems)
    for acceptance_id, problems in found.items():
        text = "; ".join(problems)
        logger.error(
            "Order %s differs from what django-upsell agreed (acceptance %s): %s",
            order_id,
            acceptance_id,
            text,
        )
        OfferAcceptance.objects.filter(pk=acceptance_id).update(
            order_id=order_id, order_mismatch=text[:2000]
        )
    return found
