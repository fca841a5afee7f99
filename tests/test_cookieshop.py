"""Kitsune Sweets (tests/cookieshop/), a shop whose cart is a signed cookie and whose pages are
filled by JavaScript from its own JSON API, passes its own suite.

Like Tanuki Goods (``test_othershop.py``) it needs its own process: the app's models fix
``UPSELL_PRODUCT_MODEL`` when they load, and this shop's product model is its ``Sweet``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COOKIESHOP, COOKIESHOP_SETTINGS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def test_the_cookie_and_javascript_shop_passes_its_own_suite():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": COOKIESHOP_SETTINGS}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(COOKIESHOP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout, result.stdout[-2000:]
