"""Tanuki Goods' own data, as it was before the shop installed django-upsell (unchanged since)."""

from __future__ import annotations

from django.db import models


class Item(models.Model):
    code = models.SlugField(unique=True)
    title = models.CharField(max_length=100)
    yen = models.PositiveIntegerField(help_text="Price in whole yen, tax included.")
    on_hand = models.PositiveIntegerField(default=10)
    retired = models.BooleanField(default=False, help_text="No longer sold; kept for old orders.")

    def __str__(self) -> str:
        return self.title


class Basket(models.Model):
    session_key = models.CharField(max_length=40, unique=True)
    opened = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Basket {self.session_key}"


class BasketRow(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="rows")
    item = models.ForeignKey(Item, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.item}"


class Purchase(models.Model):
    number = models.CharField(max_length=20, unique=True)
    buyer = models.CharField(max_length=100)
    discount_yen = models.PositiveIntegerField(default=0)
    total_yen = models.PositiveIntegerField()
    placed = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.number


class PurchaseRow(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="rows")
    item = models.ForeignKey(Item, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField()
    yen_each = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.item} at {self.yen_each} yen"
