"""Services a fault test owns: a Redis, a gunicorn, a Celery worker, each on a free local port.

Every process is started here, talks only to 127.0.0.1 and is stopped by its own pid; no test
ever touches a Redis or a server it did not start (the shared ones keep serving others).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    """A port the OS says is free now (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    """Poll ``ready()`` for at most ``timeout`` seconds; fail with ``what`` if it never holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what}: not ready after {timeout} s")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process this test started, politely first, by its pid."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


# -- Redis ---------------------------------------------------------------------------------------
@dataclass
class Redis:
    """A redis-server of the test's own, optionally durable (append-only file, fsync each write)."""

    directory: Path
    durable: bool = False
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> Redis:
        args = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(self.directory),
            "--daemonize",
            "no",
        ]
        if self.durable:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.directory
        )
        wait_until(self.ping, 10, f"redis on {self.port}", self.process)
        return self

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Shut it down as a crash would leave it: no final save (AOF keeps what was written)."""
        if self.process is None or self.process.poll() is not None:
            return
        import redis

        try:
            redis.Redis(port=self.port, socket_connect_timeout=0.5).shutdown(nosave=True)
        except redis.RedisError:
            pass  # shutting down closes the connection under the client
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(self.process)


# -- the app: environment, gunicorn, Celery -----------------------------------------------------
def shared_test_database_url() -> str:
    """The pytest database, so processes started here share what the test sees."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def app_env(**overrides: str | None) -> dict[str, str]:
    """The environment of an app process; ``None`` removes a variable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "shop_demo.settings"}
    # Its shoppers must see offers: none of them may fall into the shop-wide holdout.
    env.setdefault("UPSELL_HOLDOUT_SHARE", "0")
    # Set in this process for Playwright's sync API; never in a server (check --deploy refuses it).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: Mapping[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, as ``make demo-prod`` makes one (OpenSSL's command line)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@dataclass
class Gunicorn:
    env: Mapping[str, str]
    workers: int = 2
    tls: tuple[Path, Path] | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        args = [
            PYTHON,
            "-m",
            "gunicorn",
            "shop_demo.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ]
        if self.tls:
            args += ["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])]
        output = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=dict(self.env), stdout=output, stderr=subprocess.STDOUT
        )
        # Listening is not serving: each worker imports Django first (seconds on a busy machine).
        wait_until(self.answers, 90, "gunicorn", self.process)
        return self

    def answers(self) -> bool:
        try:
            return fetch(f"{self.base}/static/upsell_app/upsell.js", timeout=2).status < 500
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def start_worker(
    env: Mapping[str, str], *, beat_schedule: Path | None, log: Path
) -> subprocess.Popen:
    """A Celery worker as the demo runs it (with its embedded beat when a schedule is given)."""
    args = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "shop_demo",
        "worker",
        "--concurrency=1",
        "--without-mingle",
        "--without-gossip",
        "-l",
        "INFO",
    ]
    if beat_schedule is not None:
        args += ["-B", f"--schedule={beat_schedule}"]
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=dict(env),
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,  # noqa: SIM115
    )


# -- HTTP ---------------------------------------------------------------------------------------
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


@dataclass
class Fetched:
    status: int
    headers: Mapping[str, str]
    body: bytes


def fetch(url: str, headers: Mapping[str, str] | None = None, timeout: float = 10) -> Fetched:
    """One GET without following redirects (a redirect is an answer worth seeing)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return None

    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=UNVERIFIED)
    )
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return Fetched(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers), error.read())


def widget_config(page: Fetched) -> dict | None:
    """The config ``{% upsell_widget %}`` embedded in a page (its offer, when the page decided
    it), or ``None`` for a page without the widget."""
    import json
    import re

    found = re.search(
        rb'<script id="upsell-config" type="application/json">(.*?)</script>', page.body, re.S
    )
    return json.loads(found.group(1)) if found else None


class Browser:
    """One shopper's cookie jar over HTTP: pages, forms and the widget's JSON calls."""

    def __init__(self, base: str) -> None:
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            urllib.request.HTTPSHandler(context=UNVERIFIED),
        )

    def csrf_token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self,
        method: str,
        path: str,
        *,
        form: Mapping[str, str] | None = None,
        json_body: object = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 15,
    ) -> Fetched:
        import json
        import urllib.parse

        data, sent = None, {"Referer": f"{self.base}/", **(headers or {})}
        if form is not None:
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token(), **form})
            data = data.encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None or method == "POST":
            data = json.dumps(json_body if json_body is not None else {}).encode()
            sent.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf_token()})
        request = urllib.request.Request(
            f"{self.base}{path}", data=data, headers=sent, method=method
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Fetched(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, dict(error.headers), error.read())
