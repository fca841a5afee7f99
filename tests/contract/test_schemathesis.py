"""The API keeps its published contract under fuzzing: schemathesis against a live demo server.

A real server process (gunicorn, the demo's WSGI app, DEBUG off) on a free 127.0.0.1 port serves
the demo's catalogue, offers and order history from this test's database. The throttle and the
pop-up restraint are raised for the run (tests/contract/server_settings.py) so the fuzzer reaches
validation, pricing, accept, decline and event recording instead of "429" and "no offer". The
requests come as one shopper with a cart and a CSRF token, so POSTs are judged on their content.

Every schemathesis check runs (tests/contract/schemathesis.toml states the one expectation it
needs). The server's access log counts what was sent: at least 10,000 requests to the API and
none answered 5xx. Bounded: a fixed seed and example count, a time limit on the whole run.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "artifacts" / "schemathesis"
#: Test cases per operation and phase: with the coverage, fuzzing and stateful phases about 13
#: requests each (measured: 11,947-12,069 at 900, 10,500 at 780). 900 keeps a margin over the 10,000
#: the run must send: the same seed gave 13% fewer before the API changed (10,651 at 900).
EXAMPLES = int(os.environ.get("UPSELL_CONTRACT_EXAMPLES", "900"))
MIN_REQUESTS = int(os.environ.get("UPSELL_CONTRACT_MIN_REQUESTS", "10000"))
RUN_SECONDS = 45 * 60  # a hard stop far above the run's time, even on a busy machine
API = "/upsell/api/"

pytestmark = [pytest.mark.contract, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def demo_server(tmp_path) -> Iterator[tuple[str, Path]]:
    """The demo shop under gunicorn on this test's database; yields its URL and access log."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) for a server process to share the data")
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("demo_order_history", orders=300, refresh=True, stdout=out)
    port = free_port()
    access_log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.contract.server_settings",
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'test')}-contract-{port}",
        "CELERY_BROKER_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "shop_demo.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "4", "--timeout", "60",
            "--access-logfile", str(access_log), "--access-logformat", "%(s)s %(m)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}{API}schema/", timeout=30).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still booting
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log = (tmp_path / "server.log").read_text()
                pytest.fail(f"the demo server did not start:\n{log[-3000:]}")
            time.sleep(0.5)
        yield base, access_log
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "server.log", ARTIFACTS / "server.log")


def shopper_with_a_cart(base: str) -> tuple[str, str]:
    """A shopper's session and CSRF token, with the phone, the laptop and coffee in the cart."""
    browser = requests.Session()
    browser.get(f"{base}/", timeout=30)
    token = browser.cookies["csrftoken"]
    for slug in ("aozora-phone-128", "sora-book-lite-13", "hinata-blend-200g"):
        added = browser.post(
            f"{base}/p/{slug}/add/",
            data={"csrfmiddlewaretoken": token, "quantity": "1"},
            headers={"Referer": f"{base}/"},
            timeout=30,
        )
        assert added.status_code == 200, added.status_code  # redirected to the product page
    return browser.cookies["sessionid"], token


def api_statuses(access_log: Path) -> Counter:
    statuses: Counter = Counter()
    for line in access_log.read_text().splitlines():
        parts = line.split(" ", 2)
        if len(parts) != 3:  # a line gunicorn wrote that is not an access record
            continue
        status, _method, path = parts
        if path.startswith(API):
            statuses[status] += 1
    return statuses


def test_schemathesis_finds_no_contract_failure_and_no_server_error(demo_server, capsys):
    base, access_log = demo_server
    session, token = shopper_with_a_cart(base)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file", str(HERE / "schemathesis.toml"),
        "run", f"{base}{API}schema/",
        "--checks", "all",
        "--max-examples", str(EXAMPLES),
        "--seed", "20261129",
        # One worker: CPython 3.11's ast module is not thread-safe, and hypothesis parses
        # source while drawing ("AST constructor recursion depth mismatch" with several).
        "--workers", "1",
        "--request-timeout", "30",
        # Hypothesis's "too slow" is a timer on data generation: on a busy shared machine it
        # fails the run for the machine's sake, not the API's.
        "--suppress-health-check", "too_slow",
        "--header", f"Cookie: csrftoken={token}; sessionid={session}",
        "--header", f"X-CSRFToken: {token}",
        "--report", "junit",
        "--report-junit-path", str(ARTIFACTS / "junit.xml"),
        "--no-color",
    ]
    started = time.monotonic()
    run = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=RUN_SECONDS, check=False
    )
    (ARTIFACTS / "schemathesis.log").write_text(run.stdout + run.stderr)
    statuses = api_statuses(access_log)
    total = sum(statuses.values())
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    with capsys.disabled():
        print(
            f"\nschemathesis: {total} API requests in {time.monotonic() - started:.0f} s, "
            f"by status {dict(sorted(statuses.items()))}, exit code {run.returncode}"
        )

    assert run.returncode == 0, run.stdout[-6000:]
    assert server_errors == 0
    assert total >= MIN_REQUESTS



def test_a_multipart_body_without_a_boundary_is_a_json_400_from_the_live_server(
    demo_server, tmp_path
):
    # Outside the schema (every operation takes JSON), so schemathesis never sends it; a browser
    # form or a hand-written client does. The server's log is where a traceback would show.
    base, _access_log = demo_server
    session, token = shopper_with_a_cart(base)
    answers = {}
    for path in ("offers/1/accept/", "offers/1/decline/", "acceptances/1/undo/", "events/"):
        response = requests.post(
            f"{base}{API}{path}",
            data=b"offer_id=1",
            headers={
                "Content-Type": "multipart/form-data",
                "Cookie": f"csrftoken={token}; sessionid={session}",
                "X-CSRFToken": token,
                "Idempotency-Key": "contract-multipart",
            },
            timeout=30,
        )
        is_json = response.headers["Content-Type"].startswith("application/json")
        answers[path] = (response.status_code, is_json and response.json()["code"])

    assert answers == {path: (400, "parse_error") for path in answers}
    assert "Traceback" not in (tmp_path / "server.log").read_text()
