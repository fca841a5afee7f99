"""The package's imports go one way, down (docs/package-layout.md), and never in a circle.

Pure ``ast``: no Django, no import of the app. Every ``import`` and ``from ... import`` inside
``upsell_app`` counts, at module level and inside functions; only ``if TYPE_CHECKING:`` blocks
are left out (they never run). ``upsell_app.contrib`` is a framework's own package, kept apart by
``tests/test_contrib_boundary.py``; migrations are history and are not read.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "upsell_app"

#: The layers, lowest first. A module may import its own layer and the layers below it. A name
#: ending in "." covers a package's modules; a name without it, that one module (a package's
#: ``__init__`` may sit higher than its modules when it is the public face of them).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("selection", ("upsell_app.selection.",)),
    ("settings", ("upsell_app.conf", "upsell_app.signals", "upsell_app.broker")),
    ("offers", ("upsell_app.offers.", "upsell_app.validation")),
    ("models", ("upsell_app.models.",)),
    (
        "cart memory",
        (
            "upsell_app.adjustments.keys",
            "upsell_app.adjustments.terms",
            "upsell_app.adjustments.store",
            "upsell_app.adjustments.current",
        ),
    ),
    ("shop doors", ("upsell_app.adapters", "upsell_app.cart_lock", "upsell_app.shop.")),
    ("learning", ("upsell_app.associations.",)),
    ("measuring", ("upsell_app.analytics.",)),
    ("serving", ("upsell_app.serving.", "upsell_app.offer_index")),
    (
        "accepting",
        (
            "upsell_app.accepting.",
            "upsell_app.adjustments.",
            "upsell_app.confirmation",
            "upsell_app.followup.",
        ),
    ),
    (
        "edges",
        (
            "upsell_app",
            "upsell_app.apps",
            "upsell_app.urls",
            "upsell_app.middleware",
            "upsell_app.receivers",
            "upsell_app.tasks",
            "upsell_app.api.",
            "upsell_app.admin.",
            "upsell_app.templatetags.",
            "upsell_app.management.",
            # analytics' own screens, API, receivers and traffic simulation sit on top of it
            "upsell_app.analytics.admin",
            "upsell_app.analytics.api",
            "upsell_app.analytics.dashboard",
            "upsell_app.analytics.receivers",
            "upsell_app.analytics.simulation",
            "upsell_app.analytics.uplift",
            "upsell_app.analytics.verdicts",
            # follow-up mail's unsubscribe page and Celery tasks
            "upsell_app.followup.views",
            "upsell_app.followup.tasks",
        ),
    ),
]


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    where: str  # file:line


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    paths = [
        p
        for p in PACKAGE.rglob("*.py")
        if not {"migrations", "contrib"} & set(p.relative_to(PACKAGE).parts)
    ]
    return {module_name(p, PACKAGE.parent): p for p in paths}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _closest_module(name: str, modules: dict[str, Path]) -> str:
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports_of(name: str, path: Path, modules: dict[str, Path], root: Path) -> list[Import]:
    """Every module of the app that ``name`` imports (``from pkg import mod`` names ``mod``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = [f"{prefix}.{alias.name}" for alias in node.names]
        for target in targets:
            if target == "upsell_app" or target.startswith("upsell_app."):
                imported = _closest_module(target, modules)
                if imported != name:
                    where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                    found.append(Import(name, imported, where))
    return found


def all_imports(
    modules: dict[str, Path] | None = None, root: Path = PACKAGE.parent
) -> list[Import]:
    modules = modules or app_modules()
    found = {i for name, path in modules.items() for i in imports_of(name, path, modules, root)}
    return sorted(found, key=lambda i: (i.where.split(":")[0], int(i.where.split(":")[1])))


def layer_of(module: str) -> tuple[int, str]:
    """The layer the most specific entry of :data:`LAYERS` gives ``module``."""
    best: tuple[int, int, str] | None = None
    for rank, (layer, names) in enumerate(LAYERS):
        for entry in names:
            if entry.endswith("."):
                matches = module.startswith(entry) or module == entry[:-1]
                length = len(entry) - (module == entry[:-1])
            else:
                matches = module == entry
                length = len(entry) + 1  # one module beats its package's prefix
            if matches and (best is None or length > best[0]):
                best = (length, rank, layer)
    if best is None:
        raise AssertionError(f"{module} is in no layer of LAYERS; give it one")
    return best[1], best[2]


def climbing(imports: list[Import]) -> list[str]:
    problems = []
    for i in imports:
        (low, low_name), (high, high_name) = layer_of(i.importer), layer_of(i.imported)
        if high > low:
            problems.append(
                f"{i.where}: {i.importer} ({low_name}) imports {i.imported} ({high_name}): "
                f"imports go down only, and {high_name} sits above {low_name}"
            )
    return problems


def circles(imports: list[Import]) -> list[str]:
    """Each strongly connected group of modules (Tarjan), with the imports that close it."""
    graph: dict[str, list[Import]] = {}
    for i in imports:
        graph.setdefault(i.importer, []).append(i)
        graph.setdefault(i.imported, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in graph[node]:
            if edge.imported not in index:
                visit(edge.imported)
                low[node] = min(low[node], low[edge.imported])
            elif edge.imported in on_stack:
                low[node] = min(low[node], index[edge.imported])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    problems = []
    for group in groups:
        members = set(group)
        edges = [
            f"    {i.where}: {i.importer} imports {i.imported}"
            for i in imports
            if i.importer in members and i.imported in members
        ]
        problems.append("import circle: " + " <-> ".join(group) + "\n" + "\n".join(edges))
    return problems


# -- the rules -------------------------------------------------------------------------------------


def test_no_module_of_the_app_imports_in_a_circle():
    found = circles(all_imports())
    assert not found, "\n\n".join(found)


def test_imports_only_go_down_the_layers():
    found = climbing(all_imports())
    assert not found, "\n".join(found)


def test_every_module_has_a_layer():
    unplaced = []
    for name in app_modules():
        try:
            layer_of(name)
        except AssertionError as exc:
            unplaced.append(str(exc))
    assert not unplaced, "\n".join(unplaced)


def test_selection_imports_nothing_of_django():
    modules = app_modules()
    found = []
    for name, path in modules.items():
        if not name.startswith("upsell_app.selection"):
            continue
        for node in _import_nodes(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""] * (node.level == 0)
            )
            found += [
                f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name} imports {n}: "
                "selection stays pure (plain dataclasses, no Django)"
                for n in names
                if n == "django" or n.startswith("django.")
            ]
    assert not found, "\n".join(found)


