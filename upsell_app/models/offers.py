"""Offers as store admins configure them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableQuerySet
from parler.models import TranslatableModel, TranslatedFields

from ..selection import types as sel


def _product_model_reference() -> str:
    label = getattr(settings, "UPSELL_PRODUCT_MODEL", None)
    if isinstance(label, str) and label.count(".") == 1:
        return label
    # Unset, or not "app_label.ModelName": a name no app provides keeps the project starting, so
    # that `manage.py check` can say what to fix (upsell_app.E003 / E004) instead of a traceback.
    return "upsell_app.MissingProductModel"


PRODUCT_MODEL = _product_model_reference()


class OfferKind(models.TextChoices):
    UPSELL = sel.Kind.UPSELL.value, _("Upsell (higher tier)")
    CROSS_SELL = sel.Kind.CROSS_SELL.value, _("Cross-sell (goes with it)")
    BUNDLE = sel.Kind.BUNDLE.value, _("Bundle (package with a discount)")
    SUBSCRIPTION = sel.Kind.SUBSCRIPTION.value, _("Subscription switch")
    DOWNSELL = sel.Kind.DOWNSELL.value, _("Downsell (cheaper alternative)")


class Trigger(models.TextChoices):
    ADD_TO_CART = sel.Trigger.ADD_TO_CART.value, _("Added to cart")
    CART_VIEW = sel.Trigger.CART_VIEW.value, _("Cart viewed")
    CHECKOUT_START = sel.Trigger.CHECKOUT_START.value, _("Checkout started")
    ITEM_REMOVED = sel.Trigger.ITEM_REMOVED.value, _("Item removed")
    ORDER_COMPLETED = sel.Trigger.ORDER_COMPLETED.value, _("Order completed")
    PRODUCT_VIEW = sel.Trigger.PRODUCT_VIEW.value, _("Product page viewed")


class Placement(models.TextChoices):
    POPUP = sel.Placement.POPUP.value, _("Pop-up")
    PAGE = sel.Placement.PAGE.value, _("In the page (a slot the shop placed)")


class DiscountType(models.TextChoices):
    NONE = sel.DiscountType.NONE.value, _("No discount")
    PERCENT = sel.DiscountType.PERCENT.value, _("Percent off")
    FIXED = sel.DiscountType.FIXED.value, _("Fixed amount off")


class TargetSource(models.TextChoices):
    MANUAL = sel.TargetSource.MANUAL.value, _("Hand-picked products")
    LEARNED = sel.TargetSource.LEARNED.value, _("Learned from order history")
    BLEND = sel.TargetSource.BLEND.value, _("Hand-picked first, then learned")


class IntervalUnit(models.TextChoices):
    WEEK = "week", _("week(s)")
    MONTH = "month", _("month(s)")


class OfferQuerySet(TranslatableQuerySet):
    def active(self) -> OfferQuerySet:
        return self.filter(is_active=True)


class Offer(TranslatableModel):
    name = models.CharField(_("name"), max_length=120, help_text=_("Internal name, not shown."))
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=100, help_text=_("Higher wins when several offers apply.")
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("Leave empty for no end.")
    )
    triggers = models.JSONField(
        _("shown when"), default=list, help_text=_("The shop moments that may show this offer.")
    )
    placement = models.CharField(
        _("shown as"),
        max_length=10,
        choices=Placement.choices,
        default=Placement.POPUP,
        help_text=_(
            "A pop-up, or in the page where the shop placed a slot (the cart page, or "
            '"often bought together" on a product page).'
        ),
    )
    source_products = models.ManyToManyField(
        PRODUCT_MODEL,
        verbose_name=_("source products"),
        related_name="+",
        blank=True,
        help_text=_("The offer applies when one of these is in the cart (or was just removed)."),
    )
    source_categories = models.CharField(
        _("source categories"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated category keys, as the catalogue adapter reports them."),
    )
    min_subtotal = models.DecimalField(
        _("minimum cart subtotal"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    max_subtotal = models.DecimalField(
        _("maximum cart subtotal"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    target_source = models.CharField(
        _("targets from"),
        max_length=10,
        choices=TargetSource.choices,
        default=TargetSource.MANUAL,
    )
    target_products = models.ManyToManyField(
        PRODUCT_MODEL,
        verbose_name=_("target products"),
        related_name="+",
        blank=True,
        help_text=_("What the shopper is offered. A subscription switch converts the cart line."),
    )
    discount_type = models.CharField(
        _("discount"), max_length=10, choices=DiscountType.choices, default=DiscountType.NONE
    )
    discount_value = models.DecimalField(
        _("discount value"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    # Who sees it, in the shop owner's words (see selection/audiences.py); empty: everyone.
    audience = models.JSONField(
        _("who sees this offer"),
        default=dict,
        blank=True,
        help_text=_("Empty: every shopper."),
    )
    # Subscription terms (kind = subscription): every term shown before consent.
    interval_count = models.PositiveSmallIntegerField(
        _("delivery every"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    interval_unit = models.CharField(
        _("interval unit"), max_length=5, choices=IntervalUnit.choices, blank=True
    )
    minimum_deliveries = models.PositiveSmallIntegerField(
        _("minimum number of deliveries"),
        null=True,
        blank=True,
        help_text=_("0 for no minimum commitment."),
    )
    shipping_fee = models.DecimalField(
        _("shipping fee per delivery"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("0 when shipping is free. Shown before consent and added to the total."),
    )
    # Everything a shopper reads, per language: the admin edits one language tab at a time and the
    # pop-up falls back, field by field, to the shop's default language (see ``offer_texts``).
    translations = TranslatedFields(
        headline=models.CharField(
            _("headline"),
            max_length=120,
            help_text=_(
                "Shown as the pop-up title. Placeholders: {product}, {source}, {price}, "
                "{original_price}, {difference}, {saving}, {discount}."
            ),
        ),
        value_message=models.CharField(
            _("value message"),
            max_length=300,
            blank=True,
            help_text=_(
                "What the shopper gains, concretely. Placeholders: {product}, {source}, {price}, "
                "{original_price}, {difference}, {saving}, {discount}."
            ),
        ),
        first_delivery=models.CharField(
            _("first delivery"),
            max_length=200,
            blank=True,
            help_text=_('For example "Ships with this order".'),
        ),
        payment_method=models.CharField(
            _("payment method"),
            max_length=200,
            blank=True,
            help_text=_('For example "The card used for this order".'),
        ),
        payment_timing=models.CharField(
            _("payment timing"),
            max_length=200,
            blank=True,
            help_text=_('For example "Charged when each delivery ships".'),
        ),
        contract_period=models.CharField(
            _("contract period and renewal"),
            max_length=300,
            blank=True,
            help_text=_(
                'For example "No fixed end: renews automatically with each delivery until you '
                'cancel".'
            ),
        ),
        cancellation=models.TextField(
            _("how to cancel"),
            blank=True,
            help_text=_("How the shopper cancels or skips a delivery."),
        ),
        cancellation_deadline=models.CharField(
            _("cancel until"),
            max_length=200,
            blank=True,
            help_text=_(
                'Until when a cancellation counts, e.g. "5 days before the next delivery".'
            ),
        ),
        meta={"verbose_name": _("offer texts")},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ("-priority", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discount_type="none") | models.Q(discount_value__gt=0),
                name="upsell_offer_discount_has_value",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def category_keys(self) -> frozenset[str]:
        return frozenset(c.strip() for c in self.source_categories.split(",") if c.strip())

    def shown_text(self, name: str) -> str:
        """A text as edited, else the first other language that has it: what a shopper gets."""
        value = self.safe_translation_getter(name, default="") or ""
        if value or self.pk is None:
            return value
        others = self.translations.exclude(language_code=self.get_current_language())
        return next((v for v in others.values_list(name, flat=True) if v), "")

    def clean(self) -> None:
        """Field-level invariants; rules that need the chosen products live in ``validation``."""
        from ..offers.validation import validate_offer_fields

        errors = validate_offer_fields(self)
        if errors:
            raise ValidationError(errors)
