"""Kumo Tea's pages. Lines marked ``# upsell`` are what the shop added to install the app: the
app's signals, and the one ``adjustments`` call where the shop totals a cart or an order."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from upsell_app import adjustments, signals  # upsell
from upsell_app.associations.history import OrderLine  # upsell

from .models import Cart, CartRow, Order, OrderRow, Variant
from .upsell_adapter import current_cart, product_key  # upsell: product_key


class Line(NamedTuple):  # upsell: what adjustments need to know of a row
    line_id: str
    product_id: object


def priced(request: HttpRequest, rows: list[CartRow], *, order_id: str = "") -> tuple:
    """``[(row, yen each, note, row total)]``, the discounts and the total the shop charges."""
    lines = [Line(str(r.pk), product_key(r.variant)) for r in rows]  # upsell
    agreed = (  # upsell
        adjustments.for_order(request, lines, order_id=order_id)
        if order_id
        else adjustments.for_cart(request, lines)
    )
    out = []
    for r in rows:
        terms = agreed.lines.get(str(r.pk))  # upsell
        each = int(terms.unit_price) if terms else r.variant.yen
        total = int(agreed.line_total(str(r.pk), r.qty, Decimal(r.variant.yen)))  # upsell
        out.append((r, each, terms.label if terms else "", total))
    discounts = [(d.label, int(d.amount)) for d in agreed.discounts]  # upsell
    return out, discounts, sum(p[3] for p in out) - sum(yen for _, yen in discounts)


def _rows(cart: Cart | None) -> list[CartRow]:
    return list(cart.rows.select_related("variant")) if cart else []


def shelf(request: HttpRequest) -> HttpResponse:
    variants = Variant.objects.select_related("product").order_by("yen", "sku")
    return render(request, "keyshop/shelf.html", {"variants": variants})


@require_POST
def add(request: HttpRequest, sku: str) -> HttpResponse:
    variant = get_object_or_404(Variant, pk=sku)
    CartRow.objects.create(cart=current_cart(request, create=True), variant=variant, qty=1)
    signals.cart_line_added.send(  # upsell
        sender=Cart, request=request, product_id=product_key(variant), quantity=1
    )
    return redirect("shelf")


def cart(request: HttpRequest) -> HttpResponse:
    rows, discounts, total = priced(request, _rows(current_cart(request)))
    context = {"rows": rows, "discounts": discounts, "total": total}
    return render(request, "keyshop/cart.html", context)


@require_POST
def remove(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_object_or_404(CartRow, pk=row_id, cart=current_cart(request))
    key = product_key(row.variant)
    row.delete()
    signals.cart_line_removed.send(  # upsell
        sender=Cart, request=request, product_id=key, line_id=str(row_id)
    )
    return redirect("cart")


def checkout(request: HttpRequest) -> HttpResponse:
    cart_ = current_cart(request)
    rows = _rows(cart_)
    if not rows:
        return redirect("cart")
    if request.method == "POST":
        return _place(request, cart_, rows)
    signals.checkout_started.send(sender=Cart, request=request)  # upsell
    priced_rows, discounts, total = priced(request, rows)
    context = {"rows": priced_rows, "discounts": discounts, "total": total}
    return render(request, "keyshop/cart.html", context)


def _place(request: HttpRequest, cart_: Cart, rows: list[CartRow]) -> HttpResponse:
    number = uuid.uuid4().hex[:12].upper()
    with transaction.atomic():
        priced_rows, discounts, total = priced(request, rows, order_id=number)
        order = Order.objects.create(
            number=number, discount_yen=sum(y for _, y in discounts), total_yen=total
        )
        OrderRow.objects.bulk_create(
            OrderRow(order=order, variant=r.variant, qty=r.qty, yen_each=each, note=note)
            for r, each, note, _total in priced_rows
        )
        cart_.delete()
    signals.order_completed.send(  # upsell
        sender=Order,
        request=request,
        order_id=number,
        lines=[OrderLine(product_key(r.variant), r.qty, Decimal(e)) for r, e, *_ in priced_rows],
        discounts=[Decimal(y) for _, y in discounts],
        total=Decimal(total),
    )
    return redirect("receipt", number=number)


def receipt(request: HttpRequest, number: str) -> HttpResponse:
    order = get_object_or_404(Order, number=number)
    return render(request, "keyshop/receipt.html", {"order": order, "rows": order.rows.all()})
