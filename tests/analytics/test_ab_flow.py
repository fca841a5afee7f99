"""A/B tests through the real offers API: the control group sees nothing, every arm is recorded."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.factories import OfferVariantFactory
from upsell_app.models import OfferEvent

pytestmark = pytest.mark.django_db


def test_control_group_never_sees_the_offer_and_each_exposure_is_recorded(
    django_capture_on_commit_callbacks,
):
    s = scenarios.cross_sell()
    control = OfferVariantFactory(offer=s.offer, name="Holdout", is_control=True)
    for _ in range(20):
        shopper = Shopper(Client())
        shopper.add(s.source)
        with django_capture_on_commit_callbacks(execute=True):
            assert shopper.offer("add_to_cart", s.source.pk) is None
    events = OfferEvent.objects.all()
    assert events.count() == 20
    assert {(e.type, e.variant_id) for e in events} == {("control_exposure", control.pk)}


def test_each_shopper_sees_and_is_recorded_under_the_same_arm_on_every_request(
    django_capture_on_commit_callbacks, settings
):
    # Three browsing pop-ups in a row: no cool-down, no pop-up kept for a removal.
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "POPUPS_RESERVED_FOR_KEY_MOMENTS": 0,
    }
    s = scenarios.cross_sell()
    OfferVariantFactory(offer=s.offer, name="A", headline="Plain {product}")
    OfferVariantFactory(offer=s.offer, name="B", headline="Never run out: {product}")
    for _ in range(10):
        shopper = Shopper(Client())
        shopper.add(s.source)
        with django_capture_on_commit_callbacks(execute=True):
            headlines = {shopper.offer("add_to_cart", s.source.pk)["headline"] for _ in range(3)}
        arms = set(
            OfferEvent.objects.filter(shopper_key=shopper.session_key).values_list(
                "variant__name", flat=True
            )
        )
        assert len(headlines) == 1 and len(arms) == 1
        assert headlines.pop().startswith("Plain" if arms.pop() == "A" else "Never")


def test_impression_records_the_cart_subtotal_and_the_value_at_stake(
    django_capture_on_commit_callbacks,
):
    from decimal import Decimal

    s = scenarios.cross_sell()
    shopper = Shopper(Client())
    shopper.add(s.source)
    with django_capture_on_commit_callbacks(execute=True):
        assert shopper.offer("add_to_cart", s.source.pk) is not None
    impression = OfferEvent.objects.get(type="impression")
    assert impression.trigger == "add_to_cart"
    assert (impression.cart_subtotal, impression.value) == (Decimal("50000"), Decimal("3000"))
