"""The demo shop's forms: add to cart and the checkout's contact details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from upsell_app.followup.consent import MailConsentForm

from .cart import MAX_QUANTITY


class AddToCartForm(forms.Form):
    quantity = forms.TypedChoiceField(
        label=_("Quantity"), coerce=int, initial=1,
        choices=[(n, n) for n in range(1, MAX_QUANTITY + 1)],
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, max_quantity: int = MAX_QUANTITY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max(1, max_quantity)
        self.fields["quantity"].choices = [(n, n) for n in range(1, limit + 1)]


class CheckoutForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"), max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send the order confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Offer e-mails only with prior consent (特定電子メール法): the app's checkbox, never ticked
    # in advance, recorded with its wording when ticked.
    follow_up_mail = MailConsentForm.base_fields["follow_up_mail"]
