"""Queue the due follow-up mails and send one, checking at send time that it may still go.

Everything that can change between queueing and sending is checked again when the mail is
sent: the shopper's consent (locked, so an opt-out either lands before the check and stops the
mail, or after the mail was handed to the mail server), the cap, the offer being live, the
product in stock and not bought meanwhile. Quiet hours defer a mail; the rest hold it back
for good, with the reason recorded.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from email.utils import formataddr
from typing import Any

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import timezone, translation

from ..adapters import get_catalog_adapter
from ..analytics.recording import MAIL_CHANNEL, record_event
from ..conf import upsell_settings
from ..models.analytics import EventType
from ..models.followup import FollowUpMail, FollowUpMoment, MailConsent, MailStatus
from ..models.history import PurchaseLine
from ..selection.followup import in_quiet_hours, over_cap, within_window
from ..selection.pricing import apply_discount
from ..selection.types import Discount, DiscountType, ProductInfo
from ..serving.presentation import fill_placeholders, money_display
from .consent import unsubscribe_token
from .links import offer_link_token
from .moments import DueMail, due_mails, window_days

logger = logging.getLogger("upsell_app.followup")

#: Why a mail was held back (``FollowUpMail.held_because``).
NO_CONSENT = "no_consent"
OVER_CAP = "over_cap"
OFFER_PAUSED = "offer_paused"
OUT_OF_STOCK = "out_of_stock"
ALREADY_BOUGHT = "already_bought"
PASSED = "moment_passed"
#: A mail in quiet hours stays queued for the next run after them.
DEFERRED = "deferred"

ONE_CLICK = "List-Unsubscribe=One-Click"


def quiet_now(now: datetime) -> bool:
    start, end = upsell_settings.FOLLOW_UP_QUIET_HOURS
    return in_quiet_hours(timezone.localtime(now).time(), int(start), int(end))


def last_sent(customer_key: str) -> datetime | None:
    return FollowUpMail.objects.filter(customer_key=customer_key, status=MailStatus.SENT).aggregate(
        last=Max("sent_at")
    )["last"]


def capped(customer_key: str, now: datetime) -> bool:
    days = int(upsell_settings.FOLLOW_UP_MIN_DAYS_BETWEEN)
    return over_cap(last_sent(customer_key), now, days)


def queue_due(now: datetime | None = None) -> list[int]:
    """Record the mails due now, one per shopper at most, and answer every queued mail's id
    (new ones and those deferred earlier); nothing during quiet hours."""
    now = now or timezone.now()
    if not upsell_settings.FOLLOW_UP_SITE_URL:
        logger.warning('Follow-up mail is off: UPSELL["FOLLOW_UP_SITE_URL"] is not set.')
        return []
    if quiet_now(now):
        return []
    by_customer: dict[str, list[DueMail]] = defaultdict(list)
    for due in due_mails(now):
        by_customer[due.customer_key].append(due)
    pending = set(
        FollowUpMail.objects.filter(status=MailStatus.QUEUED).values_list("customer_key", flat=True)
    )
    for customer, dues in by_customer.items():
        if customer in pending or capped(customer, now):
            continue
        already = set(
            FollowUpMail.objects.filter(customer_key=customer).values_list(
                "follow_up_id", "reference"
            )
        )
        fresh = [d for d in dues if (d.follow_up.pk, d.reference) not in already]
        if not fresh:
            continue
        # the shop's most important offer first, then the moment that came due first
        best = min(fresh, key=lambda d: (-d.follow_up.offer.priority, d.due_at))
        try:
            with transaction.atomic():
                FollowUpMail.objects.create(
                    follow_up=best.follow_up,
                    customer_key=customer,
                    reference=best.reference,
                    about_at=best.about_at,
                    product_id=best.product_id,
                    due_at=best.due_at,
                )
        except IntegrityError:
            continue  # another beat run queued it first
    return list(
        FollowUpMail.objects.filter(status=MailStatus.QUEUED)
        .order_by("queued_at")
        .values_list("pk", flat=True)
    )


def offer_live(mail: FollowUpMail, now: datetime) -> bool:
    offer, follow_up = mail.follow_up.offer, mail.follow_up
    return (
        follow_up.is_active
        and offer.is_active
        and (offer.starts_at is None or offer.starts_at <= now)
        and (offer.ends_at is None or now < offer.ends_at)
    )


def bought_since(mail: FollowUpMail) -> bool:
    lines = PurchaseLine.objects.filter(customer_key=mail.customer_key, product_id=mail.product_id)
    if mail.follow_up.moment == FollowUpMoment.REPLENISHMENT:
        return lines.filter(ordered_at__gt=mail.about_at).exists()
    return lines.filter(ordered_at__gte=mail.about_at).exists()


def hold_reason(
    mail: FollowUpMail, consent: MailConsent | None, product: ProductInfo | None, now: datetime
) -> str:
    """Why this mail must not go now ("" when it may)."""
    if consent is None:
        return NO_CONSENT
    if not within_window(mail.due_at, now, window_days()):
        return PASSED
    if quiet_now(now):
        return DEFERRED
    if capped(mail.customer_key, now):
        return OVER_CAP
    if not offer_live(mail, now):
        return OFFER_PAUSED
    if product is None or not product.in_stock:
        return OUT_OF_STOCK
    if bought_since(mail):
        return ALREADY_BOUGHT
    return ""


def send(mail_id: int, now: datetime | None = None) -> str:
    """Send one queued mail, or record why not. Idempotent: a mail already sent or held back
    is left as it is. Answers the mail's status, or ``"deferred"`` in quiet hours."""
    now = now or timezone.now()
    with transaction.atomic():
        mail = (
            FollowUpMail.objects.select_for_update()
            .select_related("follow_up__offer")
            .filter(pk=mail_id)
            .first()
        )
        if mail is None or mail.status != MailStatus.QUEUED:
            return mail.status if mail else "missing"
        # Locked until the mail is handed over: an opt-out waits for it or stops it.
        consent = (
            MailConsent.objects.select_for_update()
            .filter(customer_key=mail.customer_key, withdrawn_at__isnull=True)
            .order_by("-consented_at", "-pk")
            .first()
        )
        product = get_catalog_adapter().get_products([mail.product_id]).get(mail.product_id)
        reason = hold_reason(mail, consent, product, now)
        if reason == DEFERRED:
            return DEFERRED
        if reason:
            mail.status, mail.held_because = MailStatus.HELD, reason
            mail.save(update_fields=["status", "held_because"])
            return mail.status
        assert consent is not None and product is not None
        build_message(mail, consent, product).send()
        mail.status, mail.sent_at = MailStatus.SENT, now
        mail.email, mail.language = consent.email, consent.language
        mail.save(update_fields=["status", "sent_at", "email", "language"])
        # A sent mail is the mail channel's impression: measured beside the pop-ups' own.
        record_event(
            EventType.IMPRESSION,
            mail.follow_up.offer_id,
            trigger=MAIL_CHANNEL,
            shopper_key=mail.customer_key,
            created_at=now,
        )
        return mail.status


