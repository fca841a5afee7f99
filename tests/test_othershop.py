"""Tanuki Goods (tests/othershop/), a second shop shaped unlike the demo, passes its own suite.

It needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load, and that
shop's product model is its ``Item``. Running it from here keeps it inside every plain
``python -m pytest`` (and so ``make test`` and CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OTHERSHOP, OTHERSHOP_SETTINGS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def test_the_second_shop_passes_its_own_suite():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": OTHERSHOP_SETTINGS}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(OTHERSHOP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
