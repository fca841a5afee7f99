"""The shop's own promotions, built with oscar's models as its dashboard would, and what earlier
versions of the app left in oscar's offer tables."""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import migrations
from django.utils import timezone
from oscar.apps.partner import strategy
from oscar.apps.partner.prices import FixedPrice
from oscar.core.loading import get_model

import upsell_app.contrib.oscar

ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")

PACKAGE = "upsell_app.contrib.oscar"
OLD_OFFERS = (
    ("Offer price", "upsell-offer-price", "AgreedPriceCondition", "AgreedPriceBenefit"),
    ("Set discount", "upsell-set-discount", "SetDiscountCondition", "SetDiscountBenefit"),
)


def old_site_offers() -> list:
    """The two site offers earlier versions' migration 0002 created (an install not yet
    migrated, or a database restored from before)."""
    return [
        ConditionalOffer.objects.create(
            name=name,
            slug=slug,
            offer_type=ConditionalOffer.SITE,
            exclusive=False,
            priority=1_000_000,
            max_basket_applications=1,
            status=ConditionalOffer.OPEN,
            condition=Condition.objects.create(proxy_class=f"{PACKAGE}.conditions.{condition}"),
            benefit=Benefit.objects.create(proxy_class=f"{PACKAGE}.benefits.{benefit}"),
        )
        for name, slug, condition, benefit in OLD_OFFERS
    ]


def run_the_apps_data_migrations() -> None:
    """Every data step of the app's oscar migrations, in order, as ``migrate`` runs them (the
    tests build their tables without migrations)."""
    folder = Path(upsell_app.contrib.oscar.__file__).parent / "migrations"
    for path in sorted(folder.glob("0*.py")):
        module = importlib.import_module(f"{PACKAGE}.migrations.{path.stem}")
        for operation in module.Migration.operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, None)


def percent_off(
    name: str, percent: int, *, exclusive: bool, voucher_code: str | None = None
) -> ConditionalOffer:
    """``percent`` off every product: a site offer, or the offer of a voucher ``voucher_code``."""
    everything, _ = Range.objects.get_or_create(
        name="Everything", defaults={"includes_all_products": True}
    )
    offer = ConditionalOffer.objects.create(
        name=name,
        offer_type=ConditionalOffer.VOUCHER if voucher_code else ConditionalOffer.SITE,
        exclusive=exclusive,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(
            range=everything, type=Benefit.PERCENTAGE, value=Decimal(percent)
        ),
    )
    if voucher_code:
        now = timezone.now()
        voucher = Voucher.objects.create(
            name=name,
            code=voucher_code,
            usage=Voucher.MULTI_USE,
            start_datetime=now - timezone.timedelta(days=1),
            end_datetime=now + timezone.timedelta(days=30),
        )
        voucher.offers.add(offer)
    return offer


class TaxIncludedStrategy(
    strategy.UseFirstStockRecord, strategy.StockRequired, strategy.FixedRateTax, strategy.Structured
):
    """10% consumption tax; the shop's promotions discount tax-inclusive prices."""

    rate = Decimal("0.10")


class TaxExcludedStrategy(TaxIncludedStrategy):
    """10% consumption tax; the shop's promotions discount tax-exclusive prices (oscar's
    default: ``FixedPrice``)."""

    def pricing_policy(self, product, stockrecord):
        price = super().pricing_policy(product, stockrecord)
        if not price.exists:
            return price
        return FixedPrice(currency=price.currency, excl_tax=price.excl_tax, tax=price.tax)
