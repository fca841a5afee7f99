"""What a page that decides its pop-up inline costs in Redis round trips, counted on the client.

The page's own reads (its session) plus the widget's: the pending moment's read, then the
decision's one read and, when it reaches a decision, its one write (restraint memory, throttle
count and impression together), as for an offers request (``tests/api/test_offers_round_trips``).
The page is the bare widget page of ``tests/browser/pages.py``; its SQL (the demo's header
cart) is the shop's own and not counted here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client

from tests.analytics.brokers import REDIS_BROKER, celery_broker, redis_is_up
from tests.api import scenarios
from tests.api.conftest import Shopper
from tests.api.redis_cache import needs_redis, use_redis_cache
from tests.redis_keys import clear_own_keys, run_name

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.browser.pages"),
    needs_redis,
    pytest.mark.skipif(not redis_is_up(), reason="no Redis for the event buffer"),
]

SESSION_READ = ["GET"]
PAGE_MOMENT_READ = ["GET"]  # the moment the shop's signal left for this page, if any
ONE_READ = ["MGET"]
ONE_WRITE = ["EVALSHA"]


@pytest.fixture
def shopper(settings) -> Iterator[Shopper]:
    """A shopper on a real Redis (cache, sessions, event buffer), as production runs it."""
    use_redis_cache(settings)
    with celery_broker(REDIS_BROKER, run_name("upsell-inline-round-trips")):
        yield Shopper(Client())
    clear_own_keys(caches["default"])


PAGE_MOMENT_TAKEN = ["SET"]  # ... taken, so that it fires once (its proof stays)


def page(shopper: Shopper) -> None:
    response = shopper.client.get("/widget/", {"mode": "inline"})
    assert response.status_code == 200


def warm(shopper: Shopper, counted):
    """The shopper added a camera and its page showed the pop-up: index, cart snapshot and
    restraint memory are cached; then the shop's add view records the moment once more."""
    s = scenarios.cross_sell()  # shown on add_to_cart
    shopper.add(s.source)
    shopper.prove("add_to_cart", s.source.pk)
    with counted():
        page(shopper)
    shopper.prove("add_to_cart", s.source.pk)
    return s


def test_a_page_that_shows_its_pop_up_reads_once_and_writes_once(shopper, counted, settings):
    settings.UPSELL = {**settings.UPSELL, "POPUP_COOLDOWN_SECONDS": 0}
    warm(shopper, counted)

    with counted() as io:
        page(shopper)

    expected = [SESSION_READ, PAGE_MOMENT_READ, PAGE_MOMENT_TAKEN, ONE_READ, ONE_WRITE]
    assert io.commands == expected, io.summary()


def test_a_page_held_back_by_restraint_reads_once_and_writes_nothing(shopper, counted):
    warm(shopper, counted)  # the default cool-down holds the next pop-up back

    with counted() as io:
        page(shopper)

    assert io.commands == [SESSION_READ, PAGE_MOMENT_READ, PAGE_MOMENT_TAKEN, ONE_READ], (
        io.summary()
    )


def test_a_page_without_a_moment_only_looks_for_one(shopper, counted):
    warm(shopper, counted)
    page(shopper)  # the pending moment fired

    with counted() as io:
        page(shopper)

    assert io.commands == [SESSION_READ, PAGE_MOMENT_READ], io.summary()
