"""The configuration reference (docs/configuration.md) lists every ``UPSELL`` key the app reads,
and no key it does not."""

from __future__ import annotations

import re
from pathlib import Path

from upsell_app.conf import DEFAULTS

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
ROW_KEY = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.M)


def _documented_keys() -> set[str]:
    return set(ROW_KEY.findall(REFERENCE.read_text()))


def test_every_setting_has_a_row_in_the_configuration_reference():
    assert sorted(set(DEFAULTS) - _documented_keys()) == []


def test_the_configuration_reference_names_no_setting_the_app_does_not_read():
    assert sorted(_documented_keys() - set(DEFAULTS)) == []
