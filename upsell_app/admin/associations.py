"""Admin for associations: the last runs with a "refresh now" action, and per product its partners
with count, support, confidence and lift. Imported by ``admin.py``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..associations import keymap, storage
from ..models import AssociationRun, ProductPartners, PurchaseLine
from .display import ProductNamesMixin, money, product_label, shopper_label

_GLOBAL_ACTIONS = ("refresh_now", "rebuild_now")


def _queue(request: HttpRequest, full: bool) -> None:
    from .. import tasks

    task = tasks.rebuild_associations_full if full else tasks.refresh_associations_incremental
    result = task.delay()
    outcome = result.result if result.ready() else None  # eager mode (no broker) ran it already
    if isinstance(outcome, dict) and outcome.get("status") == "skipped":
        messages.warning(request, outcome.get("message", _("Another refresh is running.")))
    else:
        messages.success(request, _("Refresh queued (task %(id)s).") % {"id": result.id})


@admin.register(AssociationRun)
class AssociationRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "mode",
        "status",
        "duration",
        "orders_read",
        "rows",
        "products_updated",
        "generation_number",
        "message",
    )
    list_filter = ("status", "mode")
    actions = ("refresh_now", "rebuild_now")
    readonly_fields = [f.name for f in AssociationRun._meta.fields]

    @admin.display(description=_("duration (s)"), ordering="duration_seconds")
    def duration(self, run: AssociationRun) -> str:
        return "" if run.duration_seconds is None else f"{run.duration_seconds:.2f}"

    @admin.display(description=_("generation"), ordering="generation")
    def generation_number(self, run: AssociationRun) -> str:
        return "" if run.generation_id is None else f"#{run.generation_id}"

    @admin.action(description=_("Refresh now (incremental)"), permissions=["change"])
    def refresh_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        _queue(request, full=False)

    @admin.action(description=_("Rebuild now (full)"), permissions=["change"])
    def rebuild_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        _queue(request, full=True)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # These actions ignore the selection: let them run with nothing ticked (even no runs yet).
        if request.method == "POST" and request.POST.get("action") in _GLOBAL_ACTIONS:
            if not request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                post = request.POST.copy()
                post["select_across"] = "1"
                post.setdefault("index", "0")
                request.POST = post
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class _PartnersChangeList(ChangeList):
    """Reads the names of every product on the page (rows and their top partners) at once."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        rows = list(self.result_list)
        ids = {row.product_id for row in rows}
        for row in rows:
            ids.update(b for b, _c, _w in storage.unpack(row.partners)[:TOP_PARTNERS])
        names = product_names(ids)
        for row in rows:
            row.product_names = names


def product_names(ids: Iterable[Any]) -> dict[Any, str]:
    """Product titles through the shop's catalogue, by the matrices' index and by product key
    (the same numbers in an integer-keyed shop); a product it no longer has is absent."""
    ids = list(ids)
    if not ids:
        return {}
    from ..adapters import get_catalog_adapter

    keys = {
        index: key
        for index, key in keymap.keys_of(i for i in ids if isinstance(i, int)).items()
        if key is not None
    }
    wanted = {*keys.values(), *(i for i in ids if not isinstance(i, int))}
    titles = {
        pid: str(info.title) for pid, info in get_catalog_adapter().get_products(wanted).items()
    }
    return {**titles, **{index: titles[key] for index, key in keys.items() if key in titles}}


def _named(product_id: int, names: dict[int, str]) -> str:
    name = names.get(product_id)
    # A partner the catalogue no longer has keeps its id, so the row still says who it was.
    return (
        f"{name} (#{product_id})"
        if name
        else _("#%(id)s (not in the catalogue)") % {"id": product_id}
    )


TOP_PARTNERS = 5


