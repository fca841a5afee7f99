"""Shared test fixtures. Factories live in tests/factories.py."""

from __future__ import annotations

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with an empty cache: offer index versions and shopper state live there."""
    from upsell_app import offer_index

    for cache in caches.all():
        cache.clear()
    offer_index._state["index"] = None
    yield
    offer_index._state["index"] = None
