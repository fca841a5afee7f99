"""The replenishment interval read from the app's purchase history, and the admin's override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import ProductFactory
from upsell_app.followup.intervals import interval_days, learned_days
from upsell_app.models import PurchaseLine, ReplenishmentInterval

pytestmark = pytest.mark.django_db

DAY0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def bought(product, customer: str, *days: int, other=None) -> None:
    for day in days:
        order = f"{customer}-{day}"
        PurchaseLine.objects.create(
            order_id=order,
            order_hash=hash(order) & 0xFFFF,
            customer_key=customer,
            product_id=product.pk,
            ordered_at=DAY0 + timedelta(days=day),
        )
        if other is not None:
            PurchaseLine.objects.create(
                order_id=order,
                order_hash=hash(order) & 0xFFFF,
                customer_key=customer,
                product_id=other.pk,
                ordered_at=DAY0 + timedelta(days=day),
            )


def test_the_interval_is_the_median_of_customers_gaps_in_the_history():
    coffee, filters = ProductFactory(), ProductFactory()
    bought(coffee, "A", 0, 20, 44, other=filters)  # gaps 20, 24
    bought(coffee, "B", 10, 40)  # gap 30
    bought(filters, "C", 0, 5, 10)  # another product's gaps do not count
    assert learned_days(coffee.pk) == 24.0


def test_anonymous_orders_say_nothing_of_a_rhythm():
    coffee = ProductFactory()
    bought(coffee, "", 0, 1, 2, 3)
    bought(coffee, "A", 0, 30)
    assert learned_days(coffee.pk) is None


def test_the_admins_interval_wins_over_the_learned_one():
    coffee = ProductFactory()
    bought(coffee, "A", 0, 20, 40, 60)
    ReplenishmentInterval.objects.create(product_id=coffee.pk, days=45)
    assert interval_days(coffee.pk) == 45.0


def test_without_override_or_enough_repeat_buyers_the_interval_is_unknown():
    coffee = ProductFactory()
    bought(coffee, "A", 0, 20)
    assert interval_days(coffee.pk) is None
