"""Kitsune Sweets' pages and its JSON API. The pages are shells the shop's script fills from the
API; the cart is a signed cookie. Lines marked ``# upsell`` are what the shop added to install
the app: the app's signals (sent from the API views), the ``adjustments`` call where the shop
totals the cart or places the order, and the refusal when the cart changed meanwhile."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import ensure_csrf_cookie
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from upsell_app import adjustments, signals  # upsell
from upsell_app.associations.history import OrderLine as HistoryLine  # upsell
from upsell_app.cart_lock import CartChanged  # upsell

from .cart import CookieCart
from .models import Order, OrderLine, Sweet
from .upsell_adapter import CookieCartAdapter


# -- pages: shells the script fills ---------------------------------------------------------------
@ensure_csrf_cookie
def shelf(request: HttpRequest) -> HttpResponse:
    return render(request, "cookieshop/shelf.html")


@ensure_csrf_cookie
def cart_page(request: HttpRequest) -> HttpResponse:
    return render(request, "cookieshop/cart.html")


@ensure_csrf_cookie
def checkout_page(request: HttpRequest) -> HttpResponse:
    return render(request, "cookieshop/checkout.html")


def order_page(request: HttpRequest, number: str) -> HttpResponse:
    order = get_object_or_404(Order, number=number)
    return render(request, "cookieshop/order.html", {"order": order})


# -- the JSON API ------------------------------------------------------------------------------
def priced(request: HttpRequest, *, order_id: str = "") -> dict[str, Any]:
    """The cart at the prices the shop charges: agreed units at the agreed price (apart), the
    rest at the shop's own, then the set discounts."""
    lines = CookieCartAdapter(request).get_lines()
    agreed = (  # upsell
        adjustments.for_order(request, lines, order_id=order_id)
        if order_id
        else adjustments.for_cart(request, lines)
    )
    titles = dict(
        Sweet.objects.filter(pk__in=[x.product_id for x in lines]).values_list("pk", "title")
    )
    rows = []
    for line in lines:
        own = int(line.unit_price)
        terms = agreed.lines.get(line.line_id)  # upsell
        units = min(line.quantity, terms.quantity) if terms else 0
        parts = [(units, int(terms.unit_price), terms.label)] if units else []
        if line.quantity > units:
            parts.append((line.quantity - units, own, ""))
        rows.append(
            {
                "line_id": line.line_id,
                "product_id": line.product_id,
                "title": titles.get(line.product_id, ""),
                "quantity": line.quantity,
                "parts": parts,
                "yen": int(agreed.line_total(line.line_id, line.quantity, line.unit_price)),
            }
        )
    discounts = [{"label": d.label, "yen": int(d.amount)} for d in agreed.discounts]  # upsell
    total = sum(r["yen"] for r in rows) - sum(d["yen"] for d in discounts)
    return {"lines": rows, "discounts": discounts, "total": total}


def _changed_meanwhile() -> JsonResponse:  # upsell: the cart's version moved on
    return JsonResponse(
        {
            "code": "cart_changed",
            "detail": "Your cart was changed in another tab or request. It has been reloaded.",
        },
        status=409,
    )


def _saved(request: Request, response: Response | JsonResponse) -> Any:
    try:
        CookieCart.of(request._request).save(response)
    except CartChanged:  # upsell
        return _changed_meanwhile()
    return response


@api_view(["GET"])
def products_api(request: Request) -> Response:
    sweets = Sweet.objects.order_by("yen")
    return Response([{"id": s.pk, "code": s.code, "title": s.title, "yen": s.yen} for s in sweets])


@api_view(["GET"])
def cart_api(request: Request) -> Response:
    return Response(priced(request._request))


@api_view(["POST"])
def add_api(request: Request) -> Any:
    sweet = get_object_or_404(Sweet, pk=request.data.get("product_id"))
    CookieCart.of(request._request).add(sweet.pk, 1)
    response = _saved(request, Response({"added": sweet.pk}))
    if response.status_code == 200:
        signals.cart_line_added.send(  # upsell: sent from this API view, with its request
            sender=Sweet, request=request, product_id=sweet.pk, quantity=1
        )
    return response


@api_view(["POST"])
def remove_api(request: Request) -> Any:
    line_id = str(request.data.get("line_id"))
    try:
        line = CookieCart.of(request._request).remove(line_id)
    except StopIteration:
        return Response({"detail": "No such line."}, status=404)
    response = _saved(request, Response({"removed": line_id}))
    if response.status_code == 200:
        signals.cart_line_removed.send(  # upsell
            sender=Sweet, request=request, product_id=line["product_id"], line_id=line_id
        )
    return response


@api_view(["POST"])
def checkout_start_api(request: Request) -> Response:
    signals.checkout_started.send(sender=Order, request=request)  # upsell
    return Response({"started": True})


@api_view(["POST"])
def place_api(request: Request) -> Any:
    buyer = str(request.data.get("buyer", "")).strip()
    cart = CookieCart.of(request._request)
    if not buyer or not cart.lines():
        return Response({"detail": "Name the buyer and fill the cart first."}, status=400)
    number = uuid.uuid4().hex[:12].upper()
    response = Response({"number": number, "url": f"/orders/{number}/"})
    try:
        with transaction.atomic():
            bill = priced(request._request, order_id=number)
            order = Order.objects.create(
                number=number,
                buyer=buyer,
                discount_yen=sum(d["yen"] for d in bill["discounts"]),
                total_yen=bill["total"],
            )
            parts = [(r["product_id"], *p) for r in bill["lines"] for p in r["parts"]]
            OrderLine.objects.bulk_create(
                OrderLine(order=order, sweet_id=pid, qty=qty, yen_each=each)
                for pid, qty, each, _label in parts
            )
            cart.empty()
            cart.save(response)  # refused (rolled back) if the cart changed meanwhile
    except CartChanged:  # upsell
        return _changed_meanwhile()
    signals.order_completed.send(  # upsell
        sender=Order,
        request=request,
        order_id=number,
        lines=[HistoryLine(pid, qty, Decimal(each)) for pid, qty, each, _ in parts],
        discounts=[Decimal(d["yen"]) for d in bill["discounts"]],
        total=Decimal(bill["total"]),
    )
    return response


@api_view(["GET"])
def order_api(request: Request, number: str) -> Response:
    order = get_object_or_404(Order, number=number)
    lines = [
        {"title": x.sweet.title, "qty": x.qty, "yen_each": x.yen_each}
        for x in order.lines.select_related("sweet")
    ]
    return Response(
        {
            "number": order.number,
            "lines": lines,
            "discount": order.discount_yen,
            "total": order.total_yen,
        }
    )
