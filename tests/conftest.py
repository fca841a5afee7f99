"""Shared test fixtures. Factories live in tests/factories.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

#: A second shop with its own product model: it runs in a process of its own under these settings
#: (tests/test_othershop.py starts it), since the app's models fix the product model on import.
OTHERSHOP = Path(__file__).resolve().parent / "othershop"
OTHERSHOP_SETTINGS = "tests.othershop.settings"


#: A third, whose cart lives in a signed cookie and whose pages are filled by JavaScript.
COOKIESHOP = Path(__file__).resolve().parent / "cookieshop"
COOKIESHOP_SETTINGS = "tests.cookieshop.settings"
#: A fourth, keyed by UUID and by string codes, run the same way under either of its settings.
KEYSHOP = Path(__file__).resolve().parent / "keyshop"
KEYSHOP_SETTINGS = ("tests.keyshop.settings", "tests.keyshop.settings_variants")
#: A fifth, storing prices without tax at 8 % and 10 % and showing them with it (税込).
TAXSHOP = Path(__file__).resolve().parent / "taxshop"
TAXSHOP_SETTINGS = "tests.taxshop.settings"
#: Shops that run in a process of their own, each under its settings.
SEPARATE_SHOPS = {
    OTHERSHOP: (OTHERSHOP_SETTINGS,),
    COOKIESHOP: (COOKIESHOP_SETTINGS,),
    KEYSHOP: KEYSHOP_SETTINGS,
    TAXSHOP: (TAXSHOP_SETTINGS,),
}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE")
    for folder, modules in SEPARATE_SHOPS.items():
        if settings_module in modules:
            inside = collection_path == folder or folder in collection_path.parents
            return None if inside or collection_path in folder.parents else True
    if any(collection_path == shop or shop in collection_path.parents for shop in SEPARATE_SHOPS):
        return True
    return None


#: The django-oscar sample shop's tests need its own settings: `make test` runs them in a second
#: pytest run (``--ds=oscar_demo.settings tests/oscar``); the main run leaves them out.
if os.environ.get("DJANGO_SETTINGS_MODULE") != "oscar_demo.settings":
    collect_ignore = ["oscar"]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the run: Playwright's sync API allows one at a time."""
    from tests.chromium import launch_chromium

    with launch_chromium() as launched:
        yield launched


@pytest.fixture
def counted(django_capture_on_commit_callbacks):
    """Count a block's Redis round trips and SQL queries (``bench.io_count``), the work it leaves
    for after its commit included (outside a test's transaction that work runs before the
    response)."""
    from bench.io_count import count_io

    @contextmanager
    def block() -> Iterator[Any]:
        with count_io() as io:
            with django_capture_on_commit_callbacks(execute=True):
                yield io

    return block


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_of_this_run() -> Iterator[None]:
    """Redis caches write under a prefix of this run, so that runs sharing a Redis never meet."""
    from django.conf import settings
    from django.test import override_settings

    from tests.redis_keys import run_caches

    # The shop-wide holdout would leave a random 5 % of the tests' shoppers without offers: off
    # here, and on in the tests of the holdout itself.
    upsell = {**getattr(settings, "UPSELL", {}), "HOLDOUT_SHARE": 0}
    with override_settings(CACHES=run_caches(settings.CACHES), UPSELL=upsell):
        yield


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with an empty cache: offer index versions and shopper state live there.
    On Redis only this run's keys go (never FLUSHDB: another run may share the database)."""
    from tests.redis_keys import clear_own_keys
    from upsell_app.serving import offer_index

    for cache in caches.all():
        clear_own_keys(cache)
    offer_index._state["index"] = None
    yield
    offer_index._state["index"] = None


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language: a request in Japanese leaves Japanese active in
    the thread (LocaleMiddleware does not switch back), and the next test would read Japanese
    texts where it expects the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
