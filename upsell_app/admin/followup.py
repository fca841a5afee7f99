"""Follow-up mail in the admin: the moments an offer is mailed at, the replenishment intervals
the admin sets, and the records of consent and of every mail (read only: they are proof)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..followup.intervals import learned_days
from ..models import FollowUp, FollowUpMail, FollowUpMoment, MailConsent, ReplenishmentInterval
from .display import ProductNamesMixin, language_name, shopper_label


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ("offer", "moment", "days", "is_active")


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    form = FollowUpForm
    list_display = ("offer", "moment", "days", "is_active")
    list_filter = ("moment", "is_active")
    search_fields = ("offer__name",)


class ShopperColumns:
    """Shoppers and languages as the admin reads them, not as keys and codes."""

    @admin.display(description=_("customer"), ordering="customer_key")
    def shopper(self, row: Any) -> str:
        return shopper_label(row.customer_key)

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, row: Any) -> str:
        return language_name(row.language) if row.language else "—"


@admin.register(ReplenishmentInterval)
class ReplenishmentIntervalAdmin(ProductNamesMixin, admin.ModelAdmin):
    product_ids_of = staticmethod(lambda row: (row.product_id,))
    list_display = ("product", "days", "learned")

    @admin.display(description=_("product"), ordering="product_id")
    def product(self, obj: ReplenishmentInterval) -> str:
        return self.names_for(obj).get(obj.product_id) or str(obj.product_id)

    @admin.display(description=_("learned from repeat purchases (days)"))
    def learned(self, obj: ReplenishmentInterval) -> str:
        days = learned_days(obj.product_id)
        return "—" if days is None else f"{days:g}"


class RecordAdmin(admin.ModelAdmin):
    """Proof of consent and of what was sent: read, never edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MailConsent)
class MailConsentAdmin(ShopperColumns, RecordAdmin):
    list_display = ("email", "shopper", "source", "language_name", "consented_at", "withdrawn_at")
    list_filter = ("source", "withdrawn_via")
    search_fields = ("email", "customer_key")


class MomentFilter(admin.SimpleListFilter):
    title = _("moment")
    parameter_name = "moment"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(FollowUpMoment.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(follow_up__moment=value) if value else queryset


@admin.register(FollowUpMail)
class FollowUpMailAdmin(ProductNamesMixin, ShopperColumns, RecordAdmin):
    product_ids_of = staticmethod(lambda row: (row.product_id,))
    list_display = (
        "follow_up",
        "shopper",
        "product",
        "status",
        "held_because",
        "due_at",
        "sent_at",
    )

    @admin.display(description=_("product offered"), ordering="product_id")
    def product(self, obj: FollowUpMail) -> str:
        return self.names_for(obj).get(obj.product_id) or str(obj.product_id)

    list_filter = ("status", MomentFilter)
    search_fields = ("customer_key", "email")
