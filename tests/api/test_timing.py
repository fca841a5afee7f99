"""Timing through the API: the moment that matters stays free, and the cart view is not nagged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop_demo.shop.models import CartLine
from tests.factories import OfferFactory, ProductFactory
from upsell_app import signals

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_with_case_offer():
    s = scenarios.downsell_after_removal()
    case = ProductFactory(name="Case", price=Decimal("3000"))
    OfferFactory(
        kind="cross_sell",
        triggers=["cart_view"],
        headline="A case for your phone",
        sources=[s.source],
        targets=[case],
    )
    return s


def remove(shopper, line: CartLine) -> None:
    product_id, line_id = line.product_id, line.pk
    line.delete()
    signals.cart_line_removed.send(
        sender=CartLine, request=shopper.request(), product_id=product_id, line_id=str(line_id)
    )


def test_the_removal_downsell_shows_right_after_a_dismissed_cart_view_pop_up(
    shopper, phone_with_case_offer
):
    s = phone_with_case_offer
    line = shopper.add(s.source)
    viewed = shopper.offer("cart_view")
    assert viewed["kind"] == "cross_sell"
    shopper.dismiss(viewed["id"])

    remove(shopper, line)
    offer = shopper.offer("item_removed", s.source.pk)

    assert offer is not None
    assert offer["kind"] == "downsell"


def test_the_unchanged_cart_gets_no_second_cart_view_pop_up(
    shopper, phone_with_case_offer, settings
):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    s = phone_with_case_offer
    shopper.add(s.source)
    assert shopper.offer("cart_view") is not None

    assert shopper.offer("cart_view") is None


def test_a_changed_cart_may_get_a_cart_view_pop_up_again(shopper, phone_with_case_offer, settings):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    s = phone_with_case_offer
    line = shopper.add(s.source)
    assert shopper.offer("cart_view") is not None
    line.quantity = 2
    line.save()
    signals.cart_changed.send(sender=CartLine, request=shopper.request())

    assert shopper.offer("cart_view") is not None


def test_the_offer_admin_states_the_timing_policy(admin_client, phone_with_case_offer):
    offer = phone_with_case_offer.offer

    html = admin_client.get(reverse("admin:upsell_app_offer_change", args=[offer.pk])).content
    text = html.decode()

    assert "A shopper sees at most 3 pop-ups per session." in text
    assert "may use 2 of them" in text
    assert "not shown twice for the same cart contents" in text
    assert "Learned targets:" not in text  # a downsell's form has no learned targets


def test_a_cross_sells_form_states_the_rule_learned_targets_follow(
    admin_client, phone_with_case_offer
):
    from upsell_app.models import Offer

    cross_sell = Offer.objects.get(kind="cross_sell")

    html = admin_client.get(reverse("admin:upsell_app_offer_change", args=[cross_sell.pk]))

    assert "Learned targets:" in html.content.decode()


def test_browsing_moments_leave_one_pop_up_of_the_session_for_a_removal(shopper, settings):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    s = scenarios.downsell_after_removal()
    cross = scenarios.cross_sell()
    shopper.add(cross.source)
    line = shopper.add(s.source)
    browsing = [shopper.offer("add_to_cart", cross.source.pk) for _ in range(3)]
    assert [offer is not None for offer in browsing] == [True, True, False]

    remove(shopper, line)

    assert shopper.offer("item_removed", s.source.pk)["kind"] == "downsell"
