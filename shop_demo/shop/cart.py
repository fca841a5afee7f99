"""The demo shop's cart and checkout logic, used by its views (the upsell app goes through the
adapter in ``upsell_adapter.py`` instead)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Cart, CartDiscount, CartLine, Order, OrderLine, Product

MAX_QUANTITY = 10
SESSION_ORDERS = "shop_orders"
_ORDER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


class OutOfStock(Exception):
    def __init__(self, product: Product) -> None:
        super().__init__(product.name)
        self.product = product


@dataclass
class CartContents:
    """A cart read once for a page: lines with their products, discounts and totals."""

    cart: Cart | None = None
    lines: list[CartLine] = field(default_factory=list)
    discounts: list[CartDiscount] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0"))

    @property
    def discount_total(self) -> Decimal:
        return sum((d.amount for d in self.discounts), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return max(self.subtotal - self.discount_total, Decimal("0"))

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def has_subscription(self) -> bool:
        return any(line.is_subscription for line in self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)


def read_cart(cart: Cart | None) -> CartContents:
    if cart is None:
        return CartContents()
    return CartContents(
        cart=cart,
        lines=list(cart.lines.select_related("product", "product__category")),
        discounts=list(cart.discounts.all()),
    )


def max_quantity(product: Product) -> int:
    return max(0, min(MAX_QUANTITY, product.stock))


def add_product(cart: Cart, product: Product, quantity: int) -> int:
    """Add to the one-time line of this product at today's price, or start a new line.

    Returns how many were added: fewer than asked (or none) when stock or the per-line limit ends.
    """
    line = (
        cart.lines.filter(product=product, is_subscription=False, unit_price=product.price)
        .order_by("id")
        .first()
    )
    if line is None:
        added = min(quantity, max_quantity(product))
        if added:
            CartLine.objects.create(
                cart=cart, product=product, quantity=added, unit_price=product.price
            )
        return added
    added = max(0, min(line.quantity + quantity, max_quantity(product)) - line.quantity)
    if added:
        line.quantity += added
        line.save(update_fields=["quantity"])
    return added


def customer_key(user: Any, email: str) -> str:
    """Who ordered, stable across orders: the account, or a hash of a guest's e-mail address."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"guest:{digest}"


def _new_order_number(now: Any) -> str:
    suffix = "".join(secrets.choice(_ORDER_ALPHABET) for _ in range(6))
    return f"HM-{now:%y%m%d}-{suffix}"


@transaction.atomic
def place_order(request: Any, cart: Cart, *, name: str, email: str) -> Order:
    """Turn the cart into an order: check and take stock, copy the lines, empty the cart."""
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    contents = read_cart(cart)
    if not contents:
        raise ValueError("The cart is empty.")
    for line in contents.lines:
        taken = Product.objects.filter(pk=line.product_id, stock__gte=line.quantity).update(
            stock=F("stock") - line.quantity
        )
        if not taken:
            raise OutOfStock(line.product)
    user = request.user if request.user.is_authenticated else None
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=_new_order_number(timezone.localtime(now)),
                    session_key=request.session.session_key or "",
                    user=user,
                    customer_key=customer_key(user, email),
                    customer_name=name,
                    email=email,
                    created_at=now,
                    subtotal=contents.subtotal,
                    discount_total=contents.discount_total,
                    total=contents.total,
                )
            break
        except IntegrityError:
            continue  # the random number was taken: draw another
    else:
        raise RuntimeError("Could not allocate an order number.")
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product_id=line.product_id,
            title=line.product.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            is_subscription=line.is_subscription,
            subscription_terms=line.subscription_terms,
            offer_id=line.offer_id,
        )
        for line in contents.lines
    )
    cart.lines.all().delete()
    cart.discounts.all().delete()
    remember_order(request, order)
    return order


def remember_order(request: Any, order: Order) -> None:
    """The session may show this order's confirmation page (it survives a login)."""
    numbers = list(request.session.get(SESSION_ORDERS, []))[-19:]
    request.session[SESSION_ORDERS] = [*numbers, order.number]


def may_view_order(request: Any, order: Order) -> bool:
    user = request.user
    if user.is_authenticated and (user.is_staff or order.user_id == user.pk):
        return True
    return order.number in request.session.get(SESSION_ORDERS, [])
