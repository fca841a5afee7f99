"""The admin refuses to put live an offer the shop's cart adapter cannot apply, naming the
methods the adapter lacks, so a store admin never publishes a pop-up whose "accept" would fail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from tests.factories import OfferFactory, ProductFactory
from tests.test_integration_checks import NO_REVOKE
from upsell_app.models import Offer

from .offer_form import add_url, changelist_url, form_errors, offer_data

pytestmark = pytest.mark.django_db


def _upsell(**overrides):
    from django.conf import settings

    return {**settings.UPSELL, **overrides}


def _bundle_data(**overrides):
    laptop = ProductFactory(name="Laptop", price=Decimal("150000"))
    mouse = ProductFactory(name="Mouse", price=Decimal("4000"))
    sleeve = ProductFactory(name="Sleeve", price=Decimal("3000"))
    return offer_data(
        "bundle",
        sources=[laptop],
        targets=[mouse, sleeve],
        triggers=["checkout_start"],
        discount_type="percent",
        discount_value="3",  # below what the set adds: nothing is free
        headline="Complete your {product} set",
        value_message="Save {saving}",
        **overrides,
    )


@override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE))
def test_active_bundle_is_refused_naming_the_missing_method(admin_client):
    response = admin_client.post(add_url(), _bundle_data())

    assert response.status_code == 200
    assert form_errors(response)["is_active"] == [
        "The shop's cart adapter NoRevokeAdapter cannot apply Bundle (package with a discount) "
        "offers: it does not implement revoke_bundle_discount(). Save the offer inactive, and "
        "activate it once your developer has added them."
    ]
    assert not Offer.objects.exists()


@override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE))
def test_inactive_bundle_may_be_saved_as_a_draft(admin_client):
    data = _bundle_data()
    del data["is_active"]  # an unticked checkbox is not sent

    response = admin_client.post(add_url(), data)

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().is_active is False


@override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE))
def test_activate_action_leaves_the_bundle_off_and_says_why(admin_client):
    bundle = OfferFactory(kind="bundle", name="Desk set", is_active=False)
    card = OfferFactory(kind="cross_sell", name="Card", is_active=False)

    response = admin_client.post(
        changelist_url(),
        {"action": "activate", "_selected_action": [bundle.pk, card.pk]},
        follow=True,
    )

    texts = [str(m) for m in response.context["messages"]]
    assert (
        "Desk set: The shop's cart adapter NoRevokeAdapter cannot apply Bundle (package with a "
        "discount) offers: it does not implement revoke_bundle_discount(). Save the offer "
        "inactive, and activate it once your developer has added them." in texts
    )
    assert set(Offer.objects.filter(is_active=True)) == {card}


def test_active_bundle_is_saved_when_the_adapter_can_apply_it(admin_client):
    response = admin_client.post(add_url(), _bundle_data())

    assert response.status_code == 302, form_errors(response)
    assert Offer.objects.get().is_active is True
