"""Kumo Tea's whole integration with django-upsell (a test counts these lines: under 80).

The app's products are the shop's ``Product`` (UUID keys) or its ``Variant`` (string codes),
whichever ``UPSELL_PRODUCT_MODEL`` names; the cart holds variants. Keys are the models' own ``pk``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from upsell_app.adapters import ModelCatalogAdapter, SimpleCartAdapter
from upsell_app.selection.types import CartLine

from .models import Cart, CartRow, Variant

BY_VARIANT = settings.UPSELL_PRODUCT_MODEL == "keyshop.Variant"


def product_key(variant: Variant) -> Any:
    """The app's product for a variant in the cart: the variant itself, or its product."""
    return variant.pk if BY_VARIANT else variant.product_id


def variant_for(key: Any) -> Variant:
    """The variant the cart holds for one of the app's products (a product's first variant)."""
    if BY_VARIANT:
        return Variant.objects.get(pk=key)
    return Variant.objects.filter(product_id=key).order_by("sku").first()


def current_cart(request: Any, *, create: bool = False) -> Cart | None:
    if request.session.session_key is None:
        if not create:
            return None
        request.session.save()
    if create:
        return Cart.objects.get_or_create(session_key=request.session.session_key)[0]
    return Cart.objects.filter(session_key=request.session.session_key).first()


class Catalog(ModelCatalogAdapter):
    title_field = "title"
    price_field = "yen"
    stock_field = None
    image_field = None


class CartAdapter(SimpleCartAdapter):
    def _rows(self):  # noqa: ANN202
        return CartRow.objects.filter(cart=current_cart(self.request))

    def get_lines(self) -> list[CartLine]:
        rows = self._rows().select_related("variant")
        return [CartLine(str(r.pk), product_key(r.variant), r.qty, Decimal(r.variant.yen))
                for r in rows]

    def add_line(self, product_id: Any, quantity: int) -> str:
        cart, variant = current_cart(self.request, create=True), variant_for(product_id)
        return str(CartRow.objects.create(cart=cart, variant=variant, qty=quantity).pk)

    def replace_line(self, line_id: str, product_id: Any) -> str:
        self._rows().filter(pk=line_id).update(variant=variant_for(product_id))
        return line_id

    def remove_line(self, line_id: str) -> None:
        self._rows().filter(pk=line_id).delete()

    @contextmanager
    def lock(self) -> Iterator[None]:
        with transaction.atomic():
            cart = current_cart(self.request, create=True)
            Cart.objects.select_for_update().get(pk=cart.pk)
            yield
