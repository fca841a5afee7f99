"""Readers during refreshes see one whole generation per read, never a mix (PostgreSQL, threads)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.db import connection

from upsell_app.associations import refresh, storage

from .conftest import make_orders, record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL (DATABASE_URL): concurrent readers need real transactions",
    ),
]

PRODUCTS = list(range(1, 16))


def test_a_reader_during_rebuilds_never_sees_a_mixed_generation(assoc_settings):
    record(make_orders(40, seed=0))
    first = refresh.refresh("full")
    expected = {first.generation_id: storage.load_partners(first.generation_id, PRODUCTS)}
    samples: list[tuple[int, dict]] = []
    done = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while not done.is_set():
                samples.append(storage.read_partners(PRODUCTS))
                time.sleep(0.002)  # leave the GIL to the writer
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(6):
            record(make_orders(15, seed=100 + i, first=40 + 15 * i))
            result = refresh.refresh("incremental" if i % 2 else "full")
            # Every generation differs from the last (new orders), so a mix cannot look whole.
            expected[result.generation_id] = storage.load_partners(result.generation_id, PRODUCTS)
    finally:
        done.set()
        thread.join(timeout=30)
    assert not errors
    assert len({gen for gen, _ in samples}) >= 2, "the reader should have seen several switches"
    for gen, partners in samples:
        assert partners == expected[gen]


def test_a_cold_run_reading_its_state_alongside_equals_a_full_rebuild(assoc_settings):
    """Outside a transaction a cold run loads the state in a thread, on its own connection, while
    it reads the new orders; the result is the full rebuild's."""
    from upsell_app.associations import state
    from upsell_app.models import AssociationState

    record(make_orders(40, seed=3))
    refresh.refresh("full")
    for i in range(3):
        record(make_orders(15, seed=30 + i, first=40 + 15 * i))
        state._memo.clear()  # a worker that just restarted
        current = AssociationState.objects.select_related("current").get().current
        loading = state.prefetch_state(current)
        assert not isinstance(loading, state._Later)  # a real thread
        assert loading.result()[0] is not None
        state._memo.clear()
        assert refresh.refresh("incremental").status == "succeeded"
    incremental = storage.current_lists()
    refresh.refresh("full")
    assert storage.current_lists() == incremental
