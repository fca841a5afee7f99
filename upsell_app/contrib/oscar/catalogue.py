"""Oscar's catalogue as the app sees it: purchasable products priced through a strategy.

A price is what oscar shows the shopper: the strategy's price, tax included when the strategy
knows the tax (``Price.incl_tax``), otherwise tax excluded, exactly as oscar's templates choose.
While a request is being served its own strategy prices (``request.strategy``, set by oscar's
``BasketMiddleware``); otherwise (a command, a Celery task) the shop's ``Selector`` default does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from oscar.core.loading import get_class, get_model

from upsell_app.adapters import ModelCatalogAdapter
from upsell_app.associations.history import OrderRecord
from upsell_app.selection.types import ProductInfo

from .history import iter_oscar_orders
from .middleware import current_request
from .prices import shown_price

Selector = get_class("partner.strategy", "Selector")


class OscarCatalogAdapter(ModelCatalogAdapter):
    """``UPSELL["CATALOG_ADAPTER"] = "upsell_app.contrib.oscar.adapters.OscarCatalogAdapter"``.

    Parent products are never offered (a shopper buys one of their children); a product the
    strategy cannot sell (no price, no stock record, unavailable) reports no stock, so it is
    never offered either.
    """

    def __init__(self, strategy: Any = None) -> None:
        self._strategy = strategy

    def get_model(self) -> type:
        return get_model("catalogue", "Product")

    def get_strategy(self) -> Any:
        """The request's strategy while one is served, else the shop's default strategy."""
        if self._strategy is not None:
            return self._strategy
        request = current_request()
        strategy = getattr(request, "strategy", None) if request is not None else None
        if strategy is None:
            user = getattr(request, "user", None)
            strategy = Selector().strategy(request=request, user=user)
        self._strategy = strategy
        return strategy

    def get_queryset(self):  # noqa: ANN201 - oscar's ProductQuerySet
        product = self.get_model()
        return (
            product._default_manager.exclude(structure=product.PARENT)
            .select_related("parent", "product_class", "parent__product_class")
            .prefetch_related("stockrecords", "categories", "parent__categories", "images")
        )

    def get_title(self, obj: Any) -> str:
        return obj.get_title()

    def _purchase_info(self, obj: Any) -> Any:
        cache = getattr(self, "_info_cache", None)
        if cache is None:
            cache = self._info_cache = {}
        if obj.pk not in cache:
            cache[obj.pk] = self.get_strategy().fetch_for_product(obj)
        return cache[obj.pk]

    def get_price(self, obj: Any) -> Decimal:
        price = self._purchase_info(obj).price
        return shown_price(price) if price.exists else Decimal("0")

    def get_stock(self, obj: Any) -> int | None:
        info = self._purchase_info(obj)
        if not info.price.exists or not info.availability.is_available_to_buy:
            return 0
        if not obj.get_product_class().track_stock or info.stockrecord is None:
            return None
        return max(int(info.stockrecord.net_stock_level), 0)

    def get_image_url(self, obj: Any) -> str:
        images = list(obj.images.all()) or (list(obj.parent.images.all()) if obj.parent else [])
        if not images or not images[0].original:
            return ""
        return images[0].original.url

    def get_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def get_categories(self, obj: Any) -> Iterable[str]:
        categories = obj.categories.all() if obj.parent_id is None else obj.parent.categories.all()
        return tuple(category.slug for category in categories)

    def get_cost(self, obj: Any) -> Decimal | None:
        """The stock record's cost price, when the partner keeps one (the dashboard's margin)."""
        record = self._purchase_info(obj).stockrecord
        cost = getattr(record, "cost_price", None) if record is not None else None
        return Decimal(cost) if cost is not None else None

    def get_products(self, ids: Iterable[int] | None = None) -> Mapping[int, ProductInfo]:
        self._info_cache = {}
        try:
            return super().get_products(ids)
        finally:
            self._info_cache = {}

    def iter_order_history(self) -> Iterator[OrderRecord]:
        """Oscar's placed orders, for ``manage.py upsell_backfill_history``."""
        return iter_oscar_orders()
