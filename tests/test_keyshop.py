"""Kumo Tea (tests/keyshop/), a shop keyed by UUIDs and by string codes, passes its own suite
under both of its settings: products keyed by UUID, and variants keyed by a string code.

Each needs its own process: the app's models fix ``UPSELL_PRODUCT_MODEL`` when they load.
Running them from here keeps them inside every plain ``python -m pytest`` (and so CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KEYSHOP, KEYSHOP_SETTINGS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser  # the shop's suite drives its pop-up in Chromium too


@pytest.mark.parametrize("settings_module", KEYSHOP_SETTINGS)
def test_the_keyed_shop_passes_its_own_suite(settings_module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(KEYSHOP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
