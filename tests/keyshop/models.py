"""Kumo Tea's own data, as it was before the shop installed django-upsell (unchanged since)."""

from __future__ import annotations

import uuid

from django.db import models


class Product(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=100)
    yen = models.PositiveIntegerField(help_text="Price in whole yen, tax included.")

    def __str__(self) -> str:
        return self.title


class Variant(models.Model):
    sku = models.CharField(max_length=32, primary_key=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="variants")
    title = models.CharField(max_length=100)
    yen = models.PositiveIntegerField()

    class Meta:
        ordering = ("sku",)

    def __str__(self) -> str:
        return self.title


class Cart(models.Model):
    session_key = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return f"Cart {self.session_key}"


class CartRow(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="rows")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.variant_id}"


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    discount_yen = models.PositiveIntegerField(default=0)
    total_yen = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.number


class OrderRow(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="rows")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField()
    yen_each = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.variant_id} at {self.yen_each} yen"
