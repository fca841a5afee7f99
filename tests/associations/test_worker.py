"""With a real Redis broker and a real Celery worker process (PostgreSQL test database).

Skipped unless the test database is PostgreSQL (``DATABASE_URL``) and Redis answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.redis_keys import REDIS_URL
from upsell_app.associations import lock, refresh, storage
from upsell_app.models import AssociationGeneration, AssociationRun, ProductPartners

from .conftest import make_orders, record

REDIS = REDIS_URL  # broker, results and cache, under this session's queue and key prefix
ROOT = Path(__file__).resolve().parents[2]


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL: set DATABASE_URL (the worker shares the test database)",
    ),
    pytest.mark.skipif(not _redis_up(), reason=f"needs Redis at {REDIS}"),
]


TAG = uuid.uuid4().hex[:10]  # a queue and cache prefix of this test session alone
QUEUE = PREFIX = f"upsell-test-{TAG}"
LOCK_TIMEOUT = "3"  # seconds: a short lease, so the crash test need not wait for the default


@pytest.fixture
def broker(settings):
    """Celery and the cache on Redis, under this session's queue and key prefix."""
    from shop_demo.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": PREFIX,
        }
    }
    settings.UPSELL = {**settings.UPSELL, "ASSOCIATIONS_LOCK_TIMEOUT": int(LOCK_TIMEOUT)}
    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    old = {k: app.conf.get(k) for k in keys}
    app.conf.update(
        broker_url=REDIS,
        result_backend=REDIS,
        task_always_eager=False,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
    )
    yield app
    app.conf.update(old)


def start_worker(
    database: str, queue: str = QUEUE, pool: tuple[str, ...] = ("-P", "solo"), **env
) -> subprocess.Popen:
    environ = {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": REDIS,
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": PREFIX,
        "DJANGO_SETTINGS_MODULE": "shop_demo.settings",
        "UPSELL_TEST_LOCK_TIMEOUT": LOCK_TIMEOUT,
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shop_demo",
            "worker",
            *pool,
            "-Q",
            queue,
            "-I",
            "tests.associations.worker_tasks",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=environ,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)  # the worker's own process group, started above
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker) -> str:
    """URL of the test database, for worker processes."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker(database):
    """One worker for the module's tests (starting one costs seconds); SIGKILLed at the end."""
    proc = start_worker(database)
    yield proc
    stop(proc, signal.SIGKILL)


def test_refresh_task_runs_end_to_end_in_a_worker(broker, worker, assoc_settings):
    from upsell_app import tasks

    record(make_orders(80))
    result = tasks.refresh_associations_incremental.delay().get(timeout=120)
    assert result["status"] == "succeeded" and result["pairs_kept"] > 0
    assert storage.get_partners_for([3])[3][0].product_id == 11
    run = AssociationRun.objects.get()
    assert run.status == "succeeded" and run.task_id  # recorded under the Celery task id


def test_a_second_concurrent_run_is_refused_and_says_so(broker, worker, assoc_settings):
    from upsell_app import tasks

    record(make_orders(20))
    with refresh.refresh_lock():  # a run in progress elsewhere holds the lock
        result = tasks.rebuild_associations_full.delay().get(timeout=120)
    assert result["status"] == "skipped" and "another refresh" in result["message"]
    assert AssociationRun.objects.filter(status="skipped").exists()


