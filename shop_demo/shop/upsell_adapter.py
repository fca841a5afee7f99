"""How the demo shop plugs into django-upsell: exactly what any other shop would write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db import transaction

from upsell_app.adapters import CartAdapter, CartSummary, ModelCatalogAdapter, SubscriptionPlan
from upsell_app.associations.history import OrderLine as HistoryLine
from upsell_app.associations.history import OrderRecord
from upsell_app.selection.types import CartLine as UpsellLine

from .models import SESSION_CART_ID, Cart, CartDiscount, CartLine, Order


class ShopCatalogAdapter(ModelCatalogAdapter):
    def get_queryset(self):  # noqa: ANN201
        return super().get_queryset().filter(is_active=True).select_related("category")

    def get_categories(self, obj: Any) -> Iterable[str]:
        return (obj.category.slug,)

    def get_cost(self, obj: Any) -> Decimal | None:
        """Optional hook (analytics, issue 4): gives the dashboard its "added margin"."""
        return obj.cost

    def iter_order_history(self) -> Iterable[OrderRecord]:
        """Past orders for ``manage.py upsell_backfill_history``."""
        orders = Order.objects.prefetch_related("lines").order_by("created_at").iterator(2000)
        for order in orders:
            yield OrderRecord(
                order_id=order.number,
                lines=tuple(
                    HistoryLine(line.product_id, line.quantity, line.unit_price)
                    for line in order.lines.all()
                ),
                ordered_at=order.created_at,
                customer_key=order.customer_key or order.session_key,
            )


def get_cart(request: Any, *, create: bool = True) -> Cart | None:
    """The session's cart (the shop's own helper, used by its views and by the adapter)."""
    session = request.session
    if session.session_key is None:
        if not create:
            return None
        session.save()
    if create:
        user = getattr(request, "user", None)
        owner = user if user is not None and user.is_authenticated else None
        cart, created = Cart.objects.get_or_create(
            session_key=session.session_key, defaults={"user": owner}
        )
        if created or session.get(SESSION_CART_ID) != cart.pk:
            # Remembered in the session data so the cart survives the key change of a login.
            session[SESSION_CART_ID] = cart.pk
        return cart
    return Cart.objects.filter(session_key=session.session_key).first()


class ShopCartAdapter(CartAdapter):
    def __init__(self, request: Any) -> None:
        super().__init__(request)
        self._cart: Cart | None = None

    @property
    def cart(self) -> Cart:
        if self._cart is None:
            self._cart = get_cart(self.request)
        return self._cart

    def get_lines(self) -> list[UpsellLine]:
        session_key = self.request.session.session_key
        if session_key is None:
            return []
        rows = CartLine.objects.filter(cart__session_key=session_key).values_list(
            "id", "product_id", "quantity", "unit_price", "is_subscription"
        )
        return [UpsellLine(str(i), p, q, u, s) for i, p, q, u, s in rows]

    def get_summary(self) -> CartSummary:
        cart = self.cart
        lines = tuple(
            {
                "line_id": str(line.pk),
                "product_id": line.product_id,
                "title": line.product.name,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.line_total,
                "is_subscription": line.is_subscription,
            }
            for line in cart.lines.select_related("product")
        )
        discounts = tuple(
            {"key": d.key, "label": d.label, "amount": d.amount} for d in cart.discounts.all()
        )
        subtotal = sum((line["line_total"] for line in lines), Decimal("0"))
        total = max(subtotal - sum((d["amount"] for d in discounts), Decimal("0")), Decimal("0"))
        return CartSummary(lines=lines, subtotal=subtotal, discounts=discounts, total=total)

    def add_line(
        self, product_id: int, quantity: int, unit_price: Decimal, *, offer_id: int
    ) -> str:
        line = CartLine.objects.create(
            cart=self.cart,
            product_id=product_id,
            quantity=quantity,
            unit_price=unit_price,
            offer_id=offer_id,
        )
        return str(line.pk)

    def replace_line(
        self, line_id: str, product_id: int, unit_price: Decimal, *, offer_id: int
    ) -> str:
        line = CartLine.objects.get(pk=line_id, cart=self.cart)
        line.product_id, line.unit_price, line.offer_id = product_id, unit_price, offer_id
        line.save(update_fields=["product", "unit_price", "offer_id"])
        return str(line.pk)

    def remove_line(self, line_id: str) -> None:
        CartLine.objects.filter(pk=line_id, cart=self.cart).delete()

    def convert_to_subscription(self, line_id: str, plan: SubscriptionPlan) -> str:
        line = CartLine.objects.get(pk=line_id, cart=self.cart)
        line.is_subscription = True
        line.unit_price = plan.price_per_delivery
        line.offer_id = plan.offer_id
        line.subscription_terms = asdict(plan.terms)
        line.save(update_fields=["is_subscription", "unit_price", "offer_id", "subscription_terms"])
        return str(line.pk)

    def apply_bundle_discount(
        self, bundle_key: str, amount: Decimal, label: str, *, offer_id: int
    ) -> None:
        CartDiscount.objects.update_or_create(
            cart=self.cart,
            key=bundle_key,
            defaults={"label": label, "amount": amount, "offer_id": offer_id},
        )

    def revoke_bundle_discount(self, bundle_key: str) -> None:
        CartDiscount.objects.filter(cart=self.cart, key=bundle_key).delete()

    def lock(self) -> Any:
        # Serialise concurrent changes to one cart on its row (PostgreSQL row lock).
        Cart.objects.select_for_update().filter(pk=self.cart.pk).first()
        return transaction.atomic()
