"""Attribution of completed orders to the offers that earned their lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    OfferAcceptanceFactory,
    OfferEventFactory,
    OfferFactory,
    OfferVariantFactory,
    ProductFactory,
)
from upsell_app import signals
from upsell_app.models import Attribution, OrderExposure, OrderOutcome

from .support import Line, shopper_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue_knows_costs(settings):
    settings.UPSELL = {
        **settings.UPSELL,
        "CATALOG_ADAPTER": "tests.analytics.support.CostingCatalogAdapter",
    }


@pytest.fixture
def camera():
    return ProductFactory(name="Camera", price=Decimal("50000"), cost=Decimal("35000"))


@pytest.fixture
def card():
    return ProductFactory(name="Memory card", price=Decimal("3000"), cost=Decimal("1200"))


@pytest.fixture
def offer(camera, card):
    return OfferFactory(sources=[camera], targets=[card])


def camera_line(camera):
    return Line(camera.pk, Decimal("50000"))


@pytest.fixture
def complete_order(django_capture_on_commit_callbacks):
    """The shop's checkout: it sends ``order_completed``, then its transaction commits."""

    def complete(request, order_id, *lines):
        total = sum(line.unit_price * line.quantity for line in lines)
        with django_capture_on_commit_callbacks(execute=True):
            signals.order_completed.send(
                sender=None, request=request, order_id=order_id, lines=list(lines),
                customer_key="customer-1", ordered_at=timezone.now(), total=total,
            )

    return complete


def test_accepted_offer_line_is_attributed_with_revenue_and_margin(
    complete_order, camera, card, offer
):
    request = shopper_request()
    acceptance = OfferAcceptanceFactory(
        offer=offer, shopper_key=request.session.session_key, product_id=card.pk, line_ids=["55"]
    )
    complete_order(
        request, "A-1",
        Line(camera.pk, Decimal("50000"), line_id="54"),
        Line(card.pk, Decimal("3000"), quantity=2, offer_id=offer.pk, line_id="55"),
    )
    attribution = Attribution.objects.get()
    assert (attribution.offer, attribution.acceptance) == (offer, acceptance)
    assert attribution.revenue == Decimal("6000")
    assert attribution.margin == Decimal("3600")  # (3000 - 1200) x 2
    outcome = OrderOutcome.objects.get(order_id="A-1")
    assert outcome.had_accepted_offer and outcome.attributed_revenue == Decimal("6000")


def test_line_without_offer_id_is_attributed_to_the_applied_acceptance_of_its_product(
    complete_order, camera, card, offer
):
    request = shopper_request()
    OfferAcceptanceFactory(offer=offer, shopper_key=request.session.session_key, product_id=card.pk)
    complete_order(request, "A-2", camera_line(camera), Line(card.pk, Decimal("3000")))
    assert Attribution.objects.get().product_id == card.pk


def test_accepted_then_removed_line_is_not_counted(complete_order, camera, card, offer):
    request = shopper_request()
    OfferAcceptanceFactory(
        offer=offer, shopper_key=request.session.session_key, product_id=card.pk, status="revoked"
    )
    # The shopper removed the offered card, then added one again by hand at the full price.
    complete_order(request, "A-3", camera_line(camera), Line(card.pk, Decimal("3000")))
    assert not Attribution.objects.exists()
    assert not OrderOutcome.objects.get(order_id="A-3").had_accepted_offer


def test_revoked_acceptance_is_not_counted_even_if_the_line_still_names_the_offer(
    complete_order, camera, card, offer
):
    request = shopper_request()
    OfferAcceptanceFactory(
        offer=offer, shopper_key=request.session.session_key, product_id=card.pk, status="revoked"
    )
    complete_order(request, "A-4", Line(card.pk, Decimal("3000"), offer_id=offer.pk))
    assert not Attribution.objects.exists()


def test_order_without_an_accepted_offer_is_not_attributed(complete_order, camera, card, offer):
    request = shopper_request()
    complete_order(request, "A-5", camera_line(camera), Line(card.pk, Decimal("3000")))
    assert not Attribution.objects.exists()
    outcome = OrderOutcome.objects.get(order_id="A-5")
    assert outcome.total == Decimal("53000") and not outcome.had_accepted_offer


def test_another_shoppers_acceptance_is_not_counted(complete_order, camera, card, offer):
    OfferAcceptanceFactory(offer=offer, shopper_key="someone-else", product_id=card.pk)
    complete_order(shopper_request(), "A-6", Line(card.pk, Decimal("3000")))
    assert not Attribution.objects.exists()


def test_completing_the_same_order_twice_attributes_it_once(complete_order, camera, card, offer):
    request = shopper_request()
    OfferAcceptanceFactory(offer=offer, shopper_key=request.session.session_key, product_id=card.pk)
    line = Line(card.pk, Decimal("3000"), offer_id=offer.pk)
    complete_order(request, "A-7", line)
    complete_order(request, "A-7", line)
    assert Attribution.objects.count() == 1 and OrderOutcome.objects.count() == 1


def test_margin_is_left_empty_when_the_catalogue_knows_no_cost(
    complete_order, settings, camera, offer
):
    no_costs = "upsell_app.adapters.ModelCatalogAdapter"  # has no get_cost()
    settings.UPSELL = {**settings.UPSELL, "CATALOG_ADAPTER": no_costs}
    request = shopper_request()
    complete_order(request, "A-8", Line(camera.pk, Decimal("50000"), offer_id=offer.pk))
    attribution = Attribution.objects.get()
    assert attribution.revenue == Decimal("50000") and attribution.margin is None


def test_order_records_the_variants_and_control_the_shopper_was_exposed_to(
    complete_order, camera, card, offer
):
    request = shopper_request()
    key = request.session.session_key
    variant = OfferVariantFactory(offer=offer, name="B")
    other = OfferFactory(sources=[camera], targets=[card])
    control = OfferVariantFactory(offer=other, name="Control", is_control=True)
    OfferEventFactory(offer=offer, variant=variant, shopper_key=key, type="impression")
    OfferEventFactory(offer=other, variant=control, shopper_key=key, type="control_exposure")
    OfferAcceptanceFactory(offer=offer, shopper_key=key, product_id=card.pk)
    complete_order(request, "A-9", Line(card.pk, Decimal("3000"), offer_id=offer.pk))
    exposures = {(e.offer_id, e.variant_id, e.is_control) for e in OrderExposure.objects.all()}
    assert exposures == {(offer.pk, variant.pk, False), (other.pk, control.pk, True)}
    assert Attribution.objects.get().variant == variant
