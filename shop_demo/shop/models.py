"""The demo shop's own catalogue, cart and orders. upsell_app knows none of this."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Order of the category in the shop's navigation."
    )

    class Meta:
        verbose_name_plural = "categories"
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    family = models.CharField(
        max_length=60, blank=True, help_text="Products of one family are tiers of each other."
    )
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=0)
    cost = models.DecimalField(max_digits=10, decimal_places=0, null=True, blank=True)
    stock = models.PositiveIntegerField(default=100)
    image_url = models.CharField(max_length=200, blank=True)
    is_subscribable = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("category__name", "price")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:product", args=[self.slug])

    def clean(self) -> None:
        # A typo like -9800 must never reach a cart: the shop would pay the shopper to buy.
        errors = {
            field: _("This amount cannot be negative.")
            for field in ("price", "cost")
            if getattr(self, field) is not None and getattr(self, field) < 0
        }
        if errors:
            raise ValidationError(errors)


class Cart(models.Model):
    """A shopper's cart: lines only. What a shopper agreed to in a pop-up (prices, plans, set
    discounts) is kept by django-upsell and read when the cart is totalled (see ``cart.py``)."""

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cart {self.session_key[:8]}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(
        max_digits=10, decimal_places=0, help_text="The shop's price when the line was added."
    )

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"

    @property
    def line_id(self) -> str:
        """The id django-upsell ties agreed terms to."""
        return str(self.pk)


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    session_key = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    customer_key = models.CharField(max_length=64, blank=True)
    customer_name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField()
    subtotal = models.DecimalField(max_digits=12, decimal_places=0)
    discount_total = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    total = models.DecimalField(max_digits=12, decimal_places=0)  # the goods, after discounts
    shipping = models.DecimalField(max_digits=10, decimal_places=0, default=0)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.number

    @property
    def amount_due(self) -> Decimal:
        """What the shopper pays: the goods after discounts, and shipping."""
        return self.total + self.shipping

    @property
    def subscription_plans(self) -> list[dict]:
        """The plans of its subscription lines, for ``{% upsell_subscription_terms %}``."""
        return [line.subscription_plan for line in self.lines.all() if line.subscription_plan]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    title = models.CharField(max_length=120)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=10, decimal_places=0)
    is_subscription = models.BooleanField(default=False)
    subscription_terms = models.JSONField(default=dict, blank=True)
    # The whole plan as django-upsell hands it (its texts in every language): the order page
    # states the terms again in the language the shopper reads it in.
    subscription_plan = models.JSONField(default=dict, blank=True)
    offer_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.title}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


SESSION_CART_ID = "shop_cart_id"


@receiver(user_logged_in, dispatch_uid="shop_keep_cart_on_login")
def keep_cart_on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Logging in cycles the session key; carry the shopper's cart over to the new key."""
    cart_id = request.session.get(SESSION_CART_ID) if hasattr(request, "session") else None
    if cart_id is None:
        return
    if request.session.session_key is None:
        request.session.save()
    Cart.objects.filter(pk=cart_id).update(session_key=request.session.session_key, user=user)
