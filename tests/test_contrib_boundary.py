"""Framework integrations live in ``upsell_app.contrib.<name>``: the core app never imports them,
so a shop without that framework installs and runs the app as it is."""

from __future__ import annotations

import ast
from pathlib import Path

import upsell_app

PACKAGE_DIR = Path(upsell_app.__file__).resolve().parent


def contrib_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("upsell_app.contrib")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and module.startswith("upsell_app.contrib"):
                found.append(module)
            elif node.level > 0 and (module == "contrib" or module.startswith("contrib.")):
                found.append("." * node.level + module)
    return found


def test_the_walk_sees_the_oscar_integration_and_the_core():
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in PACKAGE_DIR.rglob("*.py")}

    assert {"contrib/oscar/cart.py", "accepting/acceptance.py"} <= names


def test_no_core_module_imports_a_framework_integration():
    core = [
        p
        for p in PACKAGE_DIR.rglob("*.py")
        if "contrib" not in p.relative_to(PACKAGE_DIR).parts and "__pycache__" not in p.parts
    ]

    offenders = {str(p.relative_to(PACKAGE_DIR)): f for p in core if (f := contrib_imports(p))}

    assert offenders == {}
