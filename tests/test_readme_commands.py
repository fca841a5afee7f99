"""README's first command works as written: ``make demo`` on the embedded defaults (SQLite, an
in-process cache, tasks in-process) loads the demo and serves the shop with the app.

The demo's database goes to a temporary SQLite file so a developer's own ``db.sqlite3`` is left
alone; the server is stopped by the PID of the process group this test started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Loading the demo (catalogue, order history, associations, a simulated month) takes about a
#: minute on a two-core machine; the poll gives up well after that instead of hanging CI.
POLL_ATTEMPTS = 600
POLL_INTERVAL = 0.5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture
def demo_server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "PORT": str(port)}
    log = (tmp_path / "make-demo.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "demo"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(POLL_ATTEMPTS):
            if process.poll() is not None or _status(base + "/") == 200:
                break
            time.sleep(POLL_INTERVAL)
        yield base, process, tmp_path / "make-demo.log"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_make_demo_serves_the_shop_with_the_app_on_the_embedded_defaults(demo_server):
    base, process, log_path = demo_server

    assert process.poll() is None, "make demo stopped:\n" + log_path.read_text()[-3000:]
    assert _status(base + "/") == 200
    assert _status(base + "/cart/") == 200
    with urllib.request.urlopen(base + "/upsell/api/offers/?trigger=cart_view", timeout=5) as r:
        assert r.status == 200
        assert b'"offer"' in r.read()
