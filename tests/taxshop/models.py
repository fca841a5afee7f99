"""Chaya Tea's own data, as it was before the shop installed django-upsell (unchanged since)."""

from __future__ import annotations

from django.db import models


class Item(models.Model):
    code = models.SlugField(unique=True)
    title = models.CharField(max_length=100)
    yen = models.PositiveIntegerField(help_text="Price in whole yen, without consumption tax.")
    food = models.BooleanField(default=False, help_text="Food: the reduced 8 % rate, else 10 %.")
    on_hand = models.PositiveIntegerField(default=10)

    def __str__(self) -> str:
        return self.title

    @property
    def rate(self) -> int:
        return 8 if self.food else 10


class Basket(models.Model):
    session_key = models.CharField(max_length=40, unique=True)

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


def money() -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2)


class Purchase(models.Model):
    """Amounts without tax, tax by rate (per-line, rounded down), and the total with tax."""

    number = models.CharField(max_length=20, unique=True)
    buyer = models.CharField(max_length=100)
    subtotal = money()  # lines, without tax
    discount = money()  # set discounts, without tax
    tax_8 = money()
    tax_10 = money()
    total = money()  # with tax

    def __str__(self) -> str:
        return self.number


class PurchaseRow(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="rows")
    item = models.ForeignKey(Item, on_delete=models.PROTECT)
    qty = models.PositiveIntegerField()
    price_each = money()  # without tax (the agreed price covers the agreed units)
    amount = money()  # the row, without tax
    rate = models.PositiveSmallIntegerField()  # percent
    tax = money()  # the row's tax
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.qty} x {self.item} at {self.price_each} yen without tax"


class PurchaseDiscount(models.Model):
    """A discount's share at one rate, without tax, and the tax it takes off."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="discounts")
    label = models.CharField(max_length=200)
    rate = models.PositiveSmallIntegerField()
    amount = money()
    tax = money()

    def __str__(self) -> str:
        return f"{self.label} ({self.rate} %)"
