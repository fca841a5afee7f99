"""Tanuki Goods (tests/othershop/), a second shop shaped unlike the demo, passes its own suite.

It needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load, and that
shop's product model is its ``Item``. Running it from here keeps it inside every plain
``python -m pytest`` (and so ``make test`` and CI).
"""

from __future__ import annotations

import pytest

from tests.conftest import OTHERSHOP, OTHERSHOP_SETTINGS
from tests.shopbase.integration import assert_suite_passes

pytestmark = pytest.mark.browser


def test_the_second_shop_passes_its_own_suite():
    assert_suite_passes(OTHERSHOP, OTHERSHOP_SETTINGS)
