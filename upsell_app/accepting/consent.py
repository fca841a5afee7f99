"""What a shopper consents to when switching to a subscription, checked and kept as proof.

The pop-up hands back the fingerprint of the terms it showed; the server renders the terms again
for the same choice, price and language. The same fingerprint proves the shopper read these very
terms; a different one means the offer changed in between, and the shopper is asked to read again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models.consent import SubscriptionConsent
from ..offers.texts import default_language
from ..selection.pricing import Quote
from ..selection.types import Choice, Kind, OfferRule
from ..serving.presentation import commitment_total, shown_price, shown_terms, terms_digest
from .errors import AcceptanceError


def consent_to_terms(
    rule: OfferRule, choice: Choice, quote: Quote, data: Any
) -> SubscriptionConsent | None:
    """The unsaved consent record of a subscription accept; ``None`` for other kinds.

    ``data`` is the accept request (its ``terms_digest``); raises the acceptance's 409
    ``terms_changed`` when the terms the shopper read are no longer the offer's.
    """
    if rule.kind is not Kind.SUBSCRIPTION or rule.subscription is None:
        return None
    terms = shown_terms(rule, choice, quote)
    digest = terms_digest(terms)
    given = getattr(data, "terms_digest", "") or ""
    if not given:
        # Without it nothing proves which terms the shopper read: no contract on a guess.
        raise AcceptanceError(
            400,
            "terms_digest_required",
            _(
                "A subscription is accepted only with the fingerprint of the terms shown "
                "(terms_digest). Please read the terms and confirm again."
            ),
            terms=terms,
            terms_digest=digest,
        )
    if given != digest:
        raise AcceptanceError(
            409,
            "terms_changed",
            _("The subscription terms have changed since they were shown. Please read them again."),
            terms=terms,
            terms_digest=digest,
        )
    quantity = choice.source_line.quantity if choice.source_line else 1
    subscription = rule.subscription
    line = shown_price(quote.unit_price * quantity, choice.product.tax_rate)
    return SubscriptionConsent(
        language=get_language() or default_language(),
        terms=terms,
        terms_digest=digest,
        confirmed_by_widget=True,
        # The numbers the pop-up showed for them (presentation.subscription_terms).
        quantity=quantity,
        price_per_delivery=line,
        commitment_total=commitment_total(
            line, 1, subscription.shipping_fee, subscription.minimum_deliveries
        ),
    )
