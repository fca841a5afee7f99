"""Admin for analytics: the dashboard (staff only, permission-checked), variants and pauses.

Imported by ``UpsellConfig.ready()``. The dashboard is the changelist of the table-less
:class:`~upsell_app.models.Dashboard` proxy, so it gets an entry on the admin index and its own
view permission. :class:`PauseNoticeMixin` is meant for the offer's own admin
(``upsell_app/admin/__init__.py``); the A/B arms' admin is :mod:`upsell_app.admin.arms`.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conf import upsell_settings
from ..models import Dashboard, OfferPause
from ..selection.pricing import format_money
from . import dashboard, guard, stats, uplift, verdicts

MAX_DAYS = 366


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> dashboard.Period:
        default = dashboard.Period.last_days(30)
        if not self.is_valid():
            return default
        end = self.cleaned_data.get("end") or default.end
        start = self.cleaned_data.get("start") or end - timedelta(days=29)
        if start > end:
            start, end = end, start
        start = max(start, end - timedelta(days=MAX_DAYS - 1))
        return dashboard.Period(start, end)


VERDICT_LABELS = verdicts.VERDICT_LABELS


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _ci(interval: stats.Interval | None, percent: bool = False) -> str:
    if interval is None:
        return ""
    if percent:
        return f"{interval.low * 100:.1f}–{interval.high * 100:.1f}%"
    return f"{interval.low:,.0f}–{interval.high:,.0f}"


def _certainty(result: Any) -> str:
    return "" if result is None else verdicts.certainty(result)


def variant_table(rows: list[dashboard.VariantRow]) -> list[dict[str, Any]]:
    """The variant rows as the template and the CSV show them (strings, no markup)."""
    table = []
    for row in rows:
        table.append(
            {
                "offer": row.offer_name,
                "variant": row.name,
                "is_control": row.is_control,
                "weight": row.weight,
                "exposures": row.exposures,
                "accepts": "" if row.is_control else row.accepts,
                "take_rate": _percent(row.take_rate),
                "take_rate_ci": _ci(row.take_rate_ci, percent=True),
                "take_rate_certainty": _certainty(row.take_rate_test),
                "take_rate_verdict": (
                    "" if row.is_control or not row.reference
                    else str(VERDICT_LABELS[row.take_rate_verdict])
                ),
                "take_rate_verdict_code": row.take_rate_verdict,
                "take_rate_words": (
                    verdicts.comparison(row.take_rate_test, row.take_rate_verdict, row.name,
                                        row.reference, "take_rate")
                    if row.reference and not row.is_control else None
                ),
                "reference": row.reference,
                "revenue": row.revenue,
                "orders": row.orders,
                "aov": row.aov,
                "aov_ci": _ci(row.aov_ci),
                "rpv": row.revenue_per_visitor,
                "rpv_display": _money(row.revenue_per_visitor),
                "rpv_certainty": _certainty(row.rpv_test),
                "rpv_verdict": (
                    str(VERDICT_LABELS[row.rpv_verdict]) if row.rpv_verdict else ""
                ),
                "rpv_verdict_code": row.rpv_verdict,
                "rpv_words": (
                    verdicts.comparison(row.rpv_test, row.rpv_verdict, row.name,
                                        row.control_name, "rpv")
                    if row.rpv_verdict else None
                ),
                "revenue_display": _money(row.revenue),
                "aov_display": _money(row.aov) if row.aov is not None else "—",
            }
        )
    return table


def _money(value: Any) -> str:
    if value is None:
        return "—"
    return format_money(
        Decimal(value), upsell_settings.CURRENCY_SYMBOL, upsell_settings.PRICE_DECIMAL_PLACES
    )


def comparison_caution() -> str:
    # Shoppers who accept may simply be the ones who buy more: this is not the app's effect.
    return gettext(
        "A correlation: shoppers who accepted compared with those who did not, not an effect "
        "of the app (the comparison with the holdout, above, measures that)."
    )


def kpi_cards(k: dashboard.Kpis) -> list[dict[str, Any]]:
    """The KPI tiles, formatted here so the template only prints text."""
    return [
        {"label": gettext("Impressions"), "value": f"{k.impressions:,}", "notes": [
            gettext("pop-ups shown")]},
        {"label": gettext("Take rate"), "value": _percent(k.take_rate) or "—", "notes": [
            gettext("%(n)s accepted") % {"n": f"{k.accepts:,}"}]},
        {"label": gettext("Incremental revenue"), "value": _money(k.incremental_revenue),
         "notes": [
            gettext(
                "What accepted offers added: an upgrade's price difference, added items net of "
                "set discounts, a subscription's committed deliveries less the item it replaced."
            ),
            gettext("%(v)s per impression") % {"v": _money(k.revenue_per_impression)}]},
        {"label": gettext("Kept by downsells"), "value": _money(k.kept_revenue), "notes": [
            gettext("cheaper alternatives bought instead of removing the item; not added "
                    "revenue")]},
        {"label": gettext("Post-purchase revenue"), "value": _money(k.post_purchase_revenue),
         "notes": [
            gettext("thank-you offers added to the order just placed (%(n)s lines)")
            % {"n": f"{k.post_purchase_lines:,}"}]},
        {"label": gettext("Average order value"), "value": _money(k.aov_with_offer), "notes": [
            gettext("with an accepted offer (%(n)s orders)")
            % {"n": f"{k.orders_with_offer:,}"},
            gettext("%(v)s without (%(n)s orders)")
            % {"v": _money(k.aov_without_offer), "n": f"{k.orders_without_offer:,}"},
            comparison_caution()]},
        {"label": gettext("Decline rate"), "value": _percent(k.decline_rate) or "—",
         "warn": (k.decline_rate or 0) > 0.5, "notes": [
            gettext("high means the offer feels pushy")]},
        {"label": gettext("Customer lifetime value"), "value": _money(k.ltv_with_offer),
         "notes": [
            gettext("accepted offers (%(n)s customers)")
            % {"n": f"{k.customers_with_offer:,}"},
            gettext("%(v)s did not (%(n)s customers)")
            % {"v": _money(k.ltv_without_offer), "n": f"{k.customers_without_offer:,}"},
            comparison_caution()]},
    ]


def ltv_assumptions(k: dashboard.Kpis) -> str:
    return gettext(
        "Lifetime value = annual spend × margin × years retained. Assumed: spend in this period "
        "scaled to a year, a %(margin)s margin and %(years)s years retained (settings "
        "LTV_MARGIN_RATE and LTV_YEARS_RETAINED). Guests without an account are not counted."
    ) % {"margin": _percent(k.margin_rate), "years": f"{k.years_retained:g}"}


def offer_table(rows: list[dashboard.OfferRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": row.offer_id,
            "name": row.name,
            "status": (
                gettext("Paused")
                if row.pause_reason
                else (gettext("Active") if row.is_active else gettext("Off"))
            ),
            "status_code": "paused" if row.pause_reason else ("on" if row.is_active else "off"),
            "pause_reason": row.pause_reason,
            "impressions": f"{row.impressions:,}",
            "clicks": f"{row.clicks:,}",
            "accepts": f"{row.accepts:,}",
            "take_rate": _percent(row.take_rate) or "—",
            "decline_rate": _percent(row.decline_rate) or "—",
            "dismiss_rate": _percent(row.dismiss_rate) or "—",
            "paid": f"{row.paid:,}",
            "revenue": _money(row.revenue),
            "incremental": _money(row.incremental),
            "kept": _money(row.kept) if row.kept else "",
            "margin": _money(row.margin),
            "rpi": _money(row.revenue_per_impression),
            "control": f"{row.control:,}",
        }
        for row in rows
    ]


def audience_table(rows: list[dashboard.AudienceRow]) -> list[dict[str, Any]]:
    """The breakdown by audience, labelled in the owner's words."""
    labels = {
        "first_time": gettext("First-time customers"),
        "returning": gettext("Returning customers"),
        "phone": gettext("Phones"),
        "tablet": gettext("Tablets"),
        "desktop": gettext("Computers"),
    }
    return [
        {
            "dimension": row.dimension,
            "name": labels.get(row.value, row.value),
            "impressions": f"{row.impressions:,}",
            "accepts": f"{row.accepts:,}",
            "take_rate": _percent(row.take_rate) or "—",
            "value": _money(row.accepted_value),
            "rpi": _money(row.revenue_per_impression),
        }
        for row in rows
    ]


