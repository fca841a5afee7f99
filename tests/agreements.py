"""Terms the app agreed for a demo cart, recorded as an accepted offer records them.

For tests of the shop's own pages (cart, checkout, order) that need a cart holding an agreed
price, a subscription plan or a set discount without driving a pop-up first. Prices and plans are
agreed for the line's quantity as it stands, as an accept on that line agrees them.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from tests.factories import OfferFactory
from tests.sessions import SessionStore
from upsell_app.adapters import SubscriptionPlan
from upsell_app.adjustments import store
from upsell_app.adjustments.keys import session_cart_key
from upsell_app.models import OfferAcceptance
from upsell_app.selection.types import SubscriptionTerms

COFFEE_TERMS = {
    "interval_count": 2,
    "interval_unit": "week",
    "first_delivery": "Ships with this order",
    "payment_timing": "Charged when each delivery ships",
    "minimum_deliveries": 0,
    "cancellation": "Cancel or skip online any time up to 5 days before the next delivery.",
}


def cart_key(session_key: str) -> str:
    """The session's cart key (made and saved in the session, as the first accept does)."""
    session = SessionStore(session_key=session_key)
    key = session_cart_key(SimpleNamespace(session=session), create=True)
    session.save()
    return key


def _acceptance(session_key: str, kind: str, product_id: int, offer: Any = None) -> Any:
    offer = offer or OfferFactory(kind=kind)
    return OfferAcceptance.objects.create(
        offer=offer,
        kind=kind,
        shopper_key=session_key,
        idempotency_key=f"agreed-{OfferAcceptance.objects.count()}",
        product_id=product_id,
        unit_price=Decimal("0"),
        value=Decimal("0"),
        cart_key=cart_key(session_key),
    )


def agree_price(
    session_key: str, line: Any, unit_price: Any, *, label: str = "Offer price", offer: Any = None
) -> OfferAcceptance:
    acceptance = _acceptance(session_key, "cross_sell", line.product_id, offer)
    store.record_line(
        acceptance, acceptance.cart_key, line_id=str(line.pk), product_id=line.product_id,
        unit_price=Decimal(unit_price), label=label, quantity=line.quantity,
    )
    return acceptance


def agree_plan(
    session_key: str,
    line: Any,
    price_per_delivery: Any,
    terms: dict | None = None,
    **plan_fields: Any,
) -> OfferAcceptance:
    """``plan_fields``: the plan's other fields (``translations``, ``product_title``)."""
    acceptance = _acceptance(session_key, "subscription", line.product_id)
    plan = SubscriptionPlan(
        offer_id=acceptance.offer_id,
        price_per_delivery=Decimal(price_per_delivery),
        terms=SubscriptionTerms(**(terms or COFFEE_TERMS)),
        **plan_fields,
    )
    store.record_line(
        acceptance, acceptance.cart_key, line_id=str(line.pk), product_id=line.product_id,
        unit_price=plan.price_per_delivery, label="Subscription price", plan=plan,
        quantity=line.quantity,
    )
    return acceptance


def agree_set_discount(
    session_key: str, lines: list[Any], amount: Any, label: str = "Work set"
) -> OfferAcceptance:
    acceptance = _acceptance(session_key, "bundle", lines[0].product_id)
    store.record_set_discount(
        acceptance, acceptance.cart_key, key=f"upsell-bundle-{acceptance.pk}",
        amount=Decimal(amount), label=label,
        members=[(str(line.pk), line.product_id) for line in lines],
    )
    return acceptance
