"""The order page's record of what was agreed reads like the shop's other prices."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from tests.factories import OfferAcceptanceFactory, ProductFactory
from upsell_app.adjustments import store

pytestmark = pytest.mark.django_db

TAG = Template("{% load upsell_terms %}{% upsell_order_terms 'A-1' %}")


@pytest.fixture
def ordered_terms():
    kettle = ProductFactory(name="Kettle", price=Decimal("5000"))
    acceptance = OfferAcceptanceFactory()
    store.record_line(
        acceptance,
        "cart-1",
        line_id="1",
        product_id=kettle.pk,
        unit_price=Decimal("4500"),
        label="10% off",
    )
    store.record_set_discount(
        acceptance,
        "cart-1",
        key="set",
        amount=Decimal("400"),
        label="Set",
        members=[("1", kettle.pk)],
    )
    now = timezone.now()
    store.consume(store.live("cart-1", now), "A-1", now)


def test_order_terms_show_an_agreed_price_with_its_tax_where_the_shop_adds_tax(
    settings, ordered_terms
):
    settings.UPSELL = {
        **settings.UPSELL,
        "PRICES_INCLUDE_TAX": False,
        "TAX_RATE": "0.10",
        "TAX_LABEL": "incl. tax",
    }

    html = TAG.render(Context())

    assert "¥4,950 incl. tax" in html  # ¥4,500 + 10 %
    assert "¥400 excl. tax" in html  # a set discount is recorded before tax: it says so


def test_order_terms_show_the_agreed_price_as_stored_where_prices_include_tax(ordered_terms):
    html = TAG.render(Context())

    assert "¥4,500" in html
    assert "excl. tax" not in html
