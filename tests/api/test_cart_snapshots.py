"""A cached cart snapshot is used only until the cart changes (``CART_SNAPSHOT_SECONDS``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop_demo.shop.models import Cart, CartLine
from upsell_app import signals
from upsell_app.adapters import get_cart_adapter
from upsell_app.serving import cart_snapshots

from . import scenarios

pytestmark = pytest.mark.django_db


def cart_reads(queries) -> int:
    return sum("shop_cartline" in q["sql"] for q in queries)


def test_a_cart_signal_makes_the_next_request_read_the_cart_again(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.offer("add_to_cart", s.source.pk)
    signals.cart_changed.send(sender=Cart, request=shopper.request())

    with CaptureQueriesContext(connection) as queries:
        shopper.offer("add_to_cart", s.source.pk)

    assert cart_reads(queries) == 1


def test_an_offer_for_a_product_added_since_the_last_read_is_not_shown(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None
    for target in s.targets:  # the shopper adds the offered products themselves
        shopper.add(target)

    offer = shopper.offer("add_to_cart", s.source.pk)

    assert offer is None or not {c["product_id"] for c in offer["choices"]} & {
        t.pk for t in s.targets
    }


def test_accepting_an_offer_lets_the_cached_cart_go(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    offer = shopper.offer("add_to_cart", s.source.pk)
    assert shopper.accept(offer).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        shopper.offer("add_to_cart", s.source.pk)

    assert cart_reads(queries) == 1


def test_a_snapshot_read_while_the_cart_changed_is_not_trusted(shopper, no_cooldown):
    """A read that raced a change was tagged with the revision before the change."""
    s = scenarios.cross_sell()
    shopper.add(s.source)
    stale = get_cart_adapter(shopper.request()).snapshot()
    CartLine.objects.filter(cart__session_key=shopper.session_key).delete()
    signals.cart_changed.send(sender=Cart, request=shopper.request())
    cart_snapshots.remember(shopper.session_key, 0, stale)  # the racing read lands last

    with CaptureQueriesContext(connection) as queries:
        shopper.offer("add_to_cart", s.source.pk)

    assert cart_reads(queries) == 1  # the stale snapshot was ignored: the cart is read afresh


def test_snapshots_are_off_by_default(settings):
    from upsell_app.conf import DEFAULTS

    assert DEFAULTS["CART_SNAPSHOT_SECONDS"] == 0
