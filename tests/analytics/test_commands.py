"""Management commands: event retention and the demo's simulated traffic."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import OfferEventFactory, OfferFactory, ProductFactory
from upsell_app.models import Attribution, OfferEvent, OfferVariant, OrderOutcome

pytestmark = pytest.mark.django_db


def test_prune_deletes_events_older_than_the_retention_setting(settings):
    settings.UPSELL = {**settings.UPSELL, "EVENTS_RETENTION_DAYS": 90}
    old = OfferEventFactory(created_at=timezone.now() - timedelta(days=91))
    recent = OfferEventFactory(created_at=timezone.now() - timedelta(days=89))
    call_command("upsell_prune_events", stdout=None)
    assert list(OfferEvent.objects.all()) == [recent]
    assert not OfferEvent.objects.filter(pk=old.pk).exists()


def test_prune_dry_run_deletes_nothing():
    OfferEventFactory(created_at=timezone.now() - timedelta(days=400))
    call_command("upsell_prune_events", "--dry-run")
    assert OfferEvent.objects.count() == 1


def test_prune_keeps_attributed_revenue():
    offer = OfferFactory()
    long_ago = timezone.now() - timedelta(days=800)
    OfferEventFactory(offer=offer, created_at=long_ago)
    order = OrderOutcome.objects.create(order_id="1", total=Decimal("10"), ordered_at=long_ago)
    Attribution.objects.create(offer=offer, order=order, line_key="1", product_id=1,
                               revenue=Decimal("10"), ordered_at=long_ago)
    call_command("upsell_prune_events", "--days", "365")
    assert not OfferEvent.objects.exists() and Attribution.objects.count() == 1


@pytest.fixture
def demo_offers():
    camera, card, strap = (
        ProductFactory(name=n, price=Decimal(p)) for n, p in
        (("Camera", "50000"), ("Card", "3000"), ("Strap", "2000"))
    )
    return [
        OfferFactory(name="Card", sources=[camera], targets=[card]),
        OfferFactory(name="Strap", sources=[camera], targets=[strap]),
        OfferFactory(name="Warranty", sources=[camera], targets=[card]),
    ]


def test_simulated_traffic_is_marked_simulated_and_attributed(demo_offers):
    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")
    assert OfferEvent.objects.exists()
    assert not OfferEvent.objects.filter(is_simulated=False).exists()
    assert not OrderOutcome.objects.exclude(order_id__startswith="SIM-").exists()
    assert not OrderOutcome.objects.filter(is_simulated=False).exists()
    assert Attribution.objects.filter(is_simulated=True).exists()
    assert OfferVariant.objects.filter(is_control=True).count() == 1  # the demo's A/B test


def test_simulated_traffic_is_the_same_for_the_same_seed(demo_offers):
    args = ("upsell_simulate_traffic", "--days", "2", "--shoppers-per-day", "30", "--seed", "7")
    call_command(*args)
    first = sorted(OfferEvent.objects.values_list("type", "offer_id", "variant_id", "shopper_key"))
    call_command(*args, "--clear")
    again = sorted(OfferEvent.objects.values_list("type", "offer_id", "variant_id", "shopper_key"))
    assert first == again


def test_simulated_declines_never_pause_an_offer(settings, demo_offers):
    settings.UPSELL = {**settings.UPSELL, "GUARD_WINDOW": 5}
    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")
    assert all(offer.is_active for offer in type(demo_offers[0]).objects.all())


def test_if_empty_leaves_existing_simulated_traffic_alone(demo_offers):
    call_command("upsell_simulate_traffic", "--days", "1", "--shoppers-per-day", "20")
    count = OfferEvent.objects.count()
    call_command("upsell_simulate_traffic", "--days", "1", "--shoppers-per-day", "20", "--if-empty")
    assert OfferEvent.objects.count() == count


def test_simulated_upgrade_earns_its_price_difference_not_the_new_line():
    phone = ProductFactory(name="Phone 128 GB", price=Decimal("89800"))
    bigger = ProductFactory(name="Phone 256 GB", price=Decimal("104800"))
    OfferFactory(name="Upgrade", kind="upsell", sources=[phone], targets=[bigger])
    call_command("upsell_simulate_traffic", "--days", "10", "--shoppers-per-day", "40")
    upgrades = Attribution.objects.filter(product_id=bigger.pk)
    assert upgrades.exists()
    for row in upgrades:
        assert (row.revenue, row.incremental, row.kept) == (
            Decimal("104800"), Decimal("15000"), Decimal("0")
        )


def test_the_simulated_month_includes_accepts_of_the_spend_nudge():
    from tests.factories import SpendThresholdFactory

    ProductFactory(name="Drip bags", price=Decimal("1200"))
    ProductFactory(name="Kettle", price=Decimal("7980"))
    nudge = SpendThresholdFactory()
    call_command("upsell_simulate_traffic", "--days", "10", "--shoppers-per-day", "40")

    events = OfferEvent.objects.filter(offer_id=nudge.offer_id, is_simulated=True)
    assert events.filter(type="impression", trigger="cart_view").exists()
    assert events.filter(type="accept").exists()
    assert not events.filter(type__in=["decline", "dismiss"]).exists()
    revenue = Attribution.objects.filter(offer_id=nudge.offer_id, is_simulated=True)
    assert revenue.exists()
    assert {row.revenue for row in revenue} == {Decimal("1200")}  # the cheapest closer of ¥1,000

def test_simulated_thank_you_accepts_join_their_order_as_post_purchase_revenue():
    refill = ProductFactory(name="Refill", price=Decimal("800"))
    OfferFactory(name="Thank you", triggers=["order_completed"], targets=[refill])
    call_command("upsell_simulate_traffic", "--days", "10", "--shoppers-per-day", "40")
    joined = Attribution.objects.filter(product_id=refill.pk)
    assert joined.exists()
    assert not joined.filter(post_purchase=False).exists()


def test_simulated_accepts_before_the_order_are_not_post_purchase(demo_offers):
    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")
    assert Attribution.objects.exists()
    assert not Attribution.objects.filter(post_purchase=True).exists()



def test_the_simulated_month_includes_follow_up_mail_sent_clicked_and_accepted():
    from upsell_app.models import FollowUp

    mug = ProductFactory(name="Mug", price=Decimal("2200"))
    offer = OfferFactory(name="Mug after the kettle", targets=[mug])
    FollowUp.objects.create(offer=offer, moment="after_delivery", days=7)
    call_command("upsell_simulate_traffic", "--days", "10", "--shoppers-per-day", "40")

    mailed = OfferEvent.objects.filter(offer_id=offer.pk, trigger="mail", is_simulated=True)
    assert {"impression", "click", "accept"} <= set(mailed.values_list("type", flat=True))
    assert mailed.filter(type="impression").count() > mailed.filter(type="click").count()


def test_an_offer_that_is_not_mailed_has_no_mail_events_in_the_simulated_month():
    ProductFactory(name="Mug", price=Decimal("2200"))
    OfferFactory(name="Pop-up only")
    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")

    assert OfferEvent.objects.exists()
    assert not OfferEvent.objects.filter(trigger="mail").exists()
