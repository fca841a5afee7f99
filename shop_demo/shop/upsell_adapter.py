"""How the demo shop plugs into django-upsell: exactly what any other shop would write.

The demo's cart holds lines only, so it uses the short contract (:class:`SimpleCartAdapter`):
read lines, add, replace, remove, and a row lock. Agreed prices, plans and set discounts are kept
by the app; the shop's totals read them through ``upsell_app.adjustments`` (see ``cart.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from upsell_app.adapters import (
    ModelCatalogAdapter,
    OrderAdapter,
    OrderChangeRefused,
    PlacedOrder,
    SimpleCartAdapter,
    ThresholdState,
)
from upsell_app.associations.history import OrderLine as HistoryLine
from upsell_app.associations.history import OrderRecord
from upsell_app.selection.types import CartLine as UpsellLine

from .cart import FREE_SHIPPING, FREE_SHIPPING_FROM, may_view_order, read_cart
from .models import SESSION_CART_ID, Cart, CartLine, Order, OrderLine, Product


class ShopCatalogAdapter(ModelCatalogAdapter):
    family_field = "family"

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


class ShopCartAdapter(SimpleCartAdapter):
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
            "id", "product_id", "quantity", "unit_price"
        )
        return [UpsellLine(str(i), p, q, u) for i, p, q, u in rows]

    def add_line(self, product_id: int, quantity: int) -> str:
        # A line of its own at the shop's price: the app keeps the price the shopper agreed to.
        product = Product.objects.get(pk=product_id)
        line = CartLine.objects.create(
            cart=self.cart, product=product, quantity=quantity, unit_price=product.price
        )
        return str(line.pk)

    def replace_line(self, line_id: str, product_id: int) -> str:
        line = CartLine.objects.get(pk=line_id, cart=self.cart)
        line.product = Product.objects.get(pk=product_id)
        line.unit_price = line.product.price
        line.save(update_fields=["product", "unit_price"])
        return str(line.pk)

    def remove_line(self, line_id: str) -> None:
        CartLine.objects.filter(pk=line_id, cart=self.cart).delete()

    @contextmanager
    def lock(self) -> Iterator[None]:
        # The cart has a row: lock it (PostgreSQL row lock) for the whole accepted change.
        with transaction.atomic():
            Cart.objects.select_for_update().filter(pk=self.cart.pk).first()
            yield

    def threshold_state(self) -> ThresholdState | None:
        """The cart page's spend nudge: the goods after discounts count toward free shipping,
        as in the shop's own shipping rule (``cart.shipping_for``)."""
        contents = read_cart(self.request, get_cart(self.request, create=False))
        if not contents:
            return None
        free = contents.total >= FREE_SHIPPING_FROM
        reached = frozenset({FREE_SHIPPING}) if free else frozenset()
        return ThresholdState(amount=contents.total, reached=reached)


class ShopOrderAdapter(OrderAdapter):
    """One click after purchase: the thank-you offer joins the order just placed.

    The demo takes no money at checkout (payment on delivery), so its orders are unpaid and may
    change within the app's post-purchase window; the added line is charged with the order.
    """

    def _order(self, order_id: str) -> Order | None:
        order = Order.objects.filter(number=order_id).first()
        return order if order is not None and may_view_order(self.request, order) else None

    def get_order(self, order_id: str) -> PlacedOrder | None:
        order = self._order(order_id)
        if order is None:
            return None
        return PlacedOrder(
            number=order.number,
            placed_at=order.created_at,
            total=order.total,
            paid=False,
            payment_method=_("payment on delivery"),
        )

    @contextmanager
    def lock(self, order_id: str) -> Iterator[None]:
        # The order's row: concurrent accepts wait here and then see the line already added.
        Order.objects.select_for_update().filter(number=order_id).first()
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
        product = Product.objects.filter(pk=product_id).first()
        if order is None or product is None:
            raise OrderChangeRefused(_("This order can no longer be changed."))
        taken = Product.objects.filter(pk=product.pk, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not taken:
            raise OrderChangeRefused(
                _("Sorry, we no longer have enough of %(product)s.") % {"product": product.name}
            )
        line = OrderLine.objects.create(
            order=order,
            product=product,
            title=product.name,
            quantity=quantity,
            unit_price=unit_price,
            is_subscription=plan is not None,
            subscription_terms=plan.terms_as_json() if plan is not None else {},
            subscription_plan=plan.as_json() if plan is not None else {},
            offer_id=offer_id,
        )
        added = unit_price * quantity
        Order.objects.filter(pk=order.pk).update(
            subtotal=F("subtotal") + added, total=F("total") + added
        )
        return str(line.pk)

