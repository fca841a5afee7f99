"""Chaya Tea (tests/taxshop/), a shop storing prices without tax at 8 % and 10 % and showing them
with it, passes its own suite.

It needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load. Running
it from here keeps it inside every plain ``python -m pytest`` (and so CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TAXSHOP, TAXSHOP_SETTINGS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser  # the shop's suite drives its pop-up in Chromium too


def test_the_tax_shop_passes_its_own_suite():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": TAXSHOP_SETTINGS}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(TAXSHOP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
