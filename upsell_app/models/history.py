"""Purchase history the app owns: one row per (order, product), recorded from ``order_completed``.

No foreign key to the shop's product or order tables: mining must not depend on the shop's schema,
and a deleted product must not rewrite history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .product_keys import ProductKeyField


class PurchaseLine(models.Model):
    """A product bought in an order. Re-recording an order is idempotent: the pair
    (order_id, product_id) is unique and existing rows are kept as they are.

    The auto-increment ``id`` is the mining watermark: rows are only ever appended.
    """

    order_id = models.CharField(_("order"), max_length=64)
    #: 63-bit hashes of ``order_id`` / ``customer_key`` (0 = no customer): integer basket keys let
    #: the miner read millions of lines as fixed-width binary instead of Python strings.
    order_hash = models.BigIntegerField(_("order hash"), editable=False, db_index=True)
    customer_hash = models.BigIntegerField(
        _("customer hash"), editable=False, default=0, db_index=True
    )
    customer_key = models.CharField(
        _("customer or session"), max_length=64, blank=True, default="", db_index=True
    )
    product_id = ProductKeyField(_("product id"), db_index=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4, default=0)
    ordered_at = models.DateTimeField(_("ordered at"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("purchase line")
        verbose_name_plural = _("purchase lines")
        constraints = [
            models.UniqueConstraint(
                fields=["order_id", "product_id"], name="upsell_purchaseline_order_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.product_id} x {self.quantity}"
