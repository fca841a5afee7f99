"""Chaya Tea (tests/taxshop/), a shop storing prices without tax at 8 % and 10 % and showing them
with it, passes its own suite.

It needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load. Running
it from here keeps it inside every plain ``python -m pytest`` (and so CI).
"""

from __future__ import annotations

import pytest

from tests.conftest import TAXSHOP, TAXSHOP_SETTINGS
from tests.shopbase.integration import assert_suite_passes

pytestmark = pytest.mark.browser  # the shop's suite drives its pop-up in Chromium too


def test_the_tax_shop_passes_its_own_suite():
    assert_suite_passes(TAXSHOP, TAXSHOP_SETTINGS)
