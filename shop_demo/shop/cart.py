"""The demo shop's cart and checkout logic, used by its views (the upsell app goes through the
adapter in ``upsell_adapter.py`` instead).

The cart holds lines only. What a shopper agreed to in a pop-up (an upgrade price, a discounted
add-on, a subscription plan, a set discount) is kept by django-upsell; the shop asks for it in one
call whenever it totals the cart (``adjustments.for_cart``) and when it places the order
(``adjustments.for_order``). Terms only count while the cart still holds what earns them, however
a line left, so these totals are right even when no signal was sent.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from upsell_app import adjustments
from upsell_app.adapters import SubscriptionPlan
from upsell_app.adjustments import CartAdjustments, SetDiscount

from .models import Cart, CartLine, Order, OrderLine, Product

MAX_QUANTITY = 10
#: The demo's shipping: a flat fee below the free-shipping amount (the goods after discounts).
#: django-upsell never computes this; it asks the cart adapter (``threshold_state``) and names
#: the same amount in its admin for the cart page's nudge (``manage.py load_demo``).
FREE_SHIPPING_FROM = Decimal("5000")
SHIPPING_FEE = Decimal("500")
FREE_SHIPPING = "free_shipping"  # the threshold's code in django-upsell's admin
SESSION_ORDERS = "shop_orders"
_ORDER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


class OutOfStock(Exception):
    def __init__(self, product: Product) -> None:
        super().__init__(product.name)
        self.product = product


@dataclass(frozen=True)
class PricedLine:
    """A cart line at the price the shopper pays: the shop's own, or the one agreed in a pop-up."""

    line: CartLine
    unit_price: Decimal
    price_label: str = ""
    subscription_terms: dict[str, Any] = field(default_factory=dict)
    offer_id: int | None = None
    plan: SubscriptionPlan | None = None
    agreed_quantity: int | None = None  # units the agreed price covers; None: every unit

    @property
    def pk(self) -> int:
        return self.line.pk

    @property
    def line_id(self) -> str:
        return str(self.line.pk)

    @property
    def product(self) -> Product:
        return self.line.product

    @property
    def product_id(self) -> int:
        return self.line.product_id

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def is_subscription(self) -> bool:
        return bool(self.subscription_terms)

    @property
    def shop_unit_price(self) -> Decimal:
        return self.line.unit_price

    @property
    def extra_quantity(self) -> int:
        """Units beyond those agreed in the pop-up: at the shop's price."""
        if self.agreed_quantity is None:
            return 0
        return max(self.quantity - self.agreed_quantity, 0)

    @property
    def agreed_units(self) -> int:
        """Units at ``unit_price`` (the rest, ``extra_quantity``, at ``shop_unit_price``)."""
        return self.quantity - self.extra_quantity

    @property
    def line_total(self) -> Decimal:
        extra = self.extra_quantity
        return self.unit_price * (self.quantity - extra) + self.shop_unit_price * extra

    def order_parts(self) -> list[tuple[int, Decimal, bool]]:
        """``(quantity, unit price, at the agreed terms)`` as the order records the line: the
        agreed units and the units at the shop's price apart."""
        extra = self.extra_quantity
        parts = [(self.quantity - extra, self.unit_price, True)] if self.quantity > extra else []
        if extra:
            parts.append((extra, self.shop_unit_price, False))
        return parts


def price_lines(lines: list[CartLine], agreed: CartAdjustments) -> list[PricedLine]:
    priced = []
    for line in lines:
        terms = agreed.lines.get(str(line.pk))
        if terms is None:
            priced.append(PricedLine(line, line.unit_price))
            continue
        plan = terms.plan
        priced.append(
            PricedLine(
                line,
                terms.unit_price,
                price_label=terms.label,
                subscription_terms=plan.terms_as_json() if plan is not None else {},
                offer_id=terms.offer_id,
                plan=plan,
                agreed_quantity=terms.quantity,
            )
        )
    return priced


