"""The reusable app never reaches into the demo shop: ``upsell_app`` imports nothing from
``shop_demo``, neither by ``import`` statements nor by import strings."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import upsell_app

FORBIDDEN = "shop_demo"
PACKAGE_DIR = Path(upsell_app.__file__).resolve().parent
ROOT = PACKAGE_DIR.parent

_IMPORT_FUNCTIONS = {"import_module", "import_string", "__import__", "find_spec"}


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _is_forbidden(name: str | None) -> bool:
    return bool(name) and (name == FORBIDDEN or name.startswith(FORBIDDEN + "."))


def forbidden_imports(source: str) -> list[str]:
    """``import shop_demo…``, ``from shop_demo… import``, and dynamic imports of a literal
    ``"shop_demo…"`` (``importlib.import_module``, ``import_string``, ``__import__``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _is_forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_forbidden(node.module):
            found.append(f"from {node.module} import …")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _IMPORT_FUNCTIONS and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if _is_forbidden(arg.value):
                        found.append(f"{name}({arg.value!r})")
    return found


def test_the_walk_finds_every_module_of_the_package():
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in _python_files()}

    assert {"__init__.py", "models/offers.py", "selection/engine.py", "admin/__init__.py"} <= names


def test_the_parser_recognises_every_form_of_import():
    source = "\n".join(
        [
            "import shop_demo",
            "import shop_demo.shop.models as m",
            "from shop_demo.shop import models",
            "import importlib; importlib.import_module('shop_demo.shop.upsell_adapter')",
            "from django.utils.module_loading import import_string",
            "import_string('shop_demo.shop.upsell_adapter.ShopCartAdapter')",
            "__import__('shop_demo')",
        ]
    )

    assert forbidden_imports(source) == [
        "import shop_demo",
        "import shop_demo.shop.models",
        "from shop_demo.shop import …",
        "import_module('shop_demo.shop.upsell_adapter')",
        "import_string('shop_demo.shop.upsell_adapter.ShopCartAdapter')",
        "__import__('shop_demo')",
    ]


def test_the_parser_ignores_look_alike_names_and_relative_imports():
    source = "import shop_demonstration\nfrom .shop_demo import x\nprint('shop_demo')\n"

    assert forbidden_imports(source) == []


def test_no_module_of_upsell_app_imports_shop_demo():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _python_files()
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }

    assert offenders == {}


_BLOCKED_IMPORT_SCRIPT = """
import importlib, pkgutil, sys

class BlockShopDemo:
    def find_spec(self, name, path=None, target=None):
        if name == "shop_demo" or name.startswith("shop_demo."):
            raise ImportError(f"upsell_app imported {name}")
        return None

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
        "rest_framework", "upsell_app",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    UPSELL_PRODUCT_MODEL="auth.User",
    ROOT_URLCONF="upsell_app.urls",
    USE_TZ=True,
)
sys.meta_path.insert(0, BlockShopDemo())
django.setup()

import upsell_app
failed = []
for module in pkgutil.walk_packages(upsell_app.__path__, "upsell_app."):
    if ".migrations." in module.name:
        continue
    try:
        importlib.import_module(module.name)
    except Exception as exc:  # only a reach into shop_demo fails the test
        if "shop_demo" in str(exc):
            failed.append(f"{module.name}: {exc}")
        else:
            print(f"not checked, {module.name} failed to import: {exc!r}", file=sys.stderr)
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_with_shop_demo_blocked():
    # A fresh interpreter whose import system refuses shop_demo, configured without the demo shop.
    result = subprocess.run(
        [sys.executable, "-c", _BLOCKED_IMPORT_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
