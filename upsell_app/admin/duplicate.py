"""Duplicate an offer in one click: a paused copy to vary, with nothing of what shoppers did.

The copy has the offer's settings, texts in every language, products, targeting and A/B arms with
their texts, and is named "<name> (copy)" in the admin's language. It starts paused so that the
owner edits it before shoppers see it, and it has no events, acceptances, attributions or pauses:
those belong to the offer shoppers actually saw.
"""

from __future__ import annotations

import copy as copying
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp, Offer, OfferVariant

#: Never copied: set anew for the copy.
_FRESH = frozenset({"id", "created_at", "updated_at"})


def copy_name(name: str) -> str:
    """``"<name> (copy)"`` in the active language, shortened to fit the name's length."""
    limit = Offer._meta.get_field("name").max_length
    suffix = gettext("%(name)s (copy)") % {"name": ""}
    return gettext("%(name)s (copy)") % {"name": name[: max(limit - len(suffix), 1)]}


def _fields(instance: Model, **changes: Any) -> dict[str, Any]:
    values = {
        # A deep copy: the copy's lists (its moments) are its own, never shared with the original.
        field.attname: copying.deepcopy(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in _FRESH and not field.primary_key
    }
    return {**values, **changes}


def _copy_translations(original: Model, copy: Model) -> None:
    for row in original.translations.all():
        row.pk = None
        row.master = copy
        row._state.adding = True
        row.save()


@transaction.atomic
def duplicate_offer(offer: Offer) -> Offer:
    """A paused copy of ``offer`` with its texts, products, A/B arms (and their texts) and its
    follow-up mail moment."""
    copy = Offer(**_fields(offer, name=copy_name(offer.name), is_active=False))
    copy.save()
    _copy_translations(offer, copy)
    copy.source_products.set(offer.source_products.all())
    copy.target_products.set(offer.target_products.all())
    for arm in OfferVariant.objects.filter(offer=offer).order_by("id"):
        arm_copy = OfferVariant(**_fields(arm, offer_id=copy.pk))
        arm_copy.save()
        _copy_translations(arm, arm_copy)
        arm_copy.target_products.set(arm.target_products.all())
    # Its follow-up mail moment is configuration too; the copy is paused, so it mails nothing
    # until the admin switches it on.
    follow_up = FollowUp.objects.filter(offer=offer).first()
    if follow_up is not None:
        FollowUp.objects.create(**_fields(follow_up, offer_id=copy.pk))
    return Offer.objects.get(pk=copy.pk)


class DuplicateOfferMixin:
    """For the offer's admin: a "Duplicate" action on the list and a button on the offer's page."""

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name  # type: ignore[attr-defined]
        return [
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),  # type: ignore[attr-defined]
                name="{}_{}_duplicate".format(*info),
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _change_url(self, offer: Offer) -> str:
        opts = self.opts  # type: ignore[attr-defined]
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[offer.pk],
            current_app=self.admin_site.name,  # type: ignore[attr-defined]
        )

    def _duplicated(self, request: HttpRequest, copy: Offer) -> HttpResponseRedirect:
        self.message_user(  # type: ignore[attr-defined]
            request,
            gettext("Copied as “%(name)s”, paused: edit it, then switch it on.")
            % {"name": copy.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(copy))

    def duplicate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The change page's button: POST only (a link followed twice must not copy twice)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        offer = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if offer is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.opts, object_id  # type: ignore[attr-defined]
            )
        if not (
            self.has_add_permission(request)  # type: ignore[attr-defined]
            and self.has_view_permission(request, offer)  # type: ignore[attr-defined]
        ):
            raise PermissionDenied
        return self._duplicated(request, duplicate_offer(offer))

    @admin.action(description=_("Duplicate selected offers (paused copies)"), permissions=["add"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        copies = [duplicate_offer(offer) for offer in queryset.order_by("pk")]
        if len(copies) == 1:
            return self._duplicated(request, copies[0])
        self.message_user(  # type: ignore[attr-defined]
            request,
            ngettext(
                "%(count)d offer copied, paused: edit the copies, then switch them on.",
                "%(count)d offers copied, paused: edit the copies, then switch them on.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )
        return None
