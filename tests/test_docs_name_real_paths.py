"""What the integration docs point a developer to exists: every ``upsell_app.…`` name and every
repository path in README's "Install into your shop" and in ``upsell_app/signals.py``.

A name is real when it imports, or when it is a logger the app logs on (docs tell a shop which
logger to watch; logger names stay put when modules move)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOTTED = re.compile(r"\bupsell_app(?:\.[A-Za-z_]\w*)+")
PATH = re.compile(r"\b(?:tests|shop_demo|upsell_app)/[\w/.-]*\w")
CHECK_ID = re.compile(r"^upsell_app\.[EW]\d{3}$")
LOGGER = re.compile(r"""getLogger\(["'](upsell_app[\w.]*)["']\)""")


def _loggers() -> set[str]:
    return {
        name
        for path in (ROOT / "upsell_app").rglob("*.py")
        for name in LOGGER.findall(path.read_text())
    }


def _install_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Install into your shop\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


SOURCES = {
    "README install section": _install_section,
    "upsell_app/signals.py": lambda: (ROOT / "upsell_app" / "signals.py").read_text(),
}


@pytest.mark.parametrize("source", SOURCES)
def test_every_dotted_name_imports(source):
    names = {n for n in DOTTED.findall(SOURCES[source]()) if not CHECK_ID.match(n)}
    assert names, "nothing found: the pattern no longer matches the docs"
    assert sorted(n for n in names if not _resolves(n) and n not in _loggers()) == []


@pytest.mark.parametrize("source", SOURCES)
def test_every_repository_path_exists(source):
    paths = set(PATH.findall(SOURCES[source]()))
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
