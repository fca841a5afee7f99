"""What a catalogue adapter reads from a product, compared with what the product model has.

A catalogue adapter that names a field the model lacks fails only when a shopper's offers request
reads a product, and the shopper silently sees no pop-up. ``manage.py check`` finds it earlier:
the field names of :class:`~upsell_app.adapters.ModelCatalogAdapter` are looked up on the model, and
the shop's own ``get_*`` overrides are read (their source, never run) for ``obj.<name>`` and
``getattr(obj, "<name>")``.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass

#: (field attribute, the method that reads it, whether the method tolerates a missing attribute)
FIELD_READERS = (
    ("title_field", "get_title", False),
    ("price_field", "get_price", False),
    ("stock_field", "get_stock", False),
    ("image_field", "get_image_url", True),
)
#: Methods that receive one product object as their first argument.
PRODUCT_METHODS = (
    "get_title",
    "get_price",
    "get_stock",
    "get_image_url",
    "get_url",
    "get_categories",
    "get_cost",
    "to_info",
)


@dataclass(frozen=True, slots=True)
class MissingRead:
    """The adapter reads ``name`` from a product, and the model has no such field or attribute."""

    adapter: str
    source: str  # "price_field = 'price'" or "get_title()"
    name: str
    tolerated: bool  # the adapter falls back (no image), rather than failing the request


def model_has(model: type, name: str) -> bool:
    """A concrete or related field, its ``attname`` (``category_id``), a property or a method."""
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a model without _meta
        return hasattr(model, name)
    return True


def attributes_read(function: object) -> set[str]:
    """Names a method reads from its product argument, found in its source.

    Only direct reads count (``obj.category`` of ``obj.category.slug``). A 3-argument
    ``getattr(obj, name, default)`` has a fallback and is not a read that can fail.
    """
    try:
        source = textwrap.dedent(inspect.getsource(function))  # type: ignore[arg-type]
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return set()  # built without source (C, exec): nothing to read
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or len(node.args.args) < 2:
        return set()
    product = node.args.args[1].arg
    found: set[str] = set()
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Load)
            and isinstance(sub.value, ast.Name)
            and sub.value.id == product
        ):
            found.add(sub.attr)
        elif (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Name)
            and sub.func.id == "getattr"
            and len(sub.args) == 2
            and isinstance(sub.args[0], ast.Name)
            and sub.args[0].id == product
            and isinstance(sub.args[1], ast.Constant)
            and isinstance(sub.args[1].value, str)
        ):
            found.add(sub.args[1].value)
    return found


def annotated_names(adapter_class: type) -> set[str]:
    """Attributes the adapter's own queryset adds (``.annotate(stock_total=...)``)."""
    names: set[str] = set()
    for klass in adapter_class.__mro__:
        function = klass.__dict__.get("get_queryset")
        if function is None:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        except (OSError, TypeError, SyntaxError):
            continue
        for sub in ast.walk(tree):
            if (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Attribute)
                and sub.func.attr in ("annotate", "alias", "extra")
            ):
                names.update(k.arg for k in sub.keywords if k.arg)
                if sub.func.attr == "extra":
                    names.update(_extra_select_keys(sub))
    return names


def _extra_select_keys(call: ast.Call) -> set[str]:
    for keyword in call.keywords:
        if keyword.arg == "select" and isinstance(keyword.value, ast.Dict):
            return {
                k.value for k in keyword.value.keys if isinstance(k, ast.Constant) and k.value
            }
    return set()


def missing_reads(adapter_class: type, model: type) -> list[MissingRead]:
    """Everything ``adapter_class`` would read from a product of ``model`` that is not there."""
    from ..adapters import ModelCatalogAdapter

    name = adapter_class.__name__
    problems: list[MissingRead] = []
    for attribute, method, tolerated in FIELD_READERS:
        field = getattr(adapter_class, attribute, None)
        overridden = getattr(adapter_class, method) is not getattr(ModelCatalogAdapter, method)
        if field and not overridden and not model_has(model, field):
            problems.append(MissingRead(name, f"{attribute} = {field!r}", field, tolerated))
    extra = annotated_names(adapter_class)
    for method in PRODUCT_METHODS:
        function = getattr(adapter_class, method, None)
        if function is None or function is getattr(ModelCatalogAdapter, method, None):
            continue
        for read in sorted(attributes_read(function) - extra):
            if not model_has(model, read):
                problems.append(MissingRead(name, f"{method}()", read, False))
    return problems
