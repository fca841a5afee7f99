"""What the docs point a developer to exists: every ``upsell_app.…`` name and every repository
path in README.md, in each page of the documentation site (``docs/*.md``) and in
``upsell_app/signals.py``.

A dotted name is real when it imports (a module, or an attribute of one), or when the app's code
spells it as a string: a logger's name (``upsell_app.outages``) or a Celery task's registered name
(``upsell_app.analytics.flush_events``) is what a shop configures, not an attribute."""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOTTED = re.compile(r"\bupsell_app(?:\.[A-Za-z_]\w*)+")
PATH = re.compile(r"(?<![\w/.-])(?:tests|shop_demo|oscar_demo|upsell_app|bench)/[\w/.-]*\w")
CHECK_ID = re.compile(r"^upsell_app\.[EW]\d{3}$")


def _docs_pages() -> list[Path]:
    # docs/notes/ holds colleagues' drafts that are folded into the pages, not built themselves
    return sorted(DOCS.glob("*.md"))


def _defined_in_source(dotted: str) -> bool:
    """For modules that only import under their framework's settings (``upsell_app.contrib.oscar``
    needs django-oscar's): the module's file exists and defines the name at its top level."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:split])
        module = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if not module.exists():
            continue
        rest = parts[split:]
        if not rest:
            return True
        if len(rest) > 1:
            return False
        tree = ast.parse(module.read_text())
        defined = set()
        for node in tree.body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                defined.update((a.asname or a.name).split(".")[0] for a in node.names)
        return rest[0] in defined
    return False


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        except Exception:  # imports only under another framework's settings
            return _defined_in_source(dotted)
        for name in parts[split:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


@cache
def _string_literals_in_app() -> str:
    return "\n".join(p.read_text() for p in (ROOT / "upsell_app").rglob("*.py"))


def _is_real(dotted: str) -> bool:
    return (
        _resolves(dotted)
        or f'"{dotted}"' in _string_literals_in_app()
        or f"'{dotted}'" in _string_literals_in_app()
    )


SOURCES = {
    "README.md": lambda: (ROOT / "README.md").read_text(),
    "upsell_app/signals.py": lambda: (ROOT / "upsell_app" / "signals.py").read_text(),
    **{f"docs/{p.name}": (lambda p=p: p.read_text()) for p in _docs_pages()},
}


def _names(text: str) -> set[str]:
    return {n for n in DOTTED.findall(text) if not CHECK_ID.match(n)}


@pytest.mark.parametrize("source", SOURCES)
def test_every_dotted_name_is_real(source):
    assert sorted(n for n in _names(SOURCES[source]()) if not _is_real(n)) == []


@pytest.mark.parametrize("source", SOURCES)
def test_every_repository_path_exists(source):
    paths = set(PATH.findall(SOURCES[source]()))
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


@pytest.mark.parametrize("source", ["README.md", "upsell_app/signals.py", "docs/install.md"])
def test_the_integration_docs_name_code_at_all(source):
    # guards the two tests above against a pattern that silently stops matching
    assert _names(SOURCES[source]())
    if source != "upsell_app/signals.py":
        assert PATH.findall(SOURCES[source]())


def test_a_name_that_does_not_exist_is_caught():
    assert not _is_real("upsell_app.adapters.NoSuchAdapter")
    assert not _is_real("upsell_app.no_such_module")
    assert not _is_real("upsell_app.contrib.oscar.adapters.NoSuchAdapter")
