"""The demo as production runs it (``DEMO_MODE=production``): DEBUG off, gunicorn, whitenoise.

The server is a real gunicorn over TLS on a free port, serving the collected, hashed static files;
the pages read the test database.
"""

from __future__ import annotations

import re
import secrets
import shutil

import pytest
from django.db import connection

from .services import (
    Gunicorn,
    app_env,
    fetch,
    manage,
    self_signed_certificate,
    shared_test_database_url,
)

pytestmark = [pytest.mark.faults]

REDIS_URL = "redis://127.0.0.1:6379/1"  # only parsed by `check`, never connected to


def production_env(**overrides: str | None) -> dict[str, str]:
    values: dict[str, str | None] = {
        "DEMO_MODE": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "REDIS_URL": app_env().get("REDIS_URL", REDIS_URL),
        "CELERY_BROKER_URL": None,
    }
    return app_env(**{**values, **overrides})


def test_check_deploy_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    # The one note: which guarantee the cart adapter gives under concurrent accepts.
    assert "identified 1 issue" in result.stderr, result.stderr
    assert "upsell_app.I080" in result.stderr


def test_check_deploy_reports_the_development_mode():
    result = manage("check", "--deploy", env=app_env(DEMO_MODE=None, CELERY_BROKER_URL=None))
    assert "security.W018" in result.stderr  # DEBUG on: not for production


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, django_db_setup, django_db_blocker):
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed for the demo's TLS certificate (make installs it)")
    directory = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the server process needs a shared PostgreSQL database (DATABASE_URL)")
        database = shared_test_database_url()
    env = production_env(DATABASE_URL=database, DJANGO_STATIC_ROOT=str(directory / "static"))
    collected = manage("collectstatic", "--noinput", env=env, timeout=300)
    assert collected.returncode == 0, collected.stderr[-2000:]
    server = Gunicorn(env, tls=self_signed_certificate(directory), log=directory / "gunicorn.log")
    server.start()
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_widgets_script_and_css(production_server):
    page = fetch(f"{production_server.base}/cart/")
    assert page.status == 200, page.body[:500]
    html = page.body.decode()
    # The page names hashed copies (cacheable for a year) of the widget's files.
    script = re.search(r"/static/upsell_app/upsell\.[0-9a-f]{12}\.js", html)
    css = re.search(r"/static/upsell_app/upsell\.[0-9a-f]{12}\.css", html)
    assert script and css, html[:2000]
    for path, kind, marker in ((script[0], "javascript", b"upsell"), (css[0], "text/css", b"{")):
        asset = fetch(f"{production_server.base}{path}", {"Accept-Encoding": "gzip"})
        assert asset.status == 200, path
        assert kind in asset.headers["Content-Type"]
        assert asset.headers.get("Content-Encoding") == "gzip"
        assert "max-age=315360000" in asset.headers["Cache-Control"]
        plain = fetch(f"{production_server.base}{path}")
        assert marker in plain.body and len(plain.body) > 1000


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_admins_assets(production_server):
    login = fetch(f"{production_server.base}/admin/login/")
    assert login.status == 200
    stylesheet = re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", login.body.decode())
    assert stylesheet, login.body[:1000]
    assert fetch(f"{production_server.base}{stylesheet[0]}").status == 200


@pytest.mark.django_db(transaction=True)
def test_production_pages_carry_the_security_headers(production_server):
    page = fetch(f"{production_server.base}/cart/")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    cookies = page.headers.get("Set-Cookie", "")
    assert "Secure" in cookies and "csrftoken" in cookies
    missing = fetch(f"{production_server.base}/no-such-page/")
    assert missing.status == 404
    assert b"DEBUG = True" not in missing.body  # no debug page in production
