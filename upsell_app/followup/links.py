"""A mail's link: the offer it names, at the mail's price, for the shopper it was sent to.

The link is signed (``django.core.signing``) and expires after
``FOLLOW_UP_LINK_MAX_AGE_SECONDS``. It names the mail, its recipient (the customer key), the
offer, the product and the price the mail showed. A forwarded mail must not hand its price to
someone else, so the link belongs to the first browser session that opens it: the mail row
keeps that session's shopper token, and the link opened in any other session is refused.

Opening it presents the offer exactly as a pop-up presents one: a quote signed for this
shopper (see :func:`upsell_app.serving.presentation.sign_quote`) that also names the mail, so
the ordinary accept path applies it (idempotency key, cart lock, price floor, fresh stock and
price check). The presented offer waits in the session until the next page renders the widget.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import transaction
from django.http import HttpRequest

from ..analytics.recording import MAIL_CHANNEL, record_event
from ..conf import upsell_settings
from ..models.analytics import EventType
from ..models.followup import FollowUpMail, MailStatus
from ..models.product_keys import key_to_json, to_key_or_none
from ..selection.pricing import same_price
from ..selection.types import Choice, Decision, Trigger
from ..serving import moments
from ..serving.offer_index import rule_from_offer
from ..serving.presentation import QuoteBinding, amount_to_pay, money, present_decision, quote_for
from ..shop import catalogue

LINK_SALT = "upsell_app.followup.offer_link"
#: The session key of the offer a mail's link opened, shown by the next page's widget.
SESSION_OFFER = "upsell_mail_offer"

#: Why a link is refused (the page's ``state``).
EXPIRED = "expired"
INVALID = "invalid"
FOREIGN = "foreign"
UNAVAILABLE = "unavailable"


def offer_link_token(mail: FollowUpMail, price: Decimal) -> str:
    """The signed, timestamped token of a mail's offer link."""
    payload = {
        "f": mail.pk,
        "k": mail.customer_key,
        "o": mail.follow_up.offer_id,
        "p": key_to_json(mail.product_id),
        "u": money(price),
    }
    return signing.dumps(payload, salt=LINK_SALT, compress=False)


def max_age() -> int:
    return int(upsell_settings.FOLLOW_UP_LINK_MAX_AGE_SECONDS)


def read_link(token: str) -> dict[str, Any]:
    """The link's claims; raises ``signing.SignatureExpired`` / ``signing.BadSignature``."""
    claims = signing.loads(token, salt=LINK_SALT, max_age=max_age())
    if not isinstance(claims, dict) or not {"f", "k", "o", "p", "u"} <= claims.keys():
        raise signing.BadSignature("not an offer link")
    claims["p"] = to_key_or_none(claims["p"])
    return claims


@dataclass(frozen=True, slots=True)
class Opened:
    """What opening a link did: ``offer`` (the pop-up's payload) and where to go, or ``refused``."""

    refused: str = ""
    offer_id: int | None = None
    landing: str = "/"


def open_link(request: HttpRequest, token: str) -> Opened:
    """Check the link, bind it to this session on first use and keep its offer for the page."""
    try:
        claims = read_link(token)
    except signing.SignatureExpired:
        return Opened(refused=EXPIRED)
    except signing.BadSignature:
        return Opened(refused=INVALID)
    mail = (
        FollowUpMail.objects.select_related("follow_up__offer")
        .filter(pk=claims["f"], customer_key=claims["k"], status=MailStatus.SENT)
        .first()
    )
    if mail is None or mail.follow_up.offer_id != claims["o"] or mail.product_id != claims["p"]:
        return Opened(refused=INVALID)
    shopper = moments.shopper_token(request, create=True) or ""
    with transaction.atomic():
        # The first session to open the link owns it; a race between two is won by one.
        FollowUpMail.objects.filter(pk=mail.pk, link_session="").update(link_session=shopper)
        owner = FollowUpMail.objects.values_list("link_session", flat=True).get(pk=mail.pk)
    if owner != shopper:
        return Opened(refused=FOREIGN)
    offer = mail.follow_up.offer
    products = catalogue.sellable(catalogue.get_products([mail.product_id]))
    product = products.get(mail.product_id)
    if not offer.is_active or product is None or not product.in_stock:
        return Opened(refused=UNAVAILABLE)
    rule = rule_from_offer(offer)
    decision = Decision(rule=rule, choices=(Choice(product=product),))
    quote = quote_for(rule, decision.choices[0], decision)
    places = upsell_settings.PRICE_DECIMAL_PLACES
    if not same_price(amount_to_pay(rule, quote), claims["u"], places):
        # The shop changed the price or the offer since the mail: the mail's price is no more.
        return Opened(refused=UNAVAILABLE)
    binding = QuoteBinding(shopper=shopper, impression=uuid.uuid4().hex, mail=mail.pk)
    payload = present_decision(decision, Trigger.CART_VIEW, binding=binding)
    request.session[SESSION_OFFER] = payload
    record_event(EventType.CLICK, offer.pk, request=request, trigger=MAIL_CHANNEL)
    return Opened(offer_id=offer.pk, landing=product.url or "/")


def take_pending_offer(request: HttpRequest | None) -> dict[str, Any] | None:
    """The offer a mail's link opened in this session, once: the page shows it as its pop-up."""
    session = getattr(request, "session", None)
    if session is None or SESSION_OFFER not in session:
        return None
    return session.pop(SESSION_OFFER)
