"""The offers request is the hot path: warm, it runs only the shop's cart read, or no SQL at all
when the cart snapshot is cached between cart changes (``CART_SNAPSHOT_SECONDS``, on in the demo).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _session_read_from_the_cache(settings):
    """The app's queries are counted, not the shop's session store: the demo keeps sessions in
    the database (they survive a Redis outage), a shop with cached sessions reads none."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cart_read_every_time(settings):
    settings.UPSELL = {**settings.UPSELL, "CART_SNAPSHOT_SECONDS": 0}


def test_warm_offers_request_runs_only_the_cart_query(shopper, no_cooldown, cart_read_every_time):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None  # warm-up: index, session cache

    shopper.prove("add_to_cart", s.source.pk)  # the shop's own request, not the offers one
    with CaptureQueriesContext(connection) as queries:
        offer = shopper.offer("add_to_cart", s.source.pk, proven=False)

    assert offer is not None
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "shop_cartline" in queries[0]["sql"]


def test_warm_request_without_an_offer_runs_only_the_cart_query(shopper, cart_read_every_time):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.offer("cart_view")  # no cart_view offer: nothing shown, nothing counted

    with CaptureQueriesContext(connection) as queries:
        assert shopper.offer("cart_view") is None

    assert len(queries) == 1, [q["sql"] for q in queries]


def test_request_held_back_by_the_cool_down_runs_no_query(shopper):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.offer("add_to_cart", s.source.pk)

    shopper.prove("add_to_cart", s.source.pk)
    with CaptureQueriesContext(connection) as queries:
        assert shopper.offer("add_to_cart", s.source.pk, proven=False) is None

    assert len(queries) == 0, [q["sql"] for q in queries]


def test_warm_request_of_a_logged_in_customer_adds_only_the_user_read(
    shopper, no_cooldown, cart_read_every_time
):
    shopper.client.force_login(UserFactory())
    s = scenarios.cross_sell()
    shopper.add(s.source)
    shopper.offer("add_to_cart", s.source.pk)

    shopper.prove("add_to_cart", s.source.pk)
    with CaptureQueriesContext(connection) as queries:
        assert shopper.offer("add_to_cart", s.source.pk, proven=False) is not None

    tables = sorted("auth_user" if "auth_user" in q["sql"] else "shop_cartline" for q in queries)
    assert tables == ["auth_user", "shop_cartline"], [q["sql"] for q in queries]


def test_warm_request_with_a_cached_cart_runs_no_query(shopper, no_cooldown):
    s = scenarios.cross_sell()
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None  # reads and caches the cart

    shopper.prove("add_to_cart", s.source.pk)  # the shop's own request, not the offers one
    with CaptureQueriesContext(connection) as queries:
        offer = shopper.offer("add_to_cart", s.source.pk, proven=False)

    assert offer is not None
    assert len(queries) == 0, [q["sql"] for q in queries]



def test_warm_popup_with_several_picks_and_a_cached_cart_runs_no_query(shopper, no_cooldown):
    """Its live cart total is the cached snapshot's when nothing was agreed for the cart."""
    s = scenarios.multi_pick(triggers=["add_to_cart"])
    shopper.add(s.source)
    assert shopper.offer("add_to_cart", s.source.pk) is not None  # reads and caches the cart

    shopper.prove("add_to_cart", s.source.pk)  # the shop's own request, not the offers one
    with CaptureQueriesContext(connection) as queries:
        offer = shopper.offer("add_to_cart", s.source.pk, proven=False)

    assert offer["multiple"] is True
    assert offer["selection"]["totals"][0]["cart_total_display"] == "¥89,800"
    assert len(queries) == 0, [q["sql"] for q in queries]
