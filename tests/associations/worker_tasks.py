"""Imported only by the test worker (``celery worker -I tests.associations.worker_tasks``).

Lets the worker-crash test stop a refresh at the worst moment: inside the switch transaction, after
the new generation's rows are written and before the commit. Everything is driven by environment
variables the test sets; without them this module changes nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from upsell_app.associations import storage
from upsell_app.conf import upsell_settings

if os.environ.get("UPSELL_TEST_LOCK_TIMEOUT"):
    settings.UPSELL = {
        **settings.UPSELL,
        "ASSOCIATIONS_LOCK_TIMEOUT": int(os.environ["UPSELL_TEST_LOCK_TIMEOUT"]),
    }
    upsell_settings.reload()

if os.environ.get("UPSELL_TEST_QUEUE"):
    # Tasks this worker sends (a chord's shards and merge) go to the queue it consumes.
    from celery import current_app

    current_app.conf.task_default_queue = os.environ["UPSELL_TEST_QUEUE"]

_stall_marker = os.environ.get("UPSELL_TEST_STALL_MARKER")
if _stall_marker:
    _insert_rows = storage._insert_rows

    def _stalling_insert_rows(rows: list) -> None:
        _insert_rows(rows)
        marker = Path(_stall_marker)
        if marker.exists():
            return  # stalls once: the run that takes over after the kill goes through
        marker.write_text("stalled")  # tell the test: rows written, not committed
        time.sleep(600)  # the test kills the worker (or its pool process) here

    storage._insert_rows = _stalling_insert_rows
