"""Shared test fixtures. Factories live in tests/factories.py."""

from __future__ import annotations

import pytest
from django.core.cache import caches


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the run: Playwright's sync API allows one at a time."""
    from tests.chromium import launch_chromium

    with launch_chromium() as launched:
        yield launched


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with an empty cache: offer index versions and shopper state live there."""
    from upsell_app import offer_index

    for cache in caches.all():
        cache.clear()
    offer_index._state["index"] = None
    yield
    offer_index._state["index"] = None
