"""Chaya Tea's integration stays small, and its models know nothing of the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def test_the_adapter_is_under_80_lines():
    lines = (HERE / "upsell_adapter.py").read_text().splitlines()
    assert len(lines) < 80, len(lines)


def test_the_shops_models_know_nothing_of_the_app():
    for name in ("models.py", "migrations/0001_initial.py"):
        assert "upsell_app" not in (HERE / name).read_text(), name


def test_manage_py_check_is_clean_for_this_shop():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_its_migrations_are_complete():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
