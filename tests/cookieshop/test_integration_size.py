"""Kitsune Sweets' integration stays small, its models know nothing of the app, and `check` says
which guarantee its cookie cart gets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.cookieshop.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_adapter_is_under_80_lines():
    lines = (HERE / "upsell_adapter.py").read_text().splitlines()
    assert len(lines) < 80, len(lines)


def test_the_shops_models_know_nothing_of_the_app():
    for name in ("models.py", "migrations/0001_initial.py"):
        assert "upsell_app" not in (HERE / name).read_text(), name


def test_manage_py_check_is_clean_for_this_shop():
    result = _manage("check", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_says_the_cookie_cart_is_checked_optimistically():
    result = _manage("check", "--deploy")

    assert "upsell_app.I081" in result.stderr
    assert "CookieCartAdapter has no lock of its own" in result.stderr


def test_its_migrations_are_complete():
    result = _manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stdout + result.stderr
