"""Optional Thompson sampling: traffic shifts to the better arm, the control keeps its share."""

from __future__ import annotations

import pytest

from tests.factories import OfferFactory, OfferVariantFactory
from upsell_app.analytics import optimise
from upsell_app.analytics.recording import event_payload, write_events
from upsell_app.models import EventType, OfferVariant


def test_clearly_better_arm_gets_almost_all_the_probability_of_being_best():
    shares = optimise.probability_best(accepts=[20, 60], impressions=[400, 400], seed=1)
    assert shares[1] > 0.99 and sum(shares) == pytest.approx(1)


def test_arms_with_no_data_share_traffic_evenly():
    shares = optimise.probability_best(accepts=[0, 0], impressions=[0, 0], seed=1)
    assert shares == [pytest.approx(0.5, abs=0.02), pytest.approx(0.5, abs=0.02)]


@pytest.mark.django_db
def test_rebalancing_is_off_by_default():
    offer = OfferFactory()
    OfferVariantFactory(offer=offer, name="A")
    OfferVariantFactory(offer=offer, name="B")
    assert optimise.rebalance_all() == 0
    assert set(OfferVariant.objects.values_list("weight", flat=True)) == {1}


@pytest.mark.django_db
def test_rebalancing_moves_weight_to_the_better_arm_and_leaves_the_control(settings):
    settings.UPSELL = {**settings.UPSELL, "AB_AUTO_OPTIMISE": True}
    offer = OfferFactory()
    a = OfferVariantFactory(offer=offer, name="A")
    b = OfferVariantFactory(offer=offer, name="B")
    control = OfferVariantFactory(offer=offer, name="Control", is_control=True)  # a third
    for arm, accepts in ((a, 10), (b, 50)):
        write_events(
            [event_payload(EventType.IMPRESSION, offer.pk, variant_id=arm.pk) for _ in range(300)]
            + [event_payload(EventType.ACCEPT, offer.pk, variant_id=arm.pk) for _ in range(accepts)]
        )
    assert optimise.rebalance_all() == 1
    a.refresh_from_db(), b.refresh_from_db(), control.refresh_from_db()
    assert b.weight > 20 * a.weight
    assert a.weight >= optimise.MIN_WEIGHT  # never starved: it keeps learning
    assert control.weight / (a.weight + b.weight + control.weight) == pytest.approx(1 / 3, abs=0.01)