def channel_table(rows: list[dashboard.ChannelRow]) -> list[dict[str, Any]]:
    """The pop-ups beside the follow-up mails, labelled in the owner's words."""
    labels = {"popup": gettext("Pop-ups and in-page offers"), "mail": gettext("Follow-up mails")}
    return [
        {
            "channel": row.channel,
            "name": labels.get(row.channel, row.channel),
            "shown": f"{row.shown:,}",
            "clicks": f"{row.clicks:,}",
            "accepts": f"{row.accepts:,}",
            "take_rate": _percent(row.take_rate) or "—",
            "value": _money(row.accepted_value),
        }
        for row in rows
    ]


#: The CSV's columns, in the language of the admin who downloads it.
CSV_HEADERS = (
    _("Section"), _("Offer"), _("Variant"), _("Impressions"), _("Clicks"), _("Accepts"),
    _("Declines"), _("Dismissals"), _("Take rate"), _("Decline rate"), _("Incremental revenue"),
    _("Added margin"), _("Revenue / impression"), _("Orders"), _("Average order value"),
    _("Take rate interval"), _("Take rate certainty"), _("Take rate verdict"),
    _("Order value interval"), _("Revenue per visitor"), _("Revenue per visitor vs control"),
    _("Status"),
)


def _words(words: dict[str, str] | None) -> str:
    return " / ".join(part for part in (words or {}).values() if part)