@admin.register(ProductPartners)
class ProductPartnersAdmin(admin.ModelAdmin):
    """Partner lists of the generation in service."""

    list_display = ("product_name", "count", "n_partners", "top_partners")
    search_fields = ("=product_id",)
    readonly_fields = ("product_name", "count", "valid_from", "partners_table", "fit_in_popup")
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        gen = storage.current_generation_id() or 0
        return super().get_queryset(request).filter(storage.valid_at(gen)).order_by("-count")

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return _PartnersChangeList

    def _names(self, row: ProductPartners, ids: Iterable[int]) -> dict[int, str]:
        names = getattr(row, "product_names", None)
        if names is None:  # the detail page: one row, one catalogue read
            names = row.product_names = product_names(ids)
        return names

    @admin.display(description=_("product"), ordering="product_id")
    def product_name(self, row: ProductPartners) -> str:
        ids = [row.product_id, *(b for b, _c, _w in storage.unpack(row.partners))]
        return _named(row.product_id, self._names(row, ids))

    @admin.display(description=_("top partners (count)"))
    def top_partners(self, row: ProductPartners) -> str:
        top = storage.unpack(row.partners)[:TOP_PARTNERS]
        names = self._names(row, [row.product_id, *(b for b, _c, _w in top)])
        return ", ".join(f"{names.get(b) or f'#{b}'} ({c})" for b, c, _w in top)

    @admin.display(description=_("partners: count, support, confidence, lift"))
    def partners_table(self, row: ProductPartners) -> str:
        table = storage.partner_table(row.product_id)
        names = self._names(row, [row.product_id, *(r["product_id"] for r in table)])
        # Numbers are formatted before format_html_join: it escapes its arguments into strings.
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td></tr>",
            (
                (
                    r["product_id"],
                    names.get(r["product_id"], ""),
                    r["count"],
                    f"{r['support']:.4f}",
                    f"{r['confidence']:.3f}",
                    f"{r['lift']:.2f}",
                    f"{r['score']:.4f}",
                )
                for r in table
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("id"),
            _("product"),
            _("count"),
            _("support"),
            _("confidence"),
            _("lift"),
            _("score"),
            body,
        )

    @admin.display(description=_("in the pop-up"))
    def fit_in_popup(self, row: ProductPartners) -> str:
        """Which partners the pop-up leaves out when this product is in the cart, and why."""
        from ..serving.decision_service import fit_policy
        from .fit_explain import explain_partners

        try:
            from ..adapters import get_catalog_adapter

            table = storage.partner_table(row.product_id)
            ids = [r["product_id"] for r in table]
            lifts = {r["product_id"]: r["lift"] for r in table}
            own = keymap.keys_of([row.product_id]).get(row.product_id, row.product_id)
            products = get_catalog_adapter().get_products([own, *ids])
        except Exception:  # a catalogue problem must not break the admin page
            return str(_("The catalogue could not be read."))
        policy_text, left_out = explain_partners(own, ids, products, fit_policy(), lifts)
        items = format_html_join("", "<li>{}: {}</li>", left_out)
        return format_html(
            "<p>{}</p>{}", policy_text, format_html("<ul>{}</ul>", items) if left_out else ""
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PurchaseLine)
class PurchaseLineAdmin(ProductNamesMixin, admin.ModelAdmin):
    product_ids_of = staticmethod(lambda line: (line.product_id,))
    list_display = (
        "order_id",
        "shopper",
        "product",
        "quantity",
        "unit_price_display",
        "ordered_at",
    )
    search_fields = ("=order_id", "=product_id", "=customer_key")
    date_hierarchy = "ordered_at"
    readonly_fields = [f.name for f in PurchaseLine._meta.fields]

    @admin.display(description=_("customer or session"), ordering="customer_key")
    def shopper(self, line: PurchaseLine) -> str:
        return shopper_label(line.customer_key)

    @admin.display(description=_("product"), ordering="product_id")
    def product(self, line: PurchaseLine) -> str:
        return product_label(line.product_id, self.names_for(line))

    @admin.display(description=_("unit price"), ordering="unit_price")
    def unit_price_display(self, line: PurchaseLine) -> str:
        return money(line.unit_price)
