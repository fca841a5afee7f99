"""Kumo Tea (tests/keyshop/), a shop keyed by UUIDs and by string codes, passes its own suite
under both of its settings: products keyed by UUID, and variants keyed by a string code.

Each needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load.
Running them from here keeps them inside every plain ``python -m pytest`` (and so CI).
"""

from __future__ import annotations

import pytest

from tests.conftest import KEYSHOP, KEYSHOP_SETTINGS
from tests.shopbase.integration import assert_suite_passes

pytestmark = pytest.mark.browser  # the shop's suite drives its pop-up in Chromium too


@pytest.mark.parametrize("settings_module", KEYSHOP_SETTINGS)
def test_the_keyed_shop_passes_its_own_suite(settings_module):
    assert_suite_passes(KEYSHOP, settings_module)
