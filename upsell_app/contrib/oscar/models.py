"""What the oscar integration keeps in tables of its own.

The proxy ``Condition``/``Benefit`` classes (no tables) only keep rows of an older install
loadable; :class:`OrderLinePlan` keeps the subscription plan a placed order's line carries.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .benefits import AgreedPriceBenefit, SetDiscountBenefit
from .conditions import AgreedPriceCondition, SetDiscountCondition

__all__ = [
    "AgreedPriceBenefit",
    "AgreedPriceCondition",
    "OrderLinePlan",
    "SetDiscountBenefit",
    "SetDiscountCondition",
]


class OrderLinePlan(models.Model):
    """The subscription plan an order line was placed with: everything the shopper agreed to.

    Kept beside the order line rather than as one of its ``LineAttribute`` rows: oscar prints
    every line attribute through a product option in the line's description (thank-you page,
    order history, e-mails), and a plan is no product option.
    """

    line = models.OneToOneField(
        "order.Line",
        on_delete=models.CASCADE,
        related_name="upsell_plan",
        verbose_name=_("order line"),
    )
    value = models.JSONField(_("plan"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription plan of an order line")
        verbose_name_plural = _("subscription plans of order lines")

    def __str__(self) -> str:
        return str(_("Subscription plan of order line %(line)s") % {"line": self.line_id})