# -- the message ---------------------------------------------------------------------------------
def site_url(path: str) -> str:
    base = str(upsell_settings.FOLLOW_UP_SITE_URL or "").rstrip("/")
    return path if path.startswith(("http://", "https://")) else f"{base}{path}"


def sender() -> tuple[str, str]:
    address = upsell_settings.FOLLOW_UP_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL
    return str(upsell_settings.FOLLOW_UP_SENDER_NAME or ""), address


def offer_price(mail: FollowUpMail, product: ProductInfo) -> tuple[Any, Any]:
    offer = mail.follow_up.offer
    discount = Discount(DiscountType(offer.discount_type), offer.discount_value)
    price = apply_discount(product.price, discount, upsell_settings.PRICE_DECIMAL_PLACES)
    return price, product.price


def mail_context(mail: FollowUpMail, consent: MailConsent, product: ProductInfo) -> dict:
    offer = mail.follow_up.offer
    offer.set_current_language(consent.language)
    price, original = offer_price(mail, product)
    values = {
        "product": product.title,
        "price": money_display(price),
        "original_price": money_display(original),
        "saving": money_display(original - price),
        "difference": money_display(original - price),
        "discount": "",
        "source": "",
    }
    name, address = sender()
    return {
        "moment": mail.follow_up.moment,
        "headline": fill_placeholders(offer.shown_text("headline"), values),
        "value_message": fill_placeholders(offer.shown_text("value_message"), values),
        "product": product,
        "price": values["price"],
        "original_price": values["original_price"] if price != original else "",
        # Signed for this mail's recipient at this price: it opens the offer's pop-up in the shop.
        "offer_url": site_url(reverse("upsell:mail-offer", args=[offer_link_token(mail, price)])),
        "unsubscribe_url": unsubscribe_url(mail.customer_key),
        "sender_name": name,
        "sender_email": address,
        "sender_address": upsell_settings.FOLLOW_UP_SENDER_ADDRESS,
        "consented_at": consent.consented_at,
    }


def unsubscribe_url(customer_key: str) -> str:
    return site_url(reverse("upsell:unsubscribe", args=[unsubscribe_token(customer_key)]))


def templates(moment: str, name: str) -> list[str]:
    """A shop overrides one moment's mail, or every mail, in its own templates folder."""
    return [f"upsell_app/mail/{moment}/{name}", f"upsell_app/mail/{name}"]


def build_message(
    mail: FollowUpMail, consent: MailConsent, product: ProductInfo
) -> EmailMultiAlternatives:
    with translation.override(consent.language):
        context = mail_context(mail, consent, product)
        moment = mail.follow_up.moment
        subject = render_to_string(templates(moment, "subject.txt"), context)
        text = select_template(templates(moment, "body.txt")).render(context)
        html = css_inline.inline(select_template(templates(moment, "body.html")).render(context))
    name, address = sender()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=formataddr((name, address)) if name else address,
        to=[consent.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": ONE_CLICK,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
