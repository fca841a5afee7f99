"""One click after purchase in oscar: the thank-you offer becomes a line of the placed order.

Oscar's thank-you page shows the order whose id its checkout keeps in the session
(``checkout_order_id``); that order, or one of the signed-in customer's, is the shopper's. The
line is written as oscar's own checkout writes one (partner, stock record, prices incl. and excl.
tax), the order's totals grow by it, its stock is allocated, and a payment event records the
amended charge against the line, so oscar's dashboard shows what was charged and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from upsell_app.adapters import OrderAdapter, OrderChangeRefused, PlacedOrder

from .prices import CENT

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEventType = get_model("order", "PaymentEventType")
Product = get_model("catalogue", "Product")

#: The payment event type the amended charge is recorded under (created when first needed).
AMENDED_CHARGE = "Post-purchase charge"


class OscarOrderAdapter(OrderAdapter):
    """The placed oscar order the thank-you offer joins (``UPSELL["ORDER_ADAPTER"]``)."""

    def _order(self, order_id: str) -> Any:
        order = Order._default_manager.filter(number=order_id).first()
        if order is None:
            return None
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and order.user_id == user.pk:
            return order
        session = getattr(self.request, "session", None)
        if session is not None and session.get("checkout_order_id") == order.pk:
            return order
        return None

    def get_order(self, order_id: str) -> PlacedOrder | None:
        order = self._order(order_id)
        if order is None:
            return None
        sources = list(order.sources.select_related("source_type"))
        debited = sum((s.amount_debited for s in sources), Decimal("0"))
        return PlacedOrder(
            number=order.number,
            placed_at=order.date_placed,
            total=order.total_incl_tax,
            # Money debited cannot take an amended charge here; an allocation still can.
            paid=debited > 0,
            amendable_payment=False,
            payment_method=sources[0].source_type.name if sources else "",
        )

    @contextmanager
    def lock(self, order_id: str) -> Iterator[None]:
        Order._default_manager.select_for_update().filter(number=order_id).first()
        yield

    def add_line(
        self,
        order_id: str,
        product_id: Any,
        quantity: int,
        unit_price: Decimal,
        *,
        offer_id: int,
        plan: Any = None,
    ) -> str:
        order = self._order(order_id)
        product = Product._default_manager.filter(pk=product_id).first()
        record = product.stockrecords.first() if product is not None else None
        if order is None or record is None:
            raise OrderChangeRefused(_("This order can no longer be changed."))
        tracked = record.can_track_allocations and record.num_in_stock is not None
        if tracked and record.net_stock_level < quantity:
            raise OrderChangeRefused(
                _("Sorry, %(product)s has just sold out.") % {"product": product.get_title()}
            )
        record.allocate(quantity)
        incl = unit_price * quantity
        # The order's own tax share carries over to the line (oscar keeps both amounts).
        share = (
            order.total_excl_tax / order.total_incl_tax if order.total_incl_tax else Decimal(1)
        )
        excl = (incl * share).quantize(CENT)
        line = Line._default_manager.create(
            order=order,
            partner=record.partner,
            partner_name=record.partner.name,
            partner_sku=record.partner_sku,
            stockrecord=record,
            product=product,
            title=product.get_title(),
            upc=product.upc or "",
            quantity=quantity,
            line_price_incl_tax=incl,
            line_price_excl_tax=excl,
            line_price_before_discounts_incl_tax=incl,
            line_price_before_discounts_excl_tax=excl,
            unit_price_incl_tax=unit_price,
            unit_price_excl_tax=(excl / quantity).quantize(CENT),
            num_allocated=quantity,
        )
        order.total_incl_tax += incl
        order.total_excl_tax += excl
        order.save(update_fields=["total_incl_tax", "total_excl_tax"])
        event_type, _created = PaymentEventType._default_manager.get_or_create(
            name=AMENDED_CHARGE
        )
        event = order.payment_events.create(
            amount=incl, event_type=event_type, reference=f"upsell-offer-{offer_id}"
        )
        event.line_quantities.create(line=line, quantity=quantity)
        return str(line.pk)


def amended_charges(order: Any) -> Decimal:
    """What post-purchase lines added to ``order``'s charge (its payment events)."""
    events = order.payment_events.filter(event_type__name=AMENDED_CHARGE)
    return events.aggregate(total=Sum("amount"))["total"] or Decimal("0")
