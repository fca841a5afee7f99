""""Who sees this offer", in the words a shop owner uses: ticks and from/to boxes that become the
offer's audience (:class:`upsell_app.selection.audiences.Audience`), the same for every kind."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..conf import upsell_settings
from ..selection.audiences import Audience

#: The form's audience fields, in the order the section shows them.
AUDIENCE_FIELDS = (
    "audience_customers",
    ("audience_orders_from", "audience_orders_to"),
    ("audience_spent_from", "audience_spent_to"),
    "audience_subscribers",
    "audience_logins",
    "audience_devices",
    "audience_came_from",
    "audience_languages",
)

AUDIENCE_DESCRIPTION = _(
    "Leave everything empty to show the offer to every shopper. Each choice narrows who sees "
    "it: a shopper must fit all of them. Past orders, spending and subscriptions are those "
    "recorded by this app."
)


def _languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class AudienceForm(forms.Form):
    """The audience section of the offer form (mixed into it)."""

    audience_customers = forms.MultipleChoiceField(
        label=_("customers"),
        choices=[
            ("first_time", _("first-time customers")),
            ("returning", _("returning customers")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A returning customer has ordered before; tick neither for both."),
    )
    audience_orders_from = forms.IntegerField(
        label=_("past orders from"), min_value=0, required=False
    )
    audience_orders_to = forms.IntegerField(label=_("past orders to"), min_value=0, required=False)
    audience_spent_from = forms.DecimalField(
        label=_("spent from"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    audience_spent_to = forms.DecimalField(
        label=_("spent to"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    audience_subscribers = forms.BooleanField(
        label=_("subscribers only"),
        required=False,
        help_text=_("Only shoppers with a subscription they started through this app's offers."),
    )
    audience_logins = forms.MultipleChoiceField(
        label=_("logged in or guests"),
        choices=[("logged_in", _("logged-in customers")), ("guest", _("guests"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience_devices = forms.MultipleChoiceField(
        label=_("devices"),
        choices=[("phone", _("phones")), ("tablet", _("tablets")), ("desktop", _("computers"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience_came_from = forms.CharField(
        label=_("came from"),
        max_length=100,
        required=False,
        help_text=_(
            "The site they came from or the campaign's utm_source contains this, for example "
            "“instagram” or “newsletter”."
        ),
    )
    audience_languages = forms.MultipleChoiceField(
        label=_("language"),
        choices=_languages,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        symbol = upsell_settings.CURRENCY_SYMBOL
        for name in ("audience_spent_from", "audience_spent_to"):
            if name in self.fields:
                self.fields[name].help_text = _("In %(symbol)s, over all past orders.") % {
                    "symbol": symbol
                }
        instance = getattr(self, "instance", None)
        if instance is not None and not self.is_bound:
            for name, value in initial_from(Audience.from_json(instance.audience)).items():
                self.initial.setdefault(name, value)

    def clean_audience(self, cleaned: dict[str, Any]) -> Audience | None:
        """The audience the section describes, or ``None`` after reporting a from/to mix-up."""
        ok = True
        for low, high in (
            ("audience_orders_from", "audience_orders_to"),
            ("audience_spent_from", "audience_spent_to"),
        ):
            lo, hi = cleaned.get(low), cleaned.get(high)
            if lo is not None and hi is not None and lo > hi:
                self.add_error(high, _("“To” must not be below “from”."))
                ok = False
        if not ok:
            return None
        return audience_from(cleaned)


def initial_from(audience: Audience) -> dict[str, Any]:
    return {
        "audience_customers": sorted(audience.customer_types),
        "audience_orders_from": audience.min_orders,
        "audience_orders_to": audience.max_orders,
        "audience_spent_from": audience.min_spend,
        "audience_spent_to": audience.max_spend,
        "audience_subscribers": audience.subscribers_only,
        "audience_logins": sorted(audience.logins),
        "audience_devices": sorted(audience.devices),
        "audience_came_from": audience.came_from,
        "audience_languages": sorted(audience.languages),
    }


def audience_from(cleaned: dict[str, Any]) -> Audience:
    def money(name: str) -> Decimal | None:
        value = cleaned.get(name)
        return None if value is None else Decimal(value)

    return Audience(
        customer_types=frozenset(cleaned.get("audience_customers") or ()),
        min_orders=cleaned.get("audience_orders_from"),
        max_orders=cleaned.get("audience_orders_to"),
        min_spend=money("audience_spent_from"),
        max_spend=money("audience_spent_to"),
        subscribers_only=bool(cleaned.get("audience_subscribers")),
        logins=frozenset(cleaned.get("audience_logins") or ()),
        devices=frozenset(cleaned.get("audience_devices") or ()),
        came_from=(cleaned.get("audience_came_from") or "").strip(),
        languages=frozenset(cleaned.get("audience_languages") or ()),
    )
