"""A shop with the three follow-up moments due now, for the follow-up mail tests.

Each shopper has exactly one moment due (one mail each, under the one-a-week cap): the caller
picks which shopper gets which moment, in which language, with or without consent.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from tests.factories import OfferFactory, ProductFactory, SubscriptionOfferFactory
from upsell_app.followup.consent import record_consent
from upsell_app.models import (
    FollowUp,
    FollowUpMoment,
    OfferAcceptance,
    PurchaseLine,
    ReplenishmentInterval,
)

TEXTS = {
    FollowUpMoment.REPLENISHMENT: {
        "en": ("Time to restock {product}", "Yours should run out in a few days."),
        "ja": ("{product}のお取り寄せ時期です", "そろそろなくなる頃です。"),
    },
    FollowUpMoment.AFTER_DELIVERY: {
        "en": ("{product} goes with your new dripper", "Only {price} for you."),
        "ja": ("ドリッパーには{product}を", "お客様だけの{price}です。"),
    },
    FollowUpMoment.BEFORE_RENEWAL: {
        "en": ("Upgrade to {product} before you renew", "Save {saving} a delivery."),
        "ja": ("更新前に{product}へ", "毎回{saving}お得です。"),
    },
}


def with_texts(offer, moment: str) -> None:
    for language, (headline, value) in TEXTS[moment].items():
        offer.set_current_language(language)
        offer.headline, offer.value_message = headline, value
        offer.save()


def months_before(moment: datetime, months: int) -> datetime:
    total = moment.month - 1 - months
    year, month = moment.year + total // 12, total % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


@dataclass
class FollowUpShop:
    now: datetime
    coffee: object = None
    dripper: object = None
    filters: object = None
    beans: object = None
    beans_large: object = None
    follow_ups: dict = field(default_factory=dict)
    orders: int = 0

    def build(self) -> FollowUpShop:
        self.coffee = ProductFactory(name="House blend", price=Decimal("1200"))
        self.dripper = ProductFactory(name="Dripper", price=Decimal("3000"))
        self.filters = ProductFactory(name="Paper filters", price=Decimal("500"))
        self.beans = ProductFactory(name="Beans 200 g", price=Decimal("1500"))
        self.beans_large = ProductFactory(name="Beans 500 g", price=Decimal("3200"))
        ReplenishmentInterval.objects.create(product_id=self.coffee.pk, days=30)

        restock = OfferFactory(name="Restock", kind="upsell", sources=[self.coffee])
        with_texts(restock, FollowUpMoment.REPLENISHMENT)
        pairing = OfferFactory(
            name="Filters",
            sources=[self.dripper],
            targets=[self.filters],
            discount_type="percent",
            discount_value=Decimal("20"),
        )
        with_texts(pairing, FollowUpMoment.AFTER_DELIVERY)
        upgrade = OfferFactory(
            name="Larger beans",
            kind="upsell",
            sources=[self.beans],
            targets=[self.beans_large],
            discount_type="fixed",
            discount_value=Decimal("200"),
        )
        with_texts(upgrade, FollowUpMoment.BEFORE_RENEWAL)
        self.follow_ups = {
            FollowUpMoment.REPLENISHMENT: FollowUp.objects.create(
                offer=restock, moment=FollowUpMoment.REPLENISHMENT, days=3
            ),
            FollowUpMoment.AFTER_DELIVERY: FollowUp.objects.create(
                offer=pairing, moment=FollowUpMoment.AFTER_DELIVERY, days=7
            ),
            FollowUpMoment.BEFORE_RENEWAL: FollowUp.objects.create(
                offer=upgrade, moment=FollowUpMoment.BEFORE_RENEWAL, days=7
            ),
        }
        return self

    def order(self, customer: str, products: list, at: datetime) -> str:
        self.orders += 1
        order_id = f"order-{self.orders}-{customer}"
        for product in products:
            PurchaseLine.objects.create(
                order_id=order_id,
                order_hash=self.orders,
                customer_key=customer,
                product_id=product.pk,
                ordered_at=at,
            )
        return order_id

    def due(self, customer: str, moment: str) -> None:
        """Give ``customer`` the history that makes ``moment`` due now."""
        if moment == FollowUpMoment.REPLENISHMENT:
            # bought 28 days ago, lasts 30, reminded 3 days ahead: due a day ago
            self.order(customer, [self.coffee], self.now - timedelta(days=28))
        elif moment == FollowUpMoment.AFTER_DELIVERY:
            # ordered 7 and a half days ago, mailed 7 days after the order: due half a day ago
            self.order(customer, [self.dripper], self.now - timedelta(days=7, hours=12))
        else:
            # a monthly subscription renewing in 6 days, mailed 7 days before: due a day ago
            plan = SubscriptionOfferFactory(name=f"Plan {customer}", sources=[self.beans])
            order_id = self.order(customer, [self.beans], self.now - timedelta(days=20))
            acceptance = OfferAcceptance.objects.create(
                offer=plan,
                kind="subscription",
                shopper_key=f"session-{customer}",
                idempotency_key=f"idem-{customer}",
                product_id=self.beans.pk,
                unit_price=Decimal("1350"),
                value=Decimal("1350"),
                order_id=order_id,
            )
            started = months_before(self.now + timedelta(days=6), 1)
            OfferAcceptance.objects.filter(pk=acceptance.pk).update(created_at=started)

    def shopper(self, customer: str, moment: str, language: str = "en", consent: bool = True):
        self.due(customer, moment)
        if consent:
            return record_consent(customer, f"{customer}@example.com", language=language)
        return None
