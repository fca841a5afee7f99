"""The admin: configure, check and preview offers; read what shoppers accepted and declined.

A package because ``admin.autodiscover()`` imports ``upsell_app.admin``: this module registers the
offers' admin; beside it are the associations' admin (:mod:`.associations`), the offer form and
its checks (:mod:`.forms`), the preview of an offer on a sample cart (:mod:`.preview`) and the
plain-words explanations of the timing and fit policies (:mod:`.timing_help`,
:mod:`.fit_explain`). The analytics dashboard's admin lives with analytics
(:mod:`upsell_app.analytics.admin`). May import every path below it; nothing imports the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from ..analytics.admin import PauseNoticeMixin
from ..models import (
    CartAdjustment,
    Offer,
    OfferAcceptance,
    OfferDecline,
    OfferKind,
    SubscriptionConsent,
    Trigger,
)
from .arms import ArmLanguagesMixin, OfferVariantInline
from .display import ProductNamesMixin, language_name, money, product_label, shopper_label
from .duplicate import DuplicateOfferMixin
from .forms import OfferAdminForm, cannot_apply_message
from .kinds import KIND_DESCRIPTIONS, kind_fieldsets, kind_or_none, text_names
from .languages import admin_language, shop_languages, text_field

SCHEDULE_LIVE, SCHEDULE_SCHEDULED, SCHEDULE_ENDED = "live", "scheduled", "ended"
SCHEDULE_LABELS = {
    SCHEDULE_LIVE: _("live"),
    SCHEDULE_SCHEDULED: _("scheduled"),
    SCHEDULE_ENDED: _("ended"),
}


def schedule_state(offer: Offer, now=None) -> str:  # noqa: ANN001 - an aware datetime
    """Where the offer stands on its calendar, regardless of its active switch."""
    now = now or timezone.now()
    if offer.ends_at is not None and offer.ends_at <= now:
        return SCHEDULE_ENDED
    if offer.starts_at is not None and offer.starts_at > now:
        return SCHEDULE_SCHEDULED
    return SCHEDULE_LIVE


def schedule_q(state: str, now=None) -> Q:  # noqa: ANN001
    """The same three states as :func:`schedule_state`, as a query."""
    now = now or timezone.now()
    ended = Q(ends_at__isnull=False, ends_at__lte=now)
    scheduled = Q(starts_at__isnull=False, starts_at__gt=now) & ~ended
    if state == SCHEDULE_ENDED:
        return ended
    if state == SCHEDULE_SCHEDULED:
        return scheduled
    return ~ended & ~Q(starts_at__isnull=False, starts_at__gt=now)


class ScheduleFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "schedule"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(SCHEDULE_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in SCHEDULE_LABELS:
            return queryset.filter(schedule_q(self.value()))
        return queryset


class TriggerFilter(admin.SimpleListFilter):
    title = _("shown when")
    parameter_name = "trigger"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Trigger.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value not in Trigger.values:
            return queryset
        # JSON "contains" is not available on every database (SQLite); offers are few, so the
        # list is read once and matched here.
        rows = queryset.values_list("pk", "triggers")
        ids = [pk for pk, triggers in rows if value in (triggers or ())]
        return queryset.filter(pk__in=ids)


def _with_policy_help(fieldsets: Any) -> list:
    """The timing and learned-fit policies, as configured, next to the fields they govern."""
    from ..serving.decision_service import fit_policy
    from .fit_explain import policy_text
    from .timing_help import timing_policy_text

    helps = {
        "when": timing_policy_text(),
        "what": _("Learned targets: %(rule)s") % {"rule": policy_text(fit_policy())},
    }
    out = []
    for name, options in fieldsets:
        key = {str(_("When")): "when", str(_("What")): "what"}.get(str(name))
        if key == "what" and "target_source" in options.get("fields", ()):
            # Only the kinds that may learn their targets get the rule learned targets follow.
            options = {**options, "description": f"{options.get('description', '')} {helps[key]}"}
        elif key == "when" and "description" not in options:
            options = {**options, "description": helps[key]}
        out.append((name, options))
    return out


@admin.register(Offer)
class OfferAdmin(DuplicateOfferMixin, ArmLanguagesMixin, PauseNoticeMixin, TranslatableAdmin):
    """Offers, one form per kind: the add page first asks the kind, then shows that kind's form.

    Texts are edited in every shop language in the same form (tabs switch in the browser), and
    the page opens on the admin's own language.
    """

    form = OfferAdminForm
    inlines = (OfferVariantInline,)
    change_form_template = "admin/upsell_app/offer/change_form.html"
    kind_chooser_template = "admin/upsell_app/offer/choose_kind.html"
    # filter_horizontal works with any product model; autocomplete would need the shop's own
    # ModelAdmin with search_fields, which a reusable app cannot count on.
    filter_horizontal = ("source_products", "target_products")
    list_display = (
        "name",
        "kind",
        "is_active",
        "priority",
        "schedule",
        "trigger_list",
        "arm_languages",
        "updated_at",
    )
    list_filter = ("kind", "is_active", ScheduleFilter, TriggerFilter)
    search_fields = ("name", "translations__headline")
    ordering = ("-priority", "name")
    actions = ("activate", "deactivate", "duplicate")

    class Media:
        js = ("upsell_app/admin/offer_form.js",)
        css = {"all": ("upsell_app/admin/offer_form.css",)}

    # -- the kind and the language of the form -------------------------------------------------
    def offer_kind(self, request: HttpRequest, obj: Offer | None = None) -> str | None:
        """The kind whose form is shown: as posted, else as asked (``?kind=``), else the offer's."""
        posted = kind_or_none(request.POST.get("kind")) if request.method == "POST" else None
        return posted or kind_or_none(request.GET.get("kind")) or (obj.kind if obj else None)

    def _language(self, request: HttpRequest, obj: Offer | None = None) -> str:
        # The admin's own language unless a page asks for another (parler's default is the
        # first configured language, which put a Japanese owner on the English tab).
        asked = request.GET.get(self.query_language_key)
        languages = shop_languages()
        return asked if asked in languages else admin_language(languages)

    def get_fieldsets(self, request: HttpRequest, obj: Offer | None = None) -> Any:
        return _with_policy_help(kind_fieldsets(self.offer_kind(request, obj), shop_languages()))

    def get_form(self, request: HttpRequest, obj: Offer | None = None, **kwargs: Any) -> Any:
        kind = self.offer_kind(request, obj)
        names = text_names(kind)
        per_language = {text_field(n, c) for n in names for c in shop_languages()}
        # The texts per language are the form's own fields, not the model's.
        fields = kwargs.get("fields")
        if fields is None:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f not in per_language]
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"offer_kind": kind, "text_names": names})

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "POST" and self.offer_kind(request) is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return self.kind_chooser(request, None)
        return super().add_view(request, form_url, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "POST" and "choose_kind" in request.GET:
            offer = self.get_object(request, unquote(object_id))
            if offer is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not self.has_change_permission(request, offer):
                raise PermissionDenied
            return self.kind_chooser(request, offer)
        return super().change_view(request, object_id, form_url, extra_context)

    def kind_chooser(self, request: HttpRequest, offer: Offer | None) -> HttpResponse:
        """The first step: which kind of offer (or, for a saved offer, which kind it becomes)."""
        params = request.GET.dict()
        params.pop("choose_kind", None)
        kinds = [
            {
                "value": value,
                "label": label,
                "description": KIND_DESCRIPTIONS[value],
                "url": f"{request.path}?{urlencode({**params, 'kind': value})}",
                "current": offer is not None and offer.kind == value,
            }
            for value, label in OfferKind.choices
        ]
        if offer is None:
            title, back = _("What kind of offer?"), reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        else:
            title = _("Change the kind of “%(name)s”") % {"name": offer.name}
            back = f"{request.path}?{urlencode(params)}" if params else request.path
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": offer,
            "title": title,
            "kinds": kinds,
            "back_url": back,
        }
        return TemplateResponse(request, self.kind_chooser_template, context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Offer | None = None,
    ) -> HttpResponse:
        kind = self.offer_kind(request, obj)
        languages = shop_languages()
        # The form already set the kind shown on the instance: the saved one is read back.
        saved_kind = (
            Offer.objects.filter(pk=obj.pk).values_list("kind", flat=True).first() if obj else None
        )
        params = {k: v for k, v in request.GET.items() if k != "kind"}
        if obj is None:
            choose_url = f"{request.path}?{urlencode(params)}" if params else request.path
        else:
            choose_url = f"{request.path}?{urlencode({**params, 'choose_kind': '1'})}"
        context.update(
            {
                "offer_kind": kind,
                "offer_kind_label": OfferKind(kind).label if kind else "",
                "offer_kind_description": KIND_DESCRIPTIONS.get(kind, "") if kind else "",
                "choose_kind_url": choose_url,
                "kind_changed_from": (
                    OfferKind(saved_kind).label if saved_kind and kind != saved_kind else ""
                ),
                "text_languages": [(code, language_name(code)) for code in languages],
                "text_language": self._language(request, obj),
                "text_language_name": language_name(self._language(request, obj)),
            }
        )
        # Parler's own tabs reload the page per language (and lose what was typed): skipped
        # for the tabs of this form's template.
        return super(TranslatableAdmin, self).render_change_form(
            request, context, add, change, form_url, obj
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.kind == OfferKind.SUBSCRIPTION:
            # A subscription converts the cart line: products offered by the kind it was are
            # dropped, not kept out of sight.
            form.instance.target_products.clear()

    @admin.display(description=_("schedule"))
    def schedule(self, offer: Offer) -> str:
        return SCHEDULE_LABELS[schedule_state(offer)]

    @admin.display(description=_("shown when"))
    def trigger_list(self, offer: Offer) -> str:
        labels = dict(Trigger.choices)
        return ", ".join(str(labels.get(t, t)) for t in offer.triggers or ())

    @admin.action(description=_("Activate selected offers"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_active(request, queryset, True)

    @admin.action(description=_("Deactivate selected offers"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_active(request, queryset, False)

    def _set_active(self, request: HttpRequest, queryset: QuerySet, active: bool) -> None:
        # save() per offer (not update()) so the post_save receiver invalidates the offer index.
        changed = 0
        for offer in queryset.exclude(is_active=active):
            refusal = cannot_apply_message(offer.kind) if active else ""
            if refusal:
                self.message_user(request, f"{offer.name}: {refusal}", messages.ERROR)
                continue
            offer.is_active = active
            offer.save(update_fields=["is_active", "updated_at"])
            changed += 1
        message = (
            ngettext("%d offer activated.", "%d offers activated.", changed)
            if active
            else ngettext("%d offer deactivated.", "%d offers deactivated.", changed)
        )
        self.message_user(request, message % changed, messages.SUCCESS)

    # -- preview -----------------------------------------------------------------------------------
    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_draft_view),
                name="{}_{}_preview_draft".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        from ..templatetags.upsell import widget_labels
        from .preview import build_preview

        offer = self.get_object(request, unquote(object_id))
        if offer is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, offer):
            raise PermissionDenied
        preview = build_preview(offer)
        payload = None
        if preview.decision.choices:
            # Imported here: the pop-up's wording lives with the API, loaded only when shown.
            from ..serving.presentation import present_decision

            payload = present_decision(preview.decision, preview.trigger, sign=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": offer,
            "title": _("Preview: %(name)s") % {"name": offer.name},
            "trigger_label": dict(Trigger.choices).get(preview.trigger.value, preview.trigger),
            "payload": payload,
            # The widget's bootstrap without a moment to fire: it only shows what it is given.
            "widget_config": {
                "offersUrl": "",
                "csrfToken": "",
                "trigger": None,
                "productId": None,
                "language": get_language(),
                "labels": widget_labels(),
                "preview": True,
            },
            "notes": preview.notes,
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[offer.pk],
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(request, "admin/upsell_app/offer/preview.html", context)


    def preview_draft_view(self, request: HttpRequest) -> HttpResponse:
        """The pop-up for the offer as edited in the form (posted here), before it is saved."""
        from ..templatetags.upsell import widget_labels
        from .preview import build_preview, draft_offer

        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        form = self.get_form(request)(request.POST or None)
        payload, notes, errors, cart_titles, trigger = None, [], [], [], None
        if request.method != "POST":  # opened directly: the draft comes from the offer form
            notes = [_("Open an offer's form and press “Preview as edited”.")]
        elif form.is_valid():
            offer = draft_offer(form)
            cart_ids = [p.pk for p in form.cleaned_data.get("preview_cart") or ()]
            preview = build_preview(offer, cart_product_ids=cart_ids or None)
            notes, trigger, cart_titles = preview.notes, preview.trigger, preview.cart_titles
            if preview.decision.choices:
                from ..serving.presentation import present_decision

                payload = present_decision(
                    preview.decision, preview.trigger, sign=False, cart_total=preview.cart_total
                )
        else:
            errors = [
                f"{form.fields[f].label if f in form.fields else ''}: {m}".lstrip(": ")
                for f, messages_ in form.errors.items()
                for m in messages_
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": None,
            "title": _("Preview as edited: %(name)s") % {"name": request.POST.get("name", "")},
            "trigger_label": dict(Trigger.choices).get(trigger.value, trigger) if trigger else "",
            "payload": payload,
            "widget_config": {
                "offersUrl": "",
                "csrfToken": "",
                "trigger": None,
                "productId": None,
                "language": get_language(),
                "labels": widget_labels(),
                "preview": True,
            },
            "notes": notes,
            "errors": errors,
            "cart_titles": cart_titles,
            "draft": True,
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(request, "admin/upsell_app/offer/preview.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what shoppers did: for reading, never for editing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderMismatchFilter(admin.SimpleListFilter):
    title = _("order charged as agreed")
    parameter_name = "mismatch"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("No: differs from the agreed terms")), ("no", _("Yes"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(order_mismatch="")
        if self.value() == "no":
            return queryset.filter(order_mismatch="")
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """Languages by their names in the admin's language ("日本語"), not their codes."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        codes = model_admin.get_queryset(request).values_list("language", flat=True)
        return [(code, language_name(code)) for code in sorted(set(codes))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(language=self.value()) if self.value() else queryset


class SubscriptionConsentInline(admin.StackedInline):
    """The terms the shopper consented to, as shown: proof, never editable."""

    model = SubscriptionConsent
    can_delete = False
    extra = 0
    max_num = 0
    fields = (
        "consented_at", "language", "quantity", "price_per_delivery", "commitment_total",
        "terms_table", "terms_digest", "confirmed_by_widget",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("terms as shown"))
    def terms_table(self, consent: SubscriptionConsent) -> str:
        return format_html_join(
            mark_safe("<br>"),
            '<span lang="{}"><strong>{}</strong>: {}</span>',
            (
                (term.get("lang", consent.language), term["label"], term["value"])
                for term in consent.terms
            ),
        )


def _acceptance_label(acceptance: OfferAcceptance, names: dict[int, str]) -> str:
    return f"{acceptance.offer.name}: {product_label(acceptance.product_id, names)}"


@admin.register(SubscriptionConsent)
class SubscriptionConsentAdmin(ProductNamesMixin, ReadOnlyAdmin):
    product_ids_of = staticmethod(lambda consent: (consent.acceptance.product_id,))
    list_display = (
        "accepted_offer", "price_per_delivery_display", "language_name", "confirmed_by_widget",
        "consented_at",
    )
    list_filter = (LanguageFilter, "confirmed_by_widget")
    list_select_related = ("acceptance__offer",)
    date_hierarchy = "consented_at"
    ordering = ("-consented_at",)
    fields = (
        "acceptance", "consented_at", "language", "quantity", "price_per_delivery",
        "commitment_total", "terms_table", "terms_digest",
    )
    readonly_fields = fields
    terms_table = SubscriptionConsentInline.terms_table

    @admin.display(description=_("accepted offer"), ordering="acceptance")
    def accepted_offer(self, consent: SubscriptionConsent) -> str:
        return _acceptance_label(consent.acceptance, self.names_for(consent))

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, consent: SubscriptionConsent) -> str:
        return language_name(consent.language)

    @admin.display(description=_("price per delivery"), ordering="price_per_delivery")
    def price_per_delivery_display(self, consent: SubscriptionConsent) -> str:
        return money(consent.price_per_delivery)


@admin.register(OfferAcceptance)
class OfferAcceptanceAdmin(ProductNamesMixin, ReadOnlyAdmin):
    inlines = (SubscriptionConsentInline,)
    product_ids_of = staticmethod(lambda acceptance: (acceptance.product_id,))
    list_display = (
        "offer", "kind", "product", "shopper", "value_display", "status", "order_id",
        "charged_as_agreed", "created_at",
    )
    list_filter = ("kind", "status", OrderMismatchFilter)
    list_select_related = ("offer",)
    search_fields = ("offer__name", "idempotency_key", "order_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    @admin.display(description=_("product"), ordering="product_id")
    def product(self, acceptance: OfferAcceptance) -> str:
        return product_label(acceptance.product_id, self.names_for(acceptance))

    @admin.display(description=_("shopper"))
    def shopper(self, acceptance: OfferAcceptance) -> str:
        # The cart key, not the session key: a session key is a credential.
        return shopper_label(acceptance.cart_key, acceptance.user_id)

    @admin.display(description=_("value added"), ordering="value")
    def value_display(self, acceptance: OfferAcceptance) -> str:
        return money(acceptance.value)

    @admin.display(boolean=True, description=_("charged as agreed"))
    def charged_as_agreed(self, obj: OfferAcceptance) -> bool | None:
        if not obj.order_id:
            return None
        return not obj.order_mismatch

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # An order charged other than agreed is a shop integration fault: say so on arrival.
        count = OfferAcceptance.objects.exclude(order_mismatch="").count()
        if count and request.method == "GET":
            messages.warning(
                request,
                ngettext(
                    "%(count)d order was charged differently from the offer the shopper "
                    "accepted: filter by “charged as agreed” and check how the shop "
                    "prices its cart (upsell_app.adjustments.for_cart / for_order).",
                    "%(count)d orders were charged differently from the offers the shoppers "
                    "accepted: filter by “charged as agreed” and check how the shop "
                    "prices its cart (upsell_app.adjustments.for_cart / for_order).",
                    count,
                )
                % {"count": count},
            )
        return super().changelist_view(request, extra_context)


@admin.register(CartAdjustment)
class CartAdjustmentAdmin(ProductNamesMixin, ReadOnlyAdmin):
    product_ids_of = staticmethod(lambda adjustment: (adjustment.product_id,))
    list_display = (
        "shopper", "kind", "label", "line_id", "product", "unit_price_display",
        "amount_display", "accepted_offer", "created_at", "expires_at", "dropped_at", "order_id",
    )
    list_filter = ("kind",)
    list_select_related = ("acceptance__offer",)
    search_fields = ("cart_key", "order_id", "line_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    @admin.display(description=_("shopper"), ordering="cart_key")
    def shopper(self, adjustment: CartAdjustment) -> str:
        return shopper_label(adjustment.cart_key, adjustment.acceptance.user_id)

    @admin.display(description=_("product"), ordering="product_id")
    def product(self, adjustment: CartAdjustment) -> str:
        return product_label(adjustment.product_id, self.names_for(adjustment))

    @admin.display(description=_("agreed unit price"), ordering="unit_price")
    def unit_price_display(self, adjustment: CartAdjustment) -> str:
        return money(adjustment.unit_price)

    @admin.display(description=_("set discount"), ordering="amount")
    def amount_display(self, adjustment: CartAdjustment) -> str:
        return money(adjustment.amount)

    @admin.display(description=_("accepted offer"), ordering="acceptance")
    def accepted_offer(self, adjustment: CartAdjustment) -> str:
        return adjustment.acceptance.offer.name


@admin.register(OfferDecline)
class OfferDeclineAdmin(ReadOnlyAdmin):
    list_display = ("offer", "user", "created_at")
    list_select_related = ("offer", "user")
    search_fields = ("offer__name",)
    ordering = ("-created_at",)


# The associations' admin (issue 3) lives in its own module; imported for its registrations.
from . import associations as admin_associations  # noqa: E402, F401

# Follow-up mail's admin: imported for its registrations.
from . import followup as admin_followup  # noqa: E402, F401

# The spend thresholds of the cart page's nudge; imported for its registration.
from . import thresholds as admin_thresholds  # noqa: E402, F401
