"""Chaya Tea's integration stays small, and its models know nothing of the app."""

from __future__ import annotations

from pathlib import Path

from tests.shopbase.integration import adapter_lines, files_naming_the_app, manage

HERE = Path(__file__).resolve().parent


def test_the_adapter_is_under_80_lines():
    assert adapter_lines(HERE) < 80, adapter_lines(HERE)


def test_the_shops_models_know_nothing_of_the_app():
    assert files_naming_the_app(HERE) == []


def test_manage_py_check_is_clean_for_this_shop():
    result = manage("check", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_its_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stdout + result.stderr
