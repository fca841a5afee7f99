"""Redis dies under load and comes back: the shop keeps selling and no event is lost.

A durable Redis of the test's own (append-only file, fsync on every write) is the cache, the
Celery broker and the event buffer of a real gunicorn and a real Celery worker run as ``make demo``
runs it (``worker -B``). Shoppers browse, add to the cart, ask for offers, accept and decline
from several threads; Redis is shut down for 10 s and started again on the same port and files.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import OfferFactory, ProductFactory
from upsell_app.analytics import buffer
from upsell_app.models import OfferAcceptance, OfferEvent

from .services import (
    Browser,
    Gunicorn,
    Redis,
    app_env,
    shared_test_database_url,
    start_worker,
    stop,
    wait_until,
    widget_config,
)

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.worker]

THREADS = 4
# Per run, whatever the machine's speed. A journey with Redis down fails fast (no pop-up to
# wait for): a quick machine runs several hundred in the outage alone, and the load after it must
# still find room under the bound.
MAX_JOURNEYS = 1_200
OUTAGE_SECONDS = 10
# The outage follows the load, however slow the machine: it starts once this many pop-ups were
# shown, and the load ends once this many journeys ran after Redis was back.
SHOWN_BEFORE = 6
JOURNEYS_AFTER = 12
ANSWER_AFTER_SECONDS = 3  # a shopper reads the pop-up a while before answering


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the server and worker processes need a shared PostgreSQL database")


@dataclass
class Tally:
    """What the shoppers saw, shared by the load threads."""

    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # 5xx bodies, connection errors
    impressions: int = 0
    accepted: list[str] = field(default_factory=list)  # idempotency keys answered 200
    declined: list[str] = field(default_factory=list)  # session keys answered 200
    answered_during_outage: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, what: str, response) -> None:  # noqa: ANN001
        with self.lock:
            self.statuses[(what, response.status)] += 1
            if response.status >= 500:
                self.failures.append(f"{what} {response.status}: {response.body[:300]!r}")


class Shop:
    """The load: journeys of new shoppers, each answering an offer it got a while ago."""

    def __init__(self, base: str, product, tally: Tally) -> None:  # noqa: ANN001
        self.base, self.product, self.tally = base, product, tally
        self.stop = threading.Event()
        self.outage = threading.Event()
        self.journeys = 0
        self.lock = threading.Lock()

    def run(self) -> None:
        # Offers wait a few seconds for their answer; those shown before the outage are all
        # answered while Redis is down.
        waiting: deque = deque()
        while not self.stop.is_set():
            with self.lock:
                if self.journeys >= MAX_JOURNEYS:
                    break
                self.journeys += 1
                number = self.journeys
            try:
                got = self.journey()
                if got is not None:
                    waiting.append((time.monotonic(), number, *got))
                while waiting and (
                    self.outage.is_set() or time.monotonic() - waiting[0][0] > ANSWER_AFTER_SECONDS
                ):
                    self.answer(*waiting.popleft()[1:])
            except OSError as exc:
                with self.tally.lock:
                    self.tally.failures.append(f"connection: {exc!r}")
        for item in waiting:
            self.answer(*item[1:])

    def journey(self):  # noqa: ANN201
        shopper, tally = Browser(self.base), self.tally
        tally.saw("page", shopper.request("GET", "/"))
        tally.saw("page", shopper.request("GET", f"/p/{self.product.slug}/"))
        added = shopper.request("POST", f"/p/{self.product.slug}/add/", form={"quantity": "1"})
        tally.saw("add to cart", added)
        cart = shopper.request("GET", "/cart/")
        tally.saw("page", cart)
        config = widget_config(cart) if cart.status == 200 else None
        if config is not None and config["decided"]:
            offer = config["offer"]  # decided while the page rendered
        else:  # the page could not decide (Redis down): the widget asks, as it would
            offers = shopper.request("GET", "/upsell/api/offers/?trigger=cart_view")
            tally.saw("offers", offers)
            if offers.status != 200:
                return None
            offer = json.loads(offers.body)["offer"]
        if offer is None:
            return None
        with tally.lock:
            tally.impressions += 1
        return shopper, offer

    def answer(self, number: int, shopper: Browser, offer: dict) -> None:
        tally = self.tally
        during = self.outage.is_set()
        if number % 2:
            key = uuid.uuid4().hex
            choice = offer["choices"][0]
            body = {
                "product_id": choice["product_id"],
                "line_id": choice["line_id"],
                "quote": choice["quote"],
            }
            response = shopper.request(
                "POST",
                f"/upsell/api/offers/{offer['id']}/accept/",
                json_body=body,
                headers={"Idempotency-Key": key},
            )
            tally.saw("accept", response)
            if response.status == 200:
                with tally.lock:
                    tally.accepted.append(key)
                    tally.answered_during_outage += during
        else:
            response = shopper.request("POST", f"/upsell/api/offers/{offer['id']}/decline/")
            tally.saw("decline", response)
            if response.status == 200:
                session = next(c.value for c in shopper.jar if c.name == "sessionid")
                with tally.lock:
                    tally.declined.append(session)
                    tally.answered_during_outage += during


def test_shop_keeps_selling_through_a_redis_outage_and_loses_no_event(postgres, tmp_path):
    camera = ProductFactory(name="Camera", price=Decimal("50000"), stock=100_000)
    card = ProductFactory(name="Memory card", price=Decimal("3000"), stock=100_000)
    offer = OfferFactory(
        kind="cross_sell",
        triggers=["cart_view"],
        sources=[camera],
        targets=[card],
        headline="Add a {product}",
        value_message="Only {price}",
    )

    redis = Redis(tmp_path, durable=True).start()
    env = app_env(
        DATABASE_URL=shared_test_database_url(),
        REDIS_URL=redis.url(1),
        CELERY_BROKER_URL=redis.url(2),
        CELERY_RESULT_BACKEND=None,
        CACHE_KEY_PREFIX=f"outage-{uuid.uuid4().hex[:8]}",
        DJANGO_DEBUG="0",
    )
    worker = start_worker(
        env, beat_schedule=tmp_path / "beat-schedule", log=tmp_path / "worker.log"
    )
    server = Gunicorn(env, workers=2, log=tmp_path / "gunicorn.log")
    tally = Tally()
    worker_log = tmp_path / "worker.log"
    try:
        server.start()
        # The outage must find the worker at work, connected (not still starting up).
        wait_until(lambda: b" ready." in worker_log.read_bytes(), 120, "the worker", worker)
        shop = Shop(server.base, camera, tally)
        threads = [threading.Thread(target=shop.run) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        wait_until(lambda: tally.impressions >= SHOWN_BEFORE, 120, "pop-ups before the outage")
        shop.outage.set()
        redis.stop()  # as a crash: no final save, the append-only file has every write
        time.sleep(OUTAGE_SECONDS)
        redis.start()
        shop.outage.clear()
        back_at = shop.journeys
        wait_until(lambda: shop.journeys >= back_at + JOURNEYS_AFTER, 120, "load after the outage")
        shop.stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # Every impression reaches the database once Redis is back: the worker drains the buffer.
        def drained() -> bool:
            return OfferEvent.objects.filter(offer=offer, type="impression").count() >= (
                tally.impressions
            )

        started = time.monotonic()
        wait_until(drained, 60, "impressions flushed", worker)
        print(f"buffer drained {time.monotonic() - started:.1f} s after the load stopped")
        assert worker.poll() is None, "the worker died"
        log = worker_log.read_text()
        assert "Connection to broker lost" in log and log.count("Connected to") >= 2
        assert buffer.client(redis.url(2)).llen(buffer.BUFFER_KEY) == 0
    finally:
        shop_stop = locals().get("shop")
        if shop_stop is not None:
            shop_stop.stop.set()
        server.stop()
        stop(worker)
        redis.stop()
        buffer.forget_clients()

    report = dict(tally.statuses)
    print(
        f"responses {report}; impressions {tally.impressions}, accepts {len(tally.accepted)}, "
        f"declines {len(tally.declined)}, answered during the outage "
        f"{tally.answered_during_outage}"
    )
    assert tally.failures == [], report
    assert sum(n for (_, status), n in report.items() if status >= 500) == 0
    assert tally.impressions > 0 and tally.accepted and tally.declined, report
    assert tally.answered_during_outage > 0, "no accept or decline was tried while Redis was down"
    # The outage was real and the shop answered through it: cart pages that could not decide
    # their pop-up left it to the widget, whose offers request was answered ("no offer").
    assert report.get(("offers", 200), 0) > 0, report

    events = Counter(OfferEvent.objects.filter(offer=offer).values_list("type", flat=True))
    assert events["impression"] == tally.impressions
    assert events["accept"] == len(tally.accepted)
    assert events["decline"] == len(tally.declined)
    assert OfferAcceptance.objects.filter(idempotency_key__in=tally.accepted).count() == len(
        tally.accepted
    )
    declined_sessions = set(
        OfferEvent.objects.filter(offer=offer, type="decline").values_list("shopper_key", flat=True)
    )
    assert declined_sessions == set(tally.declined)