def test_worker_killed_mid_switch_leaves_previous_generation_and_next_run_completes(
    broker, worker, database, assoc_settings, tmp_path
):
    from upsell_app import tasks

    record(make_orders(60, seed=1))
    before = refresh.refresh("full")
    served_before = storage.get_partners_for(range(1, 16))
    record(make_orders(40, seed=2, first=60))
    marker = tmp_path / "stalled"
    doomed_queue = f"{QUEUE}-doomed"
    # A worker of its own, on its own queue, that stalls inside the switch transaction.
    doomed = start_worker(database, doomed_queue, UPSELL_TEST_STALL_MARKER=str(marker))
    try:
        tasks.rebuild_associations_full.apply_async(queue=doomed_queue)
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline, "the worker never reached the switch"
            time.sleep(0.2)
        # New rows are written but not committed: readers still get the previous generation.
        assert storage.current_generation_id() == before.generation_id
        assert storage.get_partners_for(range(1, 16)) == served_before
    finally:
        stop(doomed, signal.SIGKILL)
    assert storage.current_generation_id() == before.generation_id
    assert not ProductPartners.objects.filter(valid_from__gt=before.generation_id).exists()
    assert not AssociationGeneration.objects.filter(pk__gt=before.generation_id).exists()
    time.sleep(float(LOCK_TIMEOUT) + 0.5)  # the killed run's lease lapses (no heartbeat)
    result = tasks.refresh_associations_incremental.delay().get(timeout=120)  # another worker
    assert result["status"] == "succeeded"
    gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    assert gen.pk != before.generation_id and gen.n_baskets == 100
    assert AssociationRun.objects.filter(status="abandoned", message__contains="took over").exists()


def test_sharded_rebuild_as_a_chord_equals_the_single_process_result(broker, worker):
    """Default mining settings here: the worker runs with them too."""
    from upsell_app import tasks

    record(make_orders(90, seed=5))
    refresh.refresh("full")
    single = storage.current_lists()
    assert any(partners for _, partners in single.values())
    started = tasks.rebuild_associations_sharded.delay(3).get(timeout=120)
    assert started["status"] == "started"
    deadline = time.monotonic() + 60
    while not AssociationRun.objects.filter(task_id=started["job"], status="succeeded").exists():
        assert time.monotonic() < deadline, "the chord never finished"
        assert not AssociationRun.objects.filter(task_id=started["job"], status="failed").exists()
        time.sleep(0.2)
    gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    assert gen.mode == "sharded"
    assert storage.current_lists() == single


def _pool_children(pid: int) -> list[int]:
    """The prefork pool processes of the worker ``pid`` (its direct children)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children.extend(int(c) for c in text)
    return children


def test_kill_9_of_a_rebuild_in_progress_is_taken_over_within_60_seconds(
    broker, database, assoc_settings, tmp_path
):
    """The refresh lock's lease (30 s by default, here too) lapses once the killed run's heartbeat
    stops; the broker hands the task out again and that attempt takes the dead run over. No one
    touches anything: the previous associations are served until the new ones switch in."""
    from upsell_app import tasks

    record(make_orders(60, seed=1))
    before = refresh.refresh("full")
    served_before = storage.get_partners_for(range(1, 16))
    record(make_orders(40, seed=2, first=60))
    marker = tmp_path / "stalled"
    queue = f"{QUEUE}-prefork"
    worker = start_worker(
        database, queue, pool=("-P", "prefork", "--concurrency", "1"),
        UPSELL_TEST_STALL_MARKER=str(marker), UPSELL_TEST_LOCK_TIMEOUT="",  # the default lease
    )  # fmt: skip
    try:
        task_id = tasks.rebuild_associations_full.apply_async(queue=queue).id
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline, "the rebuild never reached the switch"
            time.sleep(0.2)
        assert lock.holder() is not None  # the run in progress holds the lock
        (child,) = _pool_children(worker.pid)
        os.kill(child, signal.SIGKILL)  # kill -9 of the pool process running the rebuild
        killed = time.monotonic()

        served = []
        while not AssociationRun.objects.filter(task_id=task_id, status="succeeded").exists():
            waited = time.monotonic() - killed
            assert waited < 60, f"no run completed {waited:.0f} s after the kill"
            if storage.current_generation_id() == before.generation_id:
                served.append(storage.get_partners_for(range(1, 16)) == served_before)
            time.sleep(0.5)
        took_over_after = time.monotonic() - killed
    finally:
        stop(worker, signal.SIGKILL)

    assert served and all(served)  # the previous associations, throughout
    gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    assert gen.pk != before.generation_id and gen.n_baskets == 100
    dead = AssociationRun.objects.filter(task_id=task_id).exclude(status="succeeded").get()
    assert dead.status == "abandoned" and dead.finished_at is not None
    print(f"\nkill -9 -> completed run after {took_over_after:.1f} s")  # noqa: T201
