"""The database drops the app's connections: reads never answer 5xx, an accept is retried safely.

A real gunicorn (2 workers, persistent connections) serves the test database. Only that database's
backends are terminated (``pg_terminate_backend`` on ``pg_stat_activity`` rows of its ``datname``,
never this test's own connection), so other databases on the server are untouched.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection, transaction

from shop_demo.shop.models import Cart, CartLine
from tests.factories import OfferFactory, ProductFactory
from upsell_app.models import OfferAcceptance

from .services import Browser, Gunicorn, app_env, shared_test_database_url, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

THREADS = 4
MAX_REQUESTS = 1500
KILLS = 3
RESPONSES_BETWEEN_KILLS = 40  # the kills follow the load, however slow the machine is


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("terminating backends needs PostgreSQL (DATABASE_URL)")
        database = shared_test_database_url()
    env = app_env(
        DATABASE_URL=database,
        CELERY_BROKER_URL=None,  # events written in the request: the database is the subject
        # The tests' own prefix: the offer index a test invalidates, and the keys each test's
        # clean-up deletes, are the server's too (never FLUSHDB: other runs share the Redis).
        CACHE_KEY_PREFIX=caches["default"].key_prefix or f"dbdrops-{uuid.uuid4().hex[:8]}",
        DJANGO_DEBUG="0",
    )
    directory = tmp_path_factory.mktemp("database-drops")
    gunicorn = Gunicorn(env, workers=2, log=directory / "gunicorn.log").start()
    yield gunicorn
    gunicorn.stop()


def terminate_app_connections() -> int:
    """End every other backend of this test database (the server's); returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def shop_with_an_offer():
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
    return camera, card, offer


@pytest.mark.django_db(transaction=True)
def test_reads_never_answer_5xx_while_connections_are_killed(server):
    camera, _card, _offer = shop_with_an_offer()
    statuses: Counter = Counter()
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()
    sent = [0]

    def browse() -> None:
        shopper = Browser(server.base)
        paths = ["/", f"/p/{camera.slug}/", "/cart/", "/upsell/api/offers/?trigger=cart_view"]
        while not stop.is_set():
            with lock:
                if sent[0] >= MAX_REQUESTS:
                    return
                sent[0] += 1
                path = paths[sent[0] % len(paths)]
            try:
                response = shopper.request("GET", path)
            except OSError as exc:
                with lock:
                    failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                statuses[response.status] += 1
                if response.status >= 500:
                    failures.append(f"{path} {response.status}: {response.body[:200]!r}")

    threads = [threading.Thread(target=browse) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    killed = []

    def answered(count: int):  # noqa: ANN202
        return lambda: sum(statuses.values()) + len(failures) >= count

    try:
        for kill in range(1, KILLS + 1):
            wait_until(answered(kill * RESPONSES_BETWEEN_KILLS), 90, "load before a kill")
            killed.append(terminate_app_connections())
        wait_until(answered((KILLS + 1) * RESPONSES_BETWEEN_KILLS), 90, "load after the kills")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    retries = server.log.read_text().count("trying it once more")
    print(f"GET responses {dict(statuses)}; backends terminated {killed}; retried {retries}")
    assert sum(killed) > 0, "no connection was open to kill: the test proved nothing"
    assert failures == []
    assert statuses[200] > 0


@pytest.mark.django_db(transaction=True)
def test_an_accept_cut_off_by_a_dropped_connection_is_retried_with_its_key(server):
    camera, card, offer = shop_with_an_offer()
    shopper = Browser(server.base)
    shopper.request("GET", f"/p/{camera.slug}/")
    assert shopper.request("POST", f"/p/{camera.slug}/add/", form={"quantity": "1"}).status == 200
    shown = json.loads(shopper.request("GET", "/upsell/api/offers/?trigger=cart_view").body)
    choice = shown["offer"]["choices"][0]
    body = {
        "product_id": choice["product_id"],
        "line_id": choice["line_id"],
        "quote": choice["quote"],
    }
    key = {"Idempotency-Key": uuid.uuid4().hex}
    session = next(c.value for c in shopper.jar if c.name == "sessionid")
    accept_path = f"/upsell/api/offers/{offer.pk}/accept/"

    # The accept waits on the cart's row lock (held here), then its connection is killed.
    answers: list = []
    with transaction.atomic():
        Cart.objects.select_for_update().get(session_key=session)
        request = threading.Thread(
            target=lambda: answers.append(
                shopper.request("POST", accept_path, json_body=body, headers=key)
            )
        )
        request.start()
        wait_until(lambda: blocked_backends() > 0, 30, "the accept waiting on the cart's lock")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 1
        request.join(timeout=30)
    cut_off = answers[0]
    assert cut_off.status == 503
    assert json.loads(cut_off.body)["code"] == "temporarily_unavailable"
    assert not OfferAcceptance.objects.filter(idempotency_key=key["Idempotency-Key"]).exists()
    assert list(cart_products(session)) == [camera.pk]  # rolled back: nothing changed

    retried = shopper.request("POST", accept_path, json_body=body, headers=key)
    again = shopper.request("POST", accept_path, json_body=body, headers=key)
    assert (retried.status, again.status) == (200, 200), retried.body
    assert json.loads(retried.body) == json.loads(again.body)
    assert list(cart_products(session)) == [camera.pk, card.pk]  # one change
    assert OfferAcceptance.objects.filter(idempotency_key=key["Idempotency-Key"]).count() == 1


def blocked_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def cart_products(session_key: str):  # noqa: ANN201
    return (
        CartLine.objects.filter(cart__session_key=session_key)
        .order_by("pk")
        .values_list("product_id", flat=True)
    )
