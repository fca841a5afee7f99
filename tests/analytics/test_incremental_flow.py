"""What the dashboard counts as earned: what each accept changed, through the accept API and a
demo-shop checkout, against hand-computed yen (not the full price of the lines it touched)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.factories import OfferFactory, ProductFactory, SubscriptionOfferFactory
from upsell_app.models import Attribution, OfferAcceptance

pytestmark = pytest.mark.django_db


def accept(shopper: Shopper, trigger: str, product_id: int | None = None) -> None:
    offer = shopper.offer(trigger, product_id)
    assert offer is not None
    response = shopper.accept(offer)
    assert response.status_code == 200, response.content


def earned() -> tuple[Decimal, Decimal, Decimal]:
    """(line revenue, incremental, kept) the order's attribution recorded."""
    sums = Attribution.objects.aggregate(r=Sum("revenue"), i=Sum("incremental"), k=Sum("kept"))
    return sums["r"], sums["i"], sums["k"]


def test_upgrade_from_128_to_256_gb_earns_15000_not_104800(client, checkout):
    phone = ProductFactory(name="Phone 128 GB", price=Decimal("89800"))
    bigger = ProductFactory(name="Phone 256 GB", price=Decimal("104800"))
    OfferFactory(kind="upsell", triggers=["cart_view"], sources=[phone], targets=[bigger])
    shopper = Shopper(client)
    shopper.add(phone)
    accept(shopper, "cart_view")
    checkout(shopper, "I-1")
    assert earned() == (Decimal("104800"), Decimal("15000"), Decimal("0"))


def test_cross_sell_earns_the_added_line(client, checkout):
    s = scenarios.cross_sell()
    shopper = Shopper(client)
    shopper.add(s.source)
    accept(shopper, "add_to_cart", s.source.pk)
    checkout(shopper, "I-2")
    assert earned() == (Decimal("3000"), Decimal("3000"), Decimal("0"))


def test_set_earns_its_added_item_net_of_the_set_discount(client, checkout):
    phone = ProductFactory(name="Phone", price=Decimal("89800"))
    case = ProductFactory(name="Case", price=Decimal("2480"))
    OfferFactory(
        kind="bundle", triggers=["checkout_start"], discount_type="fixed",
        discount_value=Decimal("500"), sources=[phone], targets=[case],
    )
    shopper = Shopper(client)
    shopper.add(phone)
    accept(shopper, "checkout_start")
    assert OfferAcceptance.objects.get().incremental == Decimal("1980")
    checkout(shopper, "I-3")
    assert earned()[1] == Decimal("1980")  # 2,480 − 500


def test_subscription_switch_earns_its_minimum_commitment_less_the_line_it_replaced(
    client, checkout
):
    coffee = ProductFactory(name="Coffee beans", price=Decimal("1680"))
    SubscriptionOfferFactory(sources=[coffee], minimum_deliveries=3)
    shopper = Shopper(client)
    shopper.add(coffee, quantity=2)
    accept(shopper, "cart_view")
    checkout(shopper, "I-4")
    per_delivery = Decimal("1680") * Decimal("0.9")
    assert earned()[1] == per_delivery * 2 * 3 - Decimal("1680") * 2 == Decimal("5712")


def test_downsell_reports_the_revenue_it_kept_apart_and_earns_nothing(client, checkout):
    s = scenarios.downsell_after_removal()
    shopper = Shopper(client)
    shopper.add(s.source)
    accept(shopper, "checkout_start")
    checkout(shopper, "I-5")
    assert earned() == (Decimal("100000"), Decimal("0"), Decimal("100000"))