# -- the checker catches what it must (so the rules above cannot pass by reading nothing) ----------


def _fake(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    modules = {}
    for name, text in files.items():
        path = tmp_path.joinpath(*name.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        modules[name] = path
    return modules


def _imports_in(tmp_path: Path, files: dict[str, str]) -> list[Import]:
    return all_imports(_fake(tmp_path, files), root=tmp_path)


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    imports = _imports_in(
        tmp_path,
        {
            "upsell_app.serving.a": "from . import b\n",
            "upsell_app.serving.b": "def f():\n    from .a import x\n",
        },
    )
    assert circles(imports) and "upsell_app.serving.a <-> upsell_app.serving.b" in circles(
        imports
    )[0]


def test_an_import_under_type_checking_is_no_circle(tmp_path):
    imports = _imports_in(
        tmp_path,
        {
            "upsell_app.serving.a": "from . import b\n",
            "upsell_app.serving.b": "if TYPE_CHECKING:\n    from .a import x\n",
        },
    )
    assert circles(imports) == []


def test_an_import_climbing_from_serving_to_the_api_is_named_with_its_line(tmp_path):
    imports = _imports_in(
        tmp_path,
        {
            "upsell_app.serving.a": '"""doc"""\n\nfrom ..api.views import v\n',
            "upsell_app.api.views": "v = 1\n",
        },
    )
    assert climbing(imports) == [
        "upsell_app/serving/a.py:3: upsell_app.serving.a (serving) imports "
        "upsell_app.api.views (edges): imports go down only, and edges sits above serving"
    ]