@dataclass
class CartContents:
    """A cart read once for a page: lines at the prices the shopper pays, set discounts, totals."""

    cart: Cart | None = None
    lines: list[PricedLine] = field(default_factory=list)
    discounts: tuple[SetDiscount, ...] = ()

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
    def shipping(self) -> Decimal:
        return shipping_for(self.total) if self.lines else Decimal("0")

    @property
    def amount_due(self) -> Decimal:
        """What the shopper pays: the goods after discounts, and shipping."""
        return self.total + self.shipping

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def has_subscription(self) -> bool:
        return any(line.is_subscription for line in self.lines)

    @property
    def plans(self) -> list[SubscriptionPlan]:
        """The subscription plans, line by line, for the final confirmation's terms."""
        return [line.plan for line in self.lines if line.plan is not None]

    def __bool__(self) -> bool:
        return bool(self.lines)


def shipping_for(goods_total: Decimal) -> Decimal:
    """The demo's shipping fee for goods worth ``goods_total`` (after discounts)."""
    return Decimal("0") if goods_total >= FREE_SHIPPING_FROM else SHIPPING_FEE


def _line_rows(cart: Cart) -> list[CartLine]:
    return list(cart.lines.select_related("product", "product__category"))


def read_cart(request: Any, cart: Cart | None) -> CartContents:
    """The cart as the shopper pays for it now (every page that shows a total reads it here)."""
    if cart is None:
        return CartContents()
    rows = _line_rows(cart)
    agreed = adjustments.for_cart(request, rows) if rows else None
    if agreed is None:
        return CartContents(cart=cart)
    return CartContents(cart=cart, lines=price_lines(rows, agreed), discounts=agreed.discounts)


def max_quantity(product: Product) -> int:
    return max(0, min(MAX_QUANTITY, product.stock))


def add_product(cart: Cart, product: Product, quantity: int) -> int:
    """Add to this product's line at today's price, or start a new line.

    Returns how many were added: fewer than asked (or none) when stock or the per-line limit ends.
    """
    line = cart.lines.filter(product=product, unit_price=product.price).order_by("id").first()
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


def _create_order(request: Any, *, name: str, email: str) -> Order:
    user = request.user if request.user.is_authenticated else None
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(
                    number=_new_order_number(timezone.localtime(now)),
                    session_key=request.session.session_key or "",
                    user=user,
                    customer_key=customer_key(user, email),
                    customer_name=name,
                    email=email,
                    created_at=now,
                    subtotal=0,
                    total=0,
                )
        except IntegrityError:
            continue  # the random number was taken: draw another
    raise RuntimeError("Could not allocate an order number.")


@transaction.atomic
def place_order(request: Any, cart: Cart, *, name: str, email: str) -> Order:
    """Turn the cart into an order at the prices shown: check and take stock, copy the lines with
    the agreed prices and plans (used up by this order), empty the cart."""
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    rows = _line_rows(cart)
    if not rows:
        raise ValueError("The cart is empty.")
    for row in rows:
        taken = Product.objects.filter(pk=row.product_id, stock__gte=row.quantity).update(
            stock=F("stock") - row.quantity
        )
        if not taken:
            raise OutOfStock(row.product)
    order = _create_order(request, name=name, email=email)
    agreed = adjustments.for_order(request, rows, order_id=order.number)
    contents = CartContents(cart=cart, lines=price_lines(rows, agreed), discounts=agreed.discounts)
    order.subtotal, order.discount_total, order.total, order.shipping = (
        contents.subtotal,
        contents.discount_total,
        contents.total,
        contents.shipping,
    )
    order.save(update_fields=["subtotal", "discount_total", "total", "shipping"])
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product_id=line.product_id,
            title=line.product.name,
            quantity=quantity,
            unit_price=unit_price,
            is_subscription=line.is_subscription and agreed_part,
            subscription_terms=line.subscription_terms if agreed_part else {},
            subscription_plan=line.plan.as_json() if line.plan is not None and agreed_part else {},
            offer_id=line.offer_id if agreed_part else None,
        )
        for line in contents.lines
        for quantity, unit_price, agreed_part in line.order_parts()
    )
    cart.lines.all().delete()
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
