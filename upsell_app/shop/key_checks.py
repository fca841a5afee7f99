"""System checks on the shop's product keys: a key type the app can hold, and tables that were
migrated for the product model the settings name now.

``upsell_app.E070``: the product model's primary key is of a type the app cannot store.
``upsell_app.E071``: ``UPSELL_PRODUCT_MODEL`` changed after the app's tables were made for another
model (a database check: ``manage.py check --database default``, and ``migrate``, run it);
``manage.py upsell_change_product_model`` moves the app's data over.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections

from ..conf import product_model_label
from ..models.product_keys import MAX_KEY_LENGTH, product_pk_field, unsupported_key_reason


def _product_model() -> type | None:
    try:
        return apps.get_model(product_model_label())
    except (LookupError, ValueError):
        return None  # upsell_app.E003 / E004 say so


def key_type_errors(model: type | None) -> list[Error]:
    """E070 for a product model whose key the app's tables and API cannot hold."""
    field = product_pk_field(model) if model is not None else None
    reason = unsupported_key_reason(field)
    if not reason:
        return []
    return [
        Error(
            f"UPSELL_PRODUCT_MODEL = {model._meta.label!r} is keyed by "  # type: ignore[union-attr]
            f"{type(field).__name__} {field.name!r}: {reason}.",
            hint="Key the product model by an integer, a UUID or a CharField of at most "
            f"{MAX_KEY_LENGTH} characters, or name a model that is (e.g. the variants the cart "
            "holds).",
            id="upsell_app.E070",
        )
    ]


@register(Tags.compatibility)
def check_product_key_type(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return key_type_errors(_product_model())


def product_links() -> list[tuple[Any, str]]:
    """``(through model, column)`` of every app table that links to the product model."""
    from ..models import Offer, OfferVariant

    found = []
    for model, name in ((Offer, "source_products"), (Offer, "target_products")):
        found.append((model._meta.get_field(name).remote_field.through, ""))
    found.append((OfferVariant._meta.get_field("target_products").remote_field.through, ""))
    return [(through, _other_column(through)) for through, _ in found]


def _other_column(through: Any) -> str:
    """The through table's column for the product side, as the current model names it."""
    owner = {"offer", "offervariant"}
    for field in through._meta.local_fields:
        if field.is_relation and field.related_model._meta.model_name not in owner:
            return field.column
    return ""


def linked_table(through: Any, alias: str = "default") -> str | None:
    """The table the database's product column of ``through`` points at (None: unknown)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, through._meta.db_table)
    owners = {"upsell_app_offer", "upsell_app_offervariant"}
    for info in constraints.values():
        target = info.get("foreign_key")
        if target and target[0] not in owners:
            return target[0]
    return None


def moved_errors(alias: str = "default") -> list[Error]:
    """E071 when the app's product links point at another table than the product model's."""
    model = _product_model()
    if model is None:
        return []
    try:
        through = product_links()[0][0]
        old = linked_table(through, alias)
    except DatabaseError:
        return []  # not migrated yet: migrate makes the tables for this model
    if old is None or old == model._meta.db_table:
        return []
    from ..models import PurchaseLine

    return [
        Error(
            f"The app's tables were made for the product table {old!r}, but "
            f"UPSELL_PRODUCT_MODEL = {model._meta.label!r} ({model._meta.db_table!r}); "
            f"{PurchaseLine.objects.using(alias).count()} purchase lines and the offers' product "
            "choices refer to the old products.",
            hint="Run `manage.py upsell_change_product_model` (a dry run that says what it keeps, "
            "re-maps and drops), then again with --apply. docs/product-keys.md explains it.",
            id="upsell_app.E071",
        )
    ]


@register(Tags.database)
def check_product_model_unchanged(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[Error]:
    return [error for alias in databases or () for error in moved_errors(alias)]
