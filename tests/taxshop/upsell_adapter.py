"""Chaya Tea's whole integration with django-upsell (a test counts these lines: under 80).

Prices are stored without tax, food at the reduced 8 % and goods at 10 % (``UPSELL`` in
settings says prices exclude tax and tax is rounded down per line); the catalogue says each
item's rate. The basket keeps only rows; the app keeps agreed prices (without tax, like the
shop's), set discounts (split by rate) and plans, and the views read them with ``adjustments``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction

from upsell_app.adapters import ModelCatalogAdapter, SimpleCartAdapter
from upsell_app.selection.types import CartLine

from .models import Basket, BasketRow
from .views import current_basket

FOOD, GOODS = Decimal("0.08"), Decimal("0.10")


class ItemCatalog(ModelCatalogAdapter):
    title_field = "title"
    price_field = "yen"
    stock_field = "on_hand"
    image_field = None

    def get_tax_rate(self, obj: Any) -> Decimal:
        return FOOD if obj.food else GOODS


class BasketAdapter(SimpleCartAdapter):
    def _rows(self):  # noqa: ANN202
        return BasketRow.objects.filter(basket=current_basket(self.request))

    def get_lines(self) -> list[CartLine]:
        rows = self._rows().select_related("item")
        return [CartLine(str(r.pk), r.item_id, r.qty, Decimal(r.item.yen)) for r in rows]

    def add_line(self, product_id: int, quantity: int) -> str:
        basket = current_basket(self.request, create=True)
        return str(BasketRow.objects.create(basket=basket, item_id=product_id, qty=quantity).pk)

    def replace_line(self, line_id: str, product_id: int) -> str:
        self._rows().filter(pk=line_id).update(item_id=product_id)
        return line_id

    def remove_line(self, line_id: str) -> None:
        self._rows().filter(pk=line_id).delete()

    @contextmanager
    def lock(self) -> Iterator[None]:
        with transaction.atomic():
            basket = current_basket(self.request, create=True)
            Basket.objects.select_for_update().get(pk=basket.pk)
            yield
