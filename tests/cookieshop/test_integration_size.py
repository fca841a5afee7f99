"""Kitsune Sweets' integration stays small, its models know nothing of the app, and `check` says
which guarantee its cookie cart gets."""

from __future__ import annotations

from pathlib import Path

from tests.shopbase.integration import adapter_lines, files_naming_the_app, manage

HERE = Path(__file__).resolve().parent
SETTINGS = "tests.cookieshop.settings"


def test_the_adapter_is_under_80_lines():
    assert adapter_lines(HERE) < 80, adapter_lines(HERE)


def test_the_shops_models_know_nothing_of_the_app():
    assert files_naming_the_app(HERE) == []


def test_manage_py_check_is_clean_for_this_shop():
    result = manage("check", "--fail-level", "WARNING", settings=SETTINGS)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_says_the_cookie_cart_is_checked_optimistically():
    result = manage("check", "--deploy", settings=SETTINGS)

    assert "upsell_app.I081" in result.stderr
    assert "CookieCartAdapter has no lock of its own" in result.stderr


def test_its_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run", settings=SETTINGS)

    assert result.returncode == 0, result.stdout + result.stderr
