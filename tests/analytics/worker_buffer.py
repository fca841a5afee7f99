"""Imported only by a test's worker (``celery worker -I tests.analytics.worker_buffer``).

The worker flushes the event buffer under the keys of the test run that started it (the run id
is in ``UPSELL_TEST_BUFFER_RUN``), as the test process writes them: runs that share a Redis keep
their buffers apart. Without the variable this module changes nothing.
"""

from __future__ import annotations

import os

from tests.redis_keys import BUFFER_RUN_VARIABLE, name_event_buffer_after_run

if os.environ.get(BUFFER_RUN_VARIABLE):
    name_event_buffer_after_run(os.environ[BUFFER_RUN_VARIABLE])
