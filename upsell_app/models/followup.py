"""Follow-up mail: the shopper's consent to it (特定電子メール法), the moments an offer is mailed
at, the admin's replenishment intervals, and every mail the app queued, sent or held back.

Consent rows are proof and never change except to record their withdrawal.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offers import Offer
from .product_keys import ProductKeyField


class ConsentSource(models.TextChoices):
    CHECKOUT = "checkout", _("Checkbox at checkout")
    ACCOUNT = "account", _("Checkbox in the account")


class OptOutChannel(models.TextChoices):
    ONE_CLICK = "one_click", _("One-click unsubscribe (mail client)")
    LINK = "link", _("Unsubscribe link in a mail")
    ACCOUNT = "account", _("In the account")


class MailConsent(models.Model):
    """A shopper's prior consent to advertising mail: what they agreed to, when, and how.

    The wording is stored as shown (in the shopper's language) with its fingerprint; an opt-out
    records when and how on the same row, and a later consent is a new row.
    """

    customer_key = models.CharField(_("customer"), max_length=64, db_index=True)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=15)
    wording = models.TextField(_("what was agreed"), help_text=_("The checkbox's text as shown."))
    wording_digest = models.CharField(_("fingerprint of the wording"), max_length=64)
    source = models.CharField(_("how"), max_length=10, choices=ConsentSource.choices)
    consented_at = models.DateTimeField(_("consented at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("opted out at"), null=True, blank=True, db_index=True)
    withdrawn_via = models.CharField(
        _("opted out by"), max_length=10, choices=OptOutChannel.choices, blank=True
    )

    class Meta:
        verbose_name = _("mail consent")
        verbose_name_plural = _("mail consents")
        ordering = ("-consented_at",)

    def __str__(self) -> str:
        return f"{self.email} ({self.get_source_display()}, {self.consented_at:%Y-%m-%d %H:%M})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class FollowUpMoment(models.TextChoices):
    REPLENISHMENT = "replenishment", _("Replenishment (about to run out)")
    AFTER_DELIVERY = "after_delivery", _("After delivery")
    BEFORE_RENEWAL = "before_renewal", _("Before a subscription renews")


class FollowUp(models.Model):
    """When an offer is also mailed: the moment and how many days it is moved by."""

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("offer")
    )
    moment = models.CharField(_("moment"), max_length=20, choices=FollowUpMoment.choices)
    days = models.PositiveSmallIntegerField(
        _("days"),
        default=0,
        help_text=_(
            "Replenishment: days before the product is expected to run out. After delivery: "
            "days after the order. Before renewal: days before the subscription renews."
        ),
    )
    is_active = models.BooleanField(_("mail it"), default=True)

    class Meta:
        verbose_name = _("follow-up mail")
        verbose_name_plural = _("follow-up mails")

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_moment_display()})"


class ReplenishmentInterval(models.Model):
    """The admin's interval for a product, instead of the one learned from repeat purchases."""

    product_id = ProductKeyField(_("product id"), unique=True)
    days = models.PositiveSmallIntegerField(_("runs out after (days)"))

    class Meta:
        verbose_name = _("replenishment interval")
        verbose_name_plural = _("replenishment intervals")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.days}"


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    HELD = "held", _("Held back")


class FollowUpMail(models.Model):
    """One mail for one moment of one shopper: queued once (the unique key), sent at most once."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="mails", verbose_name=_("follow-up")
    )
    customer_key = models.CharField(_("customer"), max_length=64, db_index=True)
    reference = models.CharField(
        _("about"), max_length=120, help_text=_("The order or subscription renewal it is about.")
    )
    about_at = models.DateTimeField(_("order or subscription at"))
    product_id = ProductKeyField(_("product offered"))
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    held_because = models.CharField(_("held back because"), max_length=40, blank=True)
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(_("language"), max_length=15, blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    # The mail's offer link belongs to the first browser session that opened it (its shopper
    # token): a forwarded link does not hand the mail's price to someone else.
    link_session = models.CharField(_("link opened in session"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sent follow-up")
        verbose_name_plural = _("sent follow-ups")
        ordering = ("-queued_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("follow_up", "customer_key", "reference"), name="upsell_followup_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.follow_up} → {self.customer_key} ({self.status})"
