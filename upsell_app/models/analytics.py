"""What happened to offers: events, A/B variants, attributed order lines, orders and pauses.

Events are append-only and written in bulk (see :mod:`upsell_app.analytics.recording`); the other
tables are derived from them and from the shop's ``order_completed`` signal.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from parler.cache import is_missing
from parler.models import TranslatableModel, TranslatedFields

from .acceptance import OfferAcceptance
from .offers import PRODUCT_MODEL, DiscountType, Offer
from .product_keys import ProductKeyField


class EventType(models.TextChoices):
    IMPRESSION = "impression", _("Impression (pop-up shown)")
    CLICK = "click", _("Click")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    DISMISS = "dismiss", _("Dismiss")
    PAUSE = "pause", _("Paused by the pushiness guard")
    CONTROL_EXPOSURE = "control_exposure", _("Control group (no offer shown)")


#: An arm's texts, written per language like the offer's own (see ``OfferVariant.translations``).
VARIANT_TEXT_FIELDS = ("headline", "value_message")


class OfferVariant(TranslatableModel):
    """One arm of an offer's A/B test. Empty override fields keep the offer's own value."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="variants", verbose_name=_("offer")
    )
    name = models.CharField(_("name"), max_length=60)
    weight = models.PositiveIntegerField(
        _("traffic weight"), default=1,
        help_text=_("Relative share of shoppers. 0 stops assigning new shoppers to it."),
    )
    is_control = models.BooleanField(
        _("control group"), default=False,
        help_text=_(
            "Shoppers in the control group see no offer: the holdout that shows true uplift."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What the arm says, per language: a Japanese shopper reads the arm's Japanese text; where the
    # arm has none in their language, the offer's own text in that language (never another
    # language's arm text while the offer speaks theirs). See ``serving.assignment``.
    translations = TranslatedFields(
        headline=models.CharField(
            _("headline"), max_length=120, blank=True,
            help_text=_("Leave empty to keep the offer's headline in this language."),
        ),
        value_message=models.CharField(
            _("value message"), max_length=300, blank=True,
            help_text=_("Leave empty to keep the offer's value message in this language."),
        ),
        meta={"verbose_name": _("variant texts")},
    )
    discount_type = models.CharField(
        _("discount"), max_length=10, choices=DiscountType.choices, blank=True,
        help_text=_("Leave empty to keep the offer's discount."),
    )
    discount_value = models.DecimalField(
        _("discount value"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    target_products = models.ManyToManyField(
        PRODUCT_MODEL, verbose_name=_("target products"), related_name="+", blank=True,
        help_text=_("Leave empty to keep the offer's targets."),
    )
    triggers = models.JSONField(
        _("shown when"), default=list, blank=True,
        help_text=_("Timing override: a subset of the offer's moments. Empty keeps the offer's."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer variant")
        verbose_name_plural = _("offer variants")
        ordering = ("offer_id", "id")
        constraints = [
            models.UniqueConstraint(fields=("offer", "name"), name="upsell_variant_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} / {self.name}"

    def texts_by_language(self) -> dict[str, dict[str, str]]:
        """The arm's saved, non-empty texts per language: ``{"ja": {"headline": "..."}}``."""
        rows = getattr(self, "translation_list", None)
        if rows is None:
            rows = self.translations.all() if self.pk else ()
        texts = {
            row.language_code: {
                name: getattr(row, name) for name in VARIANT_TEXT_FIELDS if getattr(row, name)
            }
            for row in rows
        }
        return {language: own for language, own in sorted(texts.items()) if own}

    def has_texts(self) -> bool:
        """Whether the arm says anything of its own in any language, saved or only typed.

        The admin edits every language in one form, so texts typed in a language other than the
        current one count too: a control group must not carry a Japanese headline either.
        """
        rows = {row.language_code: row for row in (self.translations.all() if self.pk else ())}
        typed = self._translations_cache[self._parler_meta.root_model]
        rows.update({code: row for code, row in typed.items() if not is_missing(row)})
        return any(getattr(row, name) for row in rows.values() for name in VARIANT_TEXT_FIELDS)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_control and (self.discount_type or self.has_texts()):
            errors["is_control"] = _(
                "A control group shows nothing: empty its texts (in every language) and its "
                "discount, or untick it."
            )
        discounted = self.discount_type and self.discount_type != DiscountType.NONE
        if discounted and not self.discount_value:
            errors["discount_value"] = _("Give the discount a value above zero.")
        if errors:
            raise ValidationError(errors)


class OfferEvent(models.Model):
    """One thing a shopper (or the guard) did with an offer. Append-only."""

    # Makes a redelivered Celery message harmless: the second insert of the same uid is ignored.
    uid = models.UUIDField(_("event id"), unique=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="events", verbose_name=_("offer")
    )
    variant = models.ForeignKey(
        OfferVariant, on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("variant"),
    )
    trigger = models.CharField(_("trigger"), max_length=20, blank=True)
    shopper_key = models.CharField(_("session"), max_length=64, blank=True)
    # No database constraint: an event queued for a user deleted meanwhile must still be written.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        db_constraint=False, related_name="+", verbose_name=_("customer"),
    )
    cart_subtotal = models.DecimalField(
        _("cart subtotal"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("value at stake"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The shopper's audience when it happened ("returning:phone"), so the dashboard can break
    # figures down by audience without joining history; empty for events recorded before.
    audience = models.CharField(_("audience"), max_length=32, blank=True, default="")
    is_simulated = models.BooleanField(_("simulated"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("offer event")
        verbose_name_plural = _("offer events")
        indexes = [
            # Dashboard and guard: one offer's events of one type over time.
            models.Index(fields=("offer", "type", "created_at"), name="upsell_event_offer_type_at"),
            models.Index(fields=("variant", "type"), name="upsell_event_variant_type"),
            # Retention pruning and date ranges.
            models.Index(fields=("created_at",), name="upsell_event_at"),
            # Exposure lookup when an order completes.
            models.Index(fields=("shopper_key", "created_at"), name="upsell_event_shopper_at"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.offer_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class OrderOutcome(models.Model):
    """A completed order as analytics sees it: its total and whether an offer was in it."""

    order_id = models.CharField(_("order"), max_length=64, unique=True)
    shopper_key = models.CharField(_("session"), max_length=64, blank=True)
    customer_key = models.CharField(_("customer"), max_length=64, blank=True, db_index=True)
    total = models.DecimalField(_("order total"), max_digits=14, decimal_places=2)
    attributed_revenue = models.DecimalField(
        _("attributed revenue"), max_digits=14, decimal_places=2, default=0
    )
    had_accepted_offer = models.BooleanField(_("with an accepted offer"), default=False)
    ordered_at = models.DateTimeField(_("ordered at"), db_index=True)
    is_simulated = models.BooleanField(_("simulated"), default=False)
    # The shop-wide holdout's comparison: whose order it was, and whether they never saw offers
    # (None: ordered while the holdout was off, left out of the comparison).
    visitor_id = models.CharField(_("shopper"), max_length=80, blank=True, db_index=True)
    held_out = models.BooleanField(_("held out (never shown offers)"), null=True, blank=True)

    class Meta:
        verbose_name = _("order outcome")
        verbose_name_plural = _("order outcomes")

    def __str__(self) -> str:
        return self.order_id


class Visit(models.Model):
    """A shopper seen on a day, in the holdout (never shown offers) or not.

    Revenue per visitor needs the visitors who bought nothing too: one row per shopper per day,
    written the first time the widget asks for offers that day or when their order completes.
    """

    visitor_id = models.CharField(_("shopper"), max_length=80)
    day = models.DateField(_("day"))
    held_out = models.BooleanField(_("held out (never shown offers)"))
    is_simulated = models.BooleanField(_("simulated"), default=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=("visitor_id", "day"), name="upsell_visit_once_a_day"),
        ]
        indexes = [models.Index(fields=("day", "held_out"), name="upsell_visit_day_group")]

    def __str__(self) -> str:
        return f"{self.visitor_id} {self.day}"


class OrderExposure(models.Model):
    """An offer arm (variant or control) the ordering shopper had been exposed to."""

    order = models.ForeignKey(OrderOutcome, on_delete=models.CASCADE, related_name="exposures")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        OfferVariant, on_delete=models.CASCADE, null=True, blank=True, related_name="exposures"
    )
    is_control = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("order", "offer", "variant"), name="upsell_exposure_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.offer_id}/{self.variant_id or '-'}"


class Attribution(models.Model):
    """One order line that came from an accepted offer."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("offer")
    )
    variant = models.ForeignKey(
        OfferVariant, on_delete=models.SET_NULL, null=True, blank=True, related_name="attributions"
    )
    acceptance = models.ForeignKey(
        OfferAcceptance, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.ForeignKey(
        OrderOutcome, on_delete=models.CASCADE, related_name="attributions"
    )
    line_key = models.CharField(_("order line"), max_length=64)
    product_id = ProductKeyField(_("product id"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    revenue = models.DecimalField(_("revenue"), max_digits=14, decimal_places=2)
    margin = models.DecimalField(
        _("margin"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Revenue minus cost, when the catalogue knows the cost."),
    )
    incremental = models.DecimalField(
        _("incremental revenue"), max_digits=14, decimal_places=2, default=0,
        help_text=_("What the accepted offer added to the order (once per acceptance)."),
    )
    kept = models.DecimalField(
        _("kept revenue"), max_digits=14, decimal_places=2, default=0,
        help_text=_("What a downsell kept against the item being removed."),
    )
    ordered_at = models.DateTimeField(_("ordered at"), db_index=True)
    is_simulated = models.BooleanField(_("simulated"), default=False)
    post_purchase = models.BooleanField(
        _("post-purchase"),
        default=False,
        help_text=_("Added to the order after it was placed, from the thank-you offer."),
    )

    class Meta:
        verbose_name = _("attributed order line")
        verbose_name_plural = _("attributed order lines")
        constraints = [
            models.UniqueConstraint(fields=("order", "line_key"), name="upsell_attribution_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.line_key} → {self.offer_id}"


class OfferPause(models.Model):
    """Why the pushiness guard switched an offer off. Resolved when an admin switches it back on."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("offer")
    )
    paused_at = models.DateTimeField(_("paused at"), default=timezone.now)
    decline_rate = models.FloatField(_("decline rate"))
    dismiss_rate = models.FloatField(_("dismiss rate"), default=0.0)
    window = models.PositiveIntegerField(_("impressions considered"))
    threshold = models.FloatField(_("threshold"))
    reason = models.CharField(_("reason"), max_length=300)
    resolved_at = models.DateTimeField(_("resumed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer pause")
        verbose_name_plural = _("offer pauses")
        ordering = ("-paused_at",)

    def __str__(self) -> str:
        return f"{self.offer} paused {self.paused_at:%Y-%m-%d}"


class Dashboard(OfferEvent):
    """No table of its own: gives the dashboard its place (and permission) in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("offer dashboard")
        verbose_name_plural = _("offer dashboard")
