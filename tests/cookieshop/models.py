"""Kitsune Sweets' own data, as it was before the shop installed django-upsell (unchanged since).

The shop has no cart table: its cart lives in a signed cookie (``cart.py``).
"""

from __future__ import annotations

from django.db import models


class Sweet(models.Model):
    code = models.SlugField(unique=True)
    title = models.CharField(max_length=100)
    yen = models.PositiveIntegerField(help_text="Price in whole yen, tax included.")
    stock = models.PositiveIntegerField(default=20)

    def __str__(self) -> str:
        return self.title


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    buyer = models.CharField(max_length=100)
    discount_yen = models.PositiveIntegerField(default=0)
    total_yen = models.PositiveIntegerField()
    placed = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sweet = models.ForeignKey(Sweet, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField()
    yen_each = models.PositiveIntegerField()

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.sweet} at {self.yen_each} yen"
