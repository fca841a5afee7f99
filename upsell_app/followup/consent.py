"""The shopper's consent to follow-up mail: recorded as proof, withdrawn at once.

特定電子メール法 allows advertising mail only after the recipient's prior consent, and keeping a
record of it. The shop shows :class:`MailConsentForm`'s checkbox (never ticked in advance) at
checkout or in the account and calls :func:`record_consent` when it is ticked; the wording the
shopper read is stored with it. Every mail carries a signed unsubscribe link that needs no
login; :func:`withdraw` ends every consent of the shopper at once.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from ..models.followup import ConsentSource, MailConsent, OptOutChannel
from ..offers.texts import default_language

#: The unsubscribe link's signature salt: a token of another feature never unsubscribes.
UNSUBSCRIBE_SALT = "upsell_app.followup.unsubscribe"

CONSENT_WORDING = gettext_lazy(
    "Send me e-mails with offers about what I bought (refills when it runs out, matching "
    "products, plan upgrades). I can unsubscribe at any time with the link in every mail."
)


class MailConsentForm(forms.Form):
    """The checkbox a shop adds to its checkout or account page: unticked by default."""

    follow_up_mail = forms.BooleanField(required=False, initial=False, label=CONSENT_WORDING)


def wording_digest(wording: str) -> str:
    return hashlib.sha256(wording.encode()).hexdigest()


def record_consent(
    customer_key: str, email: str, source: str = ConsentSource.CHECKOUT, language: str = ""
) -> MailConsent:
    """Record that the shopper ticked the box: the wording as shown in their language, and how."""
    if source not in ConsentSource.values:
        raise ValueError(f"unknown consent source {source!r}")
    wording = str(CONSENT_WORDING)
    return MailConsent.objects.create(
        customer_key=str(customer_key),
        email=email,
        language=language or get_language() or default_language(),
        wording=wording,
        wording_digest=wording_digest(wording),
        source=source,
    )


def active_consent(customer_key: str) -> MailConsent | None:
    """The shopper's newest consent that has not been withdrawn, if any."""
    return (
        MailConsent.objects.filter(customer_key=str(customer_key), withdrawn_at__isnull=True)
        .order_by("-consented_at", "-pk")
        .first()
    )


def consenting_customers() -> set[str]:
    return set(
        MailConsent.objects.filter(withdrawn_at__isnull=True).values_list("customer_key", flat=True)
    )


def withdraw(customer_key: str, via: str = OptOutChannel.LINK) -> int:
    """End every consent of the shopper now; answers how many were active (0: already out)."""
    with transaction.atomic():
        return MailConsent.objects.filter(
            customer_key=str(customer_key), withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now(), withdrawn_via=via)


def unsubscribe_token(customer_key: str) -> str:
    """A signed token naming the shopper. It does not expire: an opt-out link must always work."""
    return signing.dumps({"c": str(customer_key)}, salt=UNSUBSCRIBE_SALT)


def customer_of_token(token: str) -> str | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    customer = data.get("c") if isinstance(data, dict) else None
    return customer if isinstance(customer, str) and customer else None
