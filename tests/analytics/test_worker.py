"""With a real worker: the pop-up request publishes, a Celery worker process writes the events.

Needs PostgreSQL (the worker process must share the test database) and Redis (the broker); CI runs
it with ``DATABASE_URL`` set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import Shopper
from tests.redis_keys import BUFFER_RUN_VARIABLE, RUN_ID, RUN_PREFIX
from upsell_app.models import OfferEvent

from .brokers import REDIS_BROKER, buffered, celery_broker, closed_port, queued, redis_is_up
from .test_recording import event_inserts, shop_moment

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1"),
]


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared database: set DATABASE_URL to PostgreSQL")


def start_worker(queue: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS_BROKER,
        "PYTHONPATH": str(ROOT),
        BUFFER_RUN_VARIABLE: RUN_ID,  # the buffer keys this run writes
        "CACHE_KEY_PREFIX": RUN_PREFIX,
    }
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "shop_demo", "worker", "-P", "solo", "-Q", queue,
         "-I", "tests.analytics.worker_buffer",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for_events(offer_id: int, expected: int, worker: subprocess.Popen) -> list[str]:
    """Poll until the worker has written the events (bounded: a minute at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None:
        types = sorted(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))
        if len(types) >= expected:
            return types
        time.sleep(0.2)
    return sorted(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def test_events_published_while_the_worker_was_down_land_when_it_starts(postgres, client):
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue):
        with CaptureQueriesContext(connection) as queries:
            offer_id = shop_moment(Shopper(client))
        assert len(event_inserts(queries.captured_queries)) == 2  # decline, dismiss: at once
        # Redis holds the impression, with one flush task: nothing lost while no worker runs.
        assert (buffered(), queued(queue)) == (1, 1)
        worker = start_worker(queue)
        try:
            types = wait_for_events(offer_id, 3, worker)
        finally:
            stop(worker)
    assert types == ["decline", "dismiss", "impression"]


def test_broker_down_the_request_writes_the_events_itself(postgres, client):
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0", "upsell-down"):
        offer_id = shop_moment(Shopper(client))
    types = sorted(OfferEvent.objects.filter(offer_id=offer_id).values_list("type", flat=True))
    assert types == ["decline", "dismiss", "impression"]