def _safe_cell(value: Any) -> Any:
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@admin.register(Dashboard)
class DashboardAdmin(admin.ModelAdmin):
    """The analytics dashboard in place of a changelist."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff and (
            request.user.has_perm("upsell_app.view_dashboard")
            or request.user.has_perm("upsell_app.view_offerevent")
        )

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            ),
        ]

    def _period(self, request: HttpRequest) -> tuple[PeriodForm, dashboard.Period]:
        form = PeriodForm(request.GET or None)
        return form, form.period()

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, period = self._period(request)
        if not form.is_bound:
            form = PeriodForm(initial={"start": period.start, "end": period.end})
        kpis = dashboard.kpis(period)
        funnel = dashboard.funnel(period)
        daily = dashboard.daily_series(period)
        variants = variant_table(dashboard.variant_rows(period))
        holdout = verdicts.holdout_summary(uplift.uplift(period))
        chart_data = {
            "daily": daily,
            "funnel": {
                "labels": [
                    gettext("Impressions"), gettext("Clicks"), gettext("Accepts"), gettext("Paid")
                ],
                "values": [
                    funnel["impressions"], funnel["clicks"], funnel["accepts"], funnel["paid"]
                ],
            },
            "labels": {
                "impressions": gettext("Impressions"),
                "accepts": gettext("Accepts"),
                "revenue": gettext("Incremental revenue"),
                "funnel": gettext("Orders paid"),
            },
        }
        query = f"?start={period.start.isoformat()}&end={period.end.isoformat()}"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Offer dashboard"),
            "form": form,
            "period": period,
            "kpis": kpis,
            "kpi_cards": kpi_cards(kpis),
            "holdout": holdout,
            "method_footnote": verdicts.method_footnote(),
            "ltv_assumptions": ltv_assumptions(kpis),
            "funnel": funnel,
            "offers": offer_table(dashboard.offer_rows(period)),
            "audiences": audience_table(dashboard.audience_rows(period)),
            "channels": channel_table(dashboard.channel_rows(period)),
            "variants": variants,
            "pauses": dashboard.open_pauses(),
            "simulated": dashboard.simulated_share(period),
            "chart_data": chart_data,
            "confidence": _percent(float(upsell_settings.AB_CONFIDENCE)),
            "min_sample": upsell_settings.AB_MIN_SAMPLE,
            "export_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_export",
                current_app=self.admin_site.name,
            )
            + query,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/upsell_app/dashboard.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        _form, period = self._period(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"upsell-dashboard-{period.start.isoformat()}-{period.end.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        # The byte-order mark makes Excel (Japanese Excel above all) read the file as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([str(h) for h in CSV_HEADERS])
        offer_section, variant_section = gettext("Offer"), gettext("Variant")
        control_section = gettext("Control group")
        for row in dashboard.offer_rows(period):
            rpi = row.revenue_per_impression
            status = (
                gettext("Paused")
                if row.pause_reason
                else (gettext("Active") if row.is_active else gettext("Off"))
            )
            writer.writerow([_safe_cell(v) for v in (
                offer_section, row.name, "", row.impressions, row.clicks, row.accepts, row.declines,
                row.dismisses, _percent(row.take_rate), _percent(row.decline_rate), row.incremental,
                "" if row.margin is None else row.margin, "" if rpi is None else f"{rpi:.2f}",
                row.paid, "", "", "", "", "", "", "", status,
            )])
        for v in variant_table(dashboard.variant_rows(period)):
            writer.writerow([_safe_cell(x) for x in (
                control_section if v["is_control"] else variant_section, v["offer"], v["variant"],
                v["exposures"], "", v["accepts"], "", "", v["take_rate"], "", v["revenue"], "",
                "", v["orders"], "" if v["aov"] is None else f"{v['aov']:.2f}", v["take_rate_ci"],
                v["take_rate_certainty"], _words(v["take_rate_words"]), v["aov_ci"],
                "" if v["rpv"] is None else f"{v['rpv']:.2f}", _words(v["rpv_words"]), "",
            )])
        return response


# -- for the offer's admin (upsell_app/admin/__init__.py) ------------------------------------------
class PauseNoticeMixin:
    """Tell the admin, on the offer's page, why the pushiness guard paused it."""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "GET":
            offer = self.get_object(request, object_id)  # type: ignore[attr-defined]
            pause = guard.open_pause(offer)
            if pause is not None:
                messages.warning(request, pause.reason)
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]


@admin.register(OfferPause)
class OfferPauseAdmin(admin.ModelAdmin):
    list_display = ("offer", "paused_at", "decline_rate_display", "window", "resolved_at")
    list_select_related = ("offer",)
    readonly_fields = [f.name for f in OfferPause._meta.fields]

    @admin.display(description=_("decline rate"), ordering="decline_rate")
    def decline_rate_display(self, pause: OfferPause) -> str:
        return _percent(pause.decline_rate)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
