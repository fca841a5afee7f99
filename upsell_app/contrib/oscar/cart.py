"""Oscar's ``Basket`` as the app's cart: read and changed only through oscar's own methods.

The basket holds lines only; the app keeps what it agreed (prices, set discounts, plans) for the
shopper's lines and oscar's pricing strategy applies it (:mod:`.strategy`). The terms belong to the
shopper's session (the app's default cart key), not to one basket row: oscar merges a guest's
basket into the customer's at login, moving its lines (ids kept) to another basket, and what the
guest accepted must still count at checkout.

Lines are added with ``Basket.add_product`` (the strategy picks the stock record, as oscar's own
"Add to basket" does), removed with ``Line.delete`` and swapped by removing the old line and adding
the new product with the old quantity.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from oscar.core.loading import get_class, get_model

from upsell_app.adapters import CartSummary, SimpleCartAdapter, get_catalog_adapter
from upsell_app.selection.types import CartLine

from .prices import shop_unit_price, shown_price
from .terms import basket_terms

#: True while the app itself changes a basket: its removals are not the shopper's moments.
_changing: ContextVar[bool] = ContextVar("upsell_oscar_changing", default=False)


def app_is_changing_basket() -> bool:
    return _changing.get()


@contextmanager
def app_change() -> Iterator[None]:
    token = _changing.set(True)
    try:
        yield
    finally:
        _changing.reset(token)


def priced_again(basket: Any) -> None:
    """Forget the basket's lines, their prices and the app's terms read for them, and the offers
    applied: the next read prices the basket as it is now (an accept just changed the terms,
    perhaps on a line whose product and quantity stayed the same)."""
    for cached in ("_upsell_terms", "_upsell_unit_prices"):
        if getattr(basket, cached, None) is not None:
            delattr(basket, cached)  # through request.basket's lazy wrapper, on the basket
    basket.reset_offer_applications()


class CartLineMissing(LookupError):
    """The line the app was asked to change is not in this shopper's basket."""


class OscarCartAdapter(SimpleCartAdapter):
    """``UPSELL["CART_ADAPTER"] = "upsell_app.contrib.oscar.adapters.OscarCartAdapter"``."""

    @property
    def basket(self) -> Any:
        """The shopper's open basket, as oscar's ``BasketMiddleware`` put it on the request."""
        basket = self.request.basket
        if basket.id is None:
            basket.save()  # a guest's first line: the basket row must exist to hold it
        return basket

    def get_lines(self) -> list[CartLine]:
        basket = self.request.basket
        if basket.id is None:
            return []
        return [
            CartLine(str(line.id), line.product_id, line.quantity, shop_unit_price(line))
            for line in basket.all_lines()
        ]

    def get_summary(self) -> CartSummary:
        """The basket as oscar will charge it, for the pop-up's "new cart total": the lines at
        the prices the app agreed (oscar's strategy), then the shop's own site offers and
        vouchers as oscar applies them. The app's own total of the lines would leave the shop's
        voucher out and promise the shopper more than the basket charges."""
        basket = self.request.basket
        if basket.id is None:
            return CartSummary(lines=(), subtotal=Decimal("0"), total=Decimal("0"))
        priced_again(basket)
        if not basket.is_empty:
            get_class("offer.applicator", "Applicator")().apply(
                basket, self.request.user, self.request
            )
        lines = list(basket.all_lines())
        terms = basket_terms(basket)
        products = get_catalog_adapter().get_products({line.product_id for line in lines})
        rows = []
        for line in lines:
            product = products.get(line.product_id)
            unit = shown_price(line.purchase_info.price)
            rows.append(
                {
                    "line_id": str(line.id),
                    "product_id": line.product_id,
                    "title": product.title if product is not None else str(line.product_id),
                    "quantity": line.quantity,
                    "unit_price": unit,
                    "line_total": unit * line.quantity,
                    "is_subscription": terms is not None and terms.plan(str(line.id)) is not None,
                }
            )
        discounts = tuple(
            {
                "key": f"oscar-offer-{applied['offer'].pk}",
                "label": applied["voucher"].code if applied["voucher"] else applied["name"],
                "amount": applied["discount"],
            }
            for applied in [*basket.offer_discounts, *basket.voucher_discounts]
        )
        tax_known = basket.is_tax_known
        subtotal = (
            basket.total_incl_tax_excl_discounts
            if tax_known
            else basket.total_excl_tax_excl_discounts
        )
        total = basket.total_incl_tax if tax_known else basket.total_excl_tax
        return CartSummary(
            lines=tuple(rows), subtotal=subtotal, discounts=discounts, total=max(total, Decimal(0))
        )

    def add_line(self, product_id: int, quantity: int) -> str:
        product = get_model("catalogue", "Product")._default_manager.get(pk=product_id)
        with app_change():
            line, _created = self.basket.add_product(product, quantity)
        return str(line.id)

    def replace_line(self, line_id: str, product_id: int) -> str:
        basket = self.basket
        old = self._line(line_id)
        product = get_model("catalogue", "Product")._default_manager.get(pk=product_id)
        with app_change():
            quantity = old.quantity
            old.delete()
            basket.reset_offer_applications()
            line, _created = basket.add_product(product, quantity)
        return str(line.id)

    def remove_line(self, line_id: str) -> None:
        with app_change():
            self._line(line_id).delete()
        self.basket.reset_offer_applications()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Serialise accepted offers on one basket with a row lock held until they commit."""
        basket = self.basket
        with transaction.atomic():
            basket_model = get_model("basket", "Basket")
            basket_model._default_manager.select_for_update().filter(pk=basket.pk).first()
            basket.reset_offer_applications()  # lines are read again under the lock
            yield

    def _line(self, line_id: str) -> Any:
        try:
            return self.basket.lines.get(pk=int(line_id))
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise CartLineMissing(f"Line {line_id!r} is not in basket {self.basket.pk}.") from exc
