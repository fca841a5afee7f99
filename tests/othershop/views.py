"""Tanuki Goods' pages. Lines marked ``# upsell`` are what the shop added to install the app: the
app's signals, and the one ``adjustments`` call where the shop totals a basket or a purchase."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from upsell_app import adjustments, signals  # upsell
from upsell_app.associations.history import OrderLine  # upsell

from .models import Basket, BasketRow, Item, Purchase, PurchaseRow


def current_basket(request: HttpRequest, *, create: bool = False) -> Basket | None:
    if request.session.session_key is None:
        if not create:
            return None
        request.session.save()
    if create:
        return Basket.objects.get_or_create(session_key=request.session.session_key)[0]
    return Basket.objects.filter(session_key=request.session.session_key).first()


class Line(NamedTuple):  # upsell: what adjustments need to know of a row
    line_id: str
    product_id: int


@dataclass
class PricedRow:
    row: BasketRow
    yen_each: int
    note: str
    yen: int  # the row's total: agreed units at the agreed price, the rest at the shop's
    agreed_qty: int  # units at ``yen_each``; the rest at the item's own price

    def parts(self) -> list[tuple[int, int, str]]:
        """(qty, yen each, note) as the purchase records the row: agreed units apart."""
        rest = self.row.qty - self.agreed_qty
        own = [(rest, self.row.item.yen, "")] if rest > 0 else []
        return ([(self.agreed_qty, self.yen_each, self.note)] if self.agreed_qty else []) + own


def priced(request: HttpRequest, rows: list[BasketRow], *, order_id: str = "") -> tuple:
    """Rows at the prices the shop charges, the discounts, and the total."""
    lines = [Line(str(r.pk), r.item_id) for r in rows]  # upsell
    agreed = (  # upsell
        adjustments.for_order(request, lines, order_id=order_id)
        if order_id
        else adjustments.for_cart(request, lines)
    )
    out = []
    for r in rows:
        terms = agreed.lines.get(str(r.pk))  # upsell: an agreed price, label, plan
        each = int(terms.unit_price) if terms else r.item.yen
        total = int(agreed.line_total(str(r.pk), r.qty, Decimal(r.item.yen)))  # upsell
        units = min(r.qty, terms.quantity) if terms else r.qty
        out.append(PricedRow(r, each, _note(terms), total, units))
    discounts = [(d.label, int(d.amount)) for d in agreed.discounts]  # upsell
    return out, discounts, sum(p.yen for p in out) - sum(yen for _, yen in discounts)


def _note(terms) -> str:  # noqa: ANN001 - upsell's LineTerms or None
    if terms is None:
        return ""
    if terms.plan is not None:
        unit = terms.plan.terms.interval_unit
        return f"{terms.label} (every {terms.plan.terms.interval_count} {unit})"
    return terms.label


def _rows(basket: Basket | None) -> list[BasketRow]:
    return list(basket.rows.select_related("item")) if basket else []


def shelf(request: HttpRequest) -> HttpResponse:
    items = Item.objects.filter(retired=False).order_by("yen")
    return render(request, "othershop/shelf.html", {"items": items, **_header(request)})


@require_POST
def add_to_basket(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=item_id, retired=False)
    BasketRow.objects.create(basket=current_basket(request, create=True), item=item, qty=1)
    signals.cart_line_added.send(  # upsell
        sender=Basket, request=request, product_id=item.pk, quantity=1
    )
    return redirect("shelf")


def basket(request: HttpRequest) -> HttpResponse:
    rows, discounts, total = priced(request, _rows(current_basket(request)))
    context = {"rows": rows, "discounts": discounts, "total": total, **_header(request)}
    return render(request, "othershop/basket.html", context)


@require_POST
def remove_row(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_object_or_404(BasketRow, pk=row_id, basket=current_basket(request))
    item_id = row.item_id
    row.delete()
    signals.cart_line_removed.send(  # upsell
        sender=Basket, request=request, product_id=item_id, line_id=str(row_id)
    )
    return redirect("basket")


def checkout(request: HttpRequest) -> HttpResponse:
    basket_ = current_basket(request)
    rows = _rows(basket_)
    if not rows:
        return redirect("basket")
    if request.method == "POST" and request.POST.get("buyer", "").strip():
        return _place(request, basket_, rows, request.POST["buyer"].strip())
    signals.checkout_started.send(sender=Basket, request=request)  # upsell
    priced_rows, discounts, total = priced(request, rows)
    context = {"rows": priced_rows, "discounts": discounts, "total": total, **_header(request)}
    return render(request, "othershop/checkout.html", context)


def _place(request: HttpRequest, basket_: Basket, rows: list[BasketRow], buyer: str):  # noqa: ANN202
    number = uuid.uuid4().hex[:12].upper()
    with transaction.atomic():
        priced_rows, discounts, total = priced(request, rows, order_id=number)
        purchase = Purchase.objects.create(
            number=number, buyer=buyer, discount_yen=sum(y for _, y in discounts), total_yen=total
        )
        parts = [(p.row.item, *part) for p in priced_rows for part in p.parts()]
        PurchaseRow.objects.bulk_create(
            PurchaseRow(purchase=purchase, item=item, qty=qty, yen_each=each, note=note)
            for item, qty, each, note in parts
        )
        basket_.delete()
    signals.order_completed.send(  # upsell
        sender=Purchase,
        request=request,
        order_id=number,
        lines=[OrderLine(item.pk, qty, Decimal(each)) for item, qty, each, _ in parts],
        discounts=[Decimal(y) for _, y in discounts],
        total=Decimal(total),
    )
    return redirect("receipt", number=number)


def receipt(request: HttpRequest, number: str) -> HttpResponse:
    purchase = get_object_or_404(Purchase, number=number)
    rows = purchase.rows.select_related("item")
    return render(
        request, "othershop/receipt.html", {"purchase": purchase, "rows": rows, **_header(request)}
    )


def _header(request: HttpRequest) -> dict:
    rows = _rows(current_basket(request))
    return {"header_total": priced(request, rows)[2] if rows else 0}
