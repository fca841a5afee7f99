"""The spend thresholds' admin: the amounts a shop names for the cart page's nudge."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from ..models import SpendThreshold
from .display import money


@admin.register(SpendThreshold)
class SpendThresholdAdmin(TranslatableAdmin):
    list_display = ("code", "amount_shown", "within_shown", "is_active", "measured_as")
    list_editable = ("is_active",)
    fieldsets = (
        (None, {"fields": ("code", "amount", "show_within", "is_active")}),
        (
            _("What the shopper reads"),
            {
                "fields": ("benefit",),
                "description": _(
                    'The cart page says "Add ¥800 more for <benefit>": write the benefit in '
                    "each language tab."
                ),
            },
        ),
        (_("Measuring"), {"fields": ("measured_as",)}),
    )
    readonly_fields = ("measured_as",)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, obj: SpendThreshold) -> str:
        return money(obj.amount)

    @admin.display(description=_("show when short by at most"), ordering="show_within")
    def within_shown(self, obj: SpendThreshold) -> str:
        return money(obj.show_within)

    @admin.display(description=_("measured as offer"))
    def measured_as(self, obj: SpendThreshold) -> Any:
        """Impressions, accepts and revenue of the nudge's items are recorded under this offer."""
        if obj is None or obj.offer_id is None:
            return _("created when the threshold is saved")
        url = reverse("admin:upsell_app_offer_change", args=[obj.offer_id])
        return format_html('<a href="{}">{}</a>', url, obj.offer.name)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("offer")
