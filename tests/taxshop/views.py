"""Chaya Tea's pages. Lines marked ``# upsell`` are what the shop added to install the app: the
app's signals, and the one ``adjustments`` call where the shop totals a basket or a purchase.

The shop's own tax rule, unchanged by the app: each line's tax is its amount without tax times
its rate, rounded down to the yen (切り捨て); every price a page shows includes it (税込).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from upsell_app import adjustments, signals  # upsell
from upsell_app.associations.history import OrderLine  # upsell

from .models import Basket, BasketRow, Item, Purchase, PurchaseDiscount, PurchaseRow

YEN = Decimal("1")


def tax_of(amount: Decimal, rate: int) -> Decimal:
    """The shop's rule: a line's tax, rounded down to the yen."""
    return (amount * rate / 100).quantize(YEN, rounding=ROUND_DOWN)


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
    quantity: int
    unit_price: Decimal


@dataclass
class PricedRow:
    row: BasketRow
    each: Decimal  # without tax: the agreed price, or the item's own
    note: str
    amount: Decimal  # the row without tax: agreed units at the agreed price, the rest at the shop's
    agreed_qty: int

    @property
    def tax(self) -> Decimal:
        return tax_of(self.amount, self.row.item.rate)

    @property
    def with_tax(self) -> Decimal:
        return self.amount + self.tax

    def parts(self) -> list[tuple[int, Decimal, str]]:
        """(qty, each without tax, note) as the purchase records the row: agreed units apart."""
        rest = self.row.qty - self.agreed_qty
        own = [(rest, Decimal(self.row.item.yen), "")] if rest > 0 else []
        return ([(self.agreed_qty, self.each, self.note)] if self.agreed_qty else []) + own


@dataclass
class Priced:
    rows: list[PricedRow]
    discounts: list[tuple[str, int, Decimal, Decimal]]  # label, rate %, amount, tax
    sets: list[Decimal]  # each set discount, without tax (what the app agreed)

    @property
    def subtotal(self) -> Decimal:
        return sum((p.amount for p in self.rows), Decimal("0"))

    @property
    def discount(self) -> Decimal:
        return sum((amount for _, _, amount, _ in self.discounts), Decimal("0"))

    def tax(self, rate: int) -> Decimal:
        lines = sum((p.tax for p in self.rows if p.row.item.rate == rate), Decimal("0"))
        return lines - sum((t for _, r, _, t in self.discounts if r == rate), Decimal("0"))

    @property
    def tax_8(self) -> Decimal:
        return self.tax(8)

    @property
    def tax_10(self) -> Decimal:
        return self.tax(10)

    @property
    def total(self) -> Decimal:
        """With tax: each row with its own tax, less each discount share with its tax."""
        return self.subtotal - self.discount + self.tax(8) + self.tax(10)


def priced(request: HttpRequest, rows: list[BasketRow], *, order_id: str = "") -> Priced:
    lines = [Line(str(r.pk), r.item_id, r.qty, Decimal(r.item.yen)) for r in rows]  # upsell
    agreed = (  # upsell
        adjustments.for_order(request, lines, order_id=order_id)
        if order_id
        else adjustments.for_cart(request, lines)
    )
    out = []
    for r in rows:
        terms = agreed.lines.get(str(r.pk))  # upsell: an agreed price (without tax), label, plan
        each = terms.unit_price if terms else Decimal(r.item.yen)
        amount = agreed.line_total(str(r.pk), r.qty, Decimal(r.item.yen))  # upsell
        units = min(r.qty, terms.quantity) if terms else r.qty
        out.append(PricedRow(r, each, _note(terms), amount, units))
    discounts = [  # upsell: each set discount's share per rate, with the tax it takes off
        (d.label, int(part.rate * 100), part.amount, part.tax)
        for d in agreed.discounts
        for part in d.parts
    ]
    return Priced(out, discounts, [d.amount for d in agreed.discounts])


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
    items = [
        (item, item.yen + tax_of(Decimal(item.yen), item.rate))
        for item in Item.objects.order_by("yen")
    ]
    return render(request, "taxshop/shelf.html", {"items": items, **_header(request)})


@require_POST
def add_to_basket(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=item_id)
    BasketRow.objects.create(basket=current_basket(request, create=True), item=item, qty=1)
    signals.cart_line_added.send(  # upsell
        sender=Basket, request=request, product_id=item.pk, quantity=1
    )
    return redirect("shelf")


def basket(request: HttpRequest) -> HttpResponse:
    context = {"priced": priced(request, _rows(current_basket(request))), **_header(request)}
    return render(request, "taxshop/basket.html", context)


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
    context = {"priced": priced(request, rows), **_header(request)}
    return render(request, "taxshop/checkout.html", context)


def _place(request: HttpRequest, basket_: Basket, rows: list[BasketRow], buyer: str):  # noqa: ANN202
    number = uuid.uuid4().hex[:12].upper()
    with transaction.atomic():
        p = priced(request, rows, order_id=number)
        purchase = Purchase.objects.create(
            number=number,
            buyer=buyer,
            subtotal=p.subtotal,
            discount=p.discount,
            tax_8=p.tax(8),
            tax_10=p.tax(10),
            total=p.total,
        )
        for row in p.rows:
            PurchaseRow.objects.create(
                purchase=purchase,
                item=row.row.item,
                qty=row.row.qty,
                price_each=row.each,
                amount=row.amount,
                rate=row.row.item.rate,
                tax=row.tax,
                note=row.note,
            )
        for label, rate, amount, tax in p.discounts:
            PurchaseDiscount.objects.create(
                purchase=purchase, label=label, rate=rate, amount=amount, tax=tax
            )
        basket_.delete()
    signals.order_completed.send(  # upsell
        sender=Purchase,
        request=request,
        order_id=number,
        lines=[OrderLine(r.row.item_id, q, each) for r in p.rows for q, each, _ in r.parts()],
        discounts=p.sets,
        total=p.subtotal - p.discount,
    )
    return redirect("receipt", number=number)


def receipt(request: HttpRequest, number: str) -> HttpResponse:
    purchase = get_object_or_404(Purchase, number=number)
    rows = purchase.rows.select_related("item")
    return render(
        request, "taxshop/receipt.html", {"purchase": purchase, "rows": rows, **_header(request)}
    )


def _header(request: HttpRequest) -> dict:
    rows = _rows(current_basket(request))
    return {"header_total": priced(request, rows).total if rows else 0}
