"""Kitsune Sweets (tests/cookieshop/), a shop whose cart is a signed cookie and whose pages are
filled by JavaScript from its own JSON API, passes its own suite.

Like Tanuki Goods (``test_othershop.py``) it needs its own process: the app's models fix
``UPSELL_PRODUCT_MODEL`` when they load, and this shop's product model is its ``Sweet``.
"""

from __future__ import annotations

import pytest

from tests.conftest import COOKIESHOP, COOKIESHOP_SETTINGS
from tests.shopbase.integration import assert_suite_passes

pytestmark = pytest.mark.browser


def test_the_cookie_and_javascript_shop_passes_its_own_suite():
    assert_suite_passes(COOKIESHOP, COOKIESHOP_SETTINGS, skips_allowed=True)
