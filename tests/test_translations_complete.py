"""Every string the app can show has its Japanese: English and Japanese both ship.

The catalogue is extracted afresh from the code (``makemessages`` on a copy of the package), so a
string added without its translation fails here rather than reaching a Japanese shopper in English.
Needs GNU gettext, which ``make test`` installs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import upsell_app

PACKAGE = Path(upsell_app.__file__).resolve().parent

def missing(po: Path) -> list[str]:
    """The msgids of ``po`` with no Japanese or only a fuzzy guess."""
    found = []
    for option in ("--untranslated", "--only-fuzzy"):
        listed = subprocess.run(
            ["msgattrib", option, "--no-obsolete", "--no-wrap", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found += [
            line[len("msgid ") :]
            for line in listed.splitlines()
            if line.startswith("msgid ") and line != 'msgid ""'
        ]
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("catalogue") / "upsell_app"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=["ja"], no_wrap=True, no_obsolete=True, verbosity=0)
    return copy


@pytest.mark.parametrize(
    "catalogue",
    ["locale/ja/LC_MESSAGES/django.po", "contrib/oscar/locale/ja/LC_MESSAGES/django.po"],
)
def test_every_string_of_the_app_has_its_japanese(extracted: Path, catalogue: str) -> None:
    assert missing(extracted / catalogue) == []
