"""Oscar's own signals become the app's moments: an oscar shop sends nothing by hand.

- ``basket_addition`` -> ``cart_line_added`` (the next page may show an add-to-cart offer)
- a basket line deleted by the shopper (oscar sends no signal: its model's ``post_delete``)
  -> ``cart_line_removed`` (a lighter option may follow)
- any other basket line change -> ``cart_changed``
- ``start_checkout`` -> ``checkout_started``
- ``order_placed`` -> ``order_completed`` with what the order charged
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from oscar.apps.basket.signals import basket_addition
from oscar.apps.checkout.signals import start_checkout
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from upsell_app import signals
from upsell_app.selection.types import Trigger

from .cart import app_is_changing_basket
from .history import order_customer_key
from .middleware import current_request, note_moment
from .orders import carry_plan_to_line, charged_lines, charged_set_discounts, use_terms_for_order
from .terms import is_shoppers_basket

BasketLine = get_model("basket", "Line")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")


def on_basket_addition(sender: Any, product: Any = None, request: Any = None, **kw: Any) -> None:
    if request is None or product is None:
        return
    line = getattr(sender, "line", None)  # oscar's add view keeps the line it added to
    quantity = line.quantity if line is not None else 1
    signals.cart_line_added.send(
        sender=Basket, request=request, product_id=product.pk, quantity=quantity
    )


def on_basket_line_deleted(sender: Any, instance: Any, **kw: Any) -> None:
    request = current_request()
    if request is None or app_is_changing_basket():
        return
    if not is_shoppers_basket(request, instance.basket_id):  # not a basket merged away at login
        return
    signals.cart_line_removed.send(
        sender=Basket, request=request, product_id=instance.product_id, line_id=str(instance.pk)
    )
    note_moment(request, Trigger.ITEM_REMOVED.value, instance.product_id)


def on_basket_line_saved(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    request = current_request()
    if request is None or app_is_changing_basket() or kw.get("raw"):
        return
    signals.cart_changed.send(sender=Basket, request=request)


def on_start_checkout(sender: Any, request: Any = None, **kw: Any) -> None:
    if request is not None:
        signals.checkout_started.send(sender=Basket, request=request)


def on_order_saved(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    if created and not kw.get("raw"):
        use_terms_for_order(instance)


def on_order_line_saved(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    if created and not kw.get("raw"):
        carry_plan_to_line(instance)


def on_order_placed(sender: Any, order: Any, **kw: Any) -> None:
    signals.order_completed.send(
        sender=Order,
        request=current_request(),
        order_id=order.number,
        lines=charged_lines(order),
        discounts=charged_set_discounts(order),
        customer_key=order_customer_key(order),
        ordered_at=order.date_placed,
        total=order.total_incl_tax,
    )


basket_addition.connect(on_basket_addition, dispatch_uid="upsell_oscar_basket_addition")
start_checkout.connect(on_start_checkout, dispatch_uid="upsell_oscar_start_checkout")
order_placed.connect(on_order_placed, dispatch_uid="upsell_oscar_order_placed")
post_delete.connect(
    on_basket_line_deleted, sender=BasketLine, dispatch_uid="upsell_oscar_line_deleted"
)
post_save.connect(on_basket_line_saved, sender=BasketLine, dispatch_uid="upsell_oscar_line_saved")
post_save.connect(on_order_saved, sender=Order, dispatch_uid="upsell_oscar_order_saved")
post_save.connect(on_order_line_saved, sender=OrderLine, dispatch_uid="upsell_oscar_order_line")
