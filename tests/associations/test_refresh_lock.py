"""The refresh lock dies with its owner: a short lease a heartbeat renews while the run lives.

A killed run stops renewing, so its lock lapses within one lease; the same task handed out again
by the broker waits for that and takes over, and the dead run is recorded as "abandoned".
"""

from __future__ import annotations

import threading
import time

import pytest

from upsell_app.associations import lock, refresh
from upsell_app.models import AssociationRun

from .conftest import make_orders, record

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 1  # second


@pytest.fixture
def short_lease(assoc_settings):
    assoc_settings.UPSELL = {**assoc_settings.UPSELL, "ASSOCIATIONS_LOCK_TIMEOUT": LEASE}
    return assoc_settings


def test_the_lease_is_thirty_seconds_by_default():
    assert lock.lease_seconds() == 30


def test_a_live_runs_heartbeat_keeps_its_lock_past_the_lease(short_lease):
    with lock.refresh_lock() as token:
        time.sleep(LEASE * 2.5)
        assert lock.holder() == token
    assert lock.holder() is None


def test_a_lock_nobody_renews_lapses_within_a_lease(short_lease):
    assert lock.acquire_lock("a-run-killed-with-kill-9")  # holds the lock, no heartbeat

    time.sleep(LEASE + 0.5)

    assert lock.holder() is None
    assert lock.acquire_lock("the-next-run")


def test_the_redelivered_task_takes_over_its_dead_run_and_marks_it_abandoned(short_lease):
    record(make_orders(30))
    dead = AssociationRun.objects.create(mode="full", status="running", task_id="task-1")
    assert lock.acquire_lock("dead-run")  # its lease still runs when the task comes back

    result = refresh.refresh("full", task_id="task-1")

    assert result.status == "succeeded"
    dead.refresh_from_db()
    assert dead.status == "abandoned" and "took over" in dead.message
    assert AssociationRun.objects.get(task_id="task-1", status="succeeded")


def test_a_duplicate_delivery_of_a_live_run_is_skipped(short_lease):
    record(make_orders(10))
    AssociationRun.objects.create(mode="full", status="running", task_id="task-1")
    release = threading.Event()

    def live_run() -> None:
        with lock.refresh_lock():
            release.wait(10)

    holder = threading.Thread(target=live_run)
    holder.start()
    try:
        time.sleep(0.2)
        result = refresh.refresh("full", task_id="task-1")  # waits two leases, still held
    finally:
        release.set()
        holder.join()

    assert result.status == "skipped"


def test_a_new_run_does_not_wait_for_a_lock_another_run_holds(short_lease):
    with lock.refresh_lock():
        started = time.monotonic()
        assert refresh.refresh("full", task_id="another-task").status == "skipped"
    assert time.monotonic() - started < LEASE


def test_runs_left_running_by_dead_workers_are_abandoned_by_the_next_run(short_lease):
    record(make_orders(10))
    dead = AssociationRun.objects.create(mode="incremental", status="running", task_id="gone")

    assert refresh.refresh("incremental").status == "succeeded"

    dead.refresh_from_db()
    assert dead.status == "abandoned" and dead.finished_at is not None
