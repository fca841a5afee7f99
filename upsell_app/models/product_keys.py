"""One representation of a product key, whatever the shop keys its products by.

A shop's product model may be keyed by an integer, a string code or a UUID. Inside the app a product
key is always the value the product model's own primary key gives (``product.pk``): an ``int`` in
an integer-keyed shop, a ``str`` or a ``uuid.UUID`` elsewhere. So an integer shop sees exactly the
values it always did, and comparing a cart line's product with an offer's products never needs a
conversion. Keys cross the app's edges (a query parameter, JSON in the cart's memory, a column)
as text and come back through :func:`to_key`, the primary-key field's own ``to_python``.

The app's own tables store keys in :class:`ProductKeyField`, a ``CharField`` that hands back the
key in that same type when read, so a shop may change key type without the app's rows lying about it
(``manage.py upsell_change_product_model`` re-maps or drops them).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from ..conf import product_model_label

#: Wide enough for a 64-bit integer (20 characters), a UUID (36) and the product codes shops use.
MAX_KEY_LENGTH = 64

#: A product key inside the app: the product model's primary-key value.
ProductKey = int | str | uuid.UUID

_INTEGER_FIELDS = (models.IntegerField,)  # AutoField and BigAutoField are IntegerFields
_TEXT_FIELDS = (models.CharField,)  # SlugField is a CharField


def product_pk_field(model: type[models.Model] | None = None) -> models.Field | None:
    """The field whose values key the product model (``None`` while the model is not installed).

    A product model that inherits from another keys its rows by a one-to-one link to the parent:
    the key's type is the parent's primary key's.
    """
    if model is None:
        try:
            model = apps.get_model(product_model_label())
        except (LookupError, ValueError):
            return None
    field = model._meta.pk
    while field is not None and getattr(field, "remote_field", None) is not None:
        field = field.target_field  # type: ignore[union-attr]
    return field


def key_kind(field: models.Field | None) -> str | None:
    """``"integer"``, ``"text"`` or ``"uuid"``; ``None`` for a key type the app cannot store."""
    if field is None:
        return None
    if isinstance(field, models.UUIDField):
        return "uuid"
    if isinstance(field, _INTEGER_FIELDS):
        return "integer"
    if isinstance(field, _TEXT_FIELDS):
        return "text"
    return None


def unsupported_key_reason(field: models.Field | None) -> str:
    """Why the app cannot hold this model's keys, or ``""`` when it can."""
    if field is None:
        return ""
    if key_kind(field) is None:
        return f"{type(field).__name__} primary keys are not supported"
    max_length = getattr(field, "max_length", None)
    if key_kind(field) == "text" and (max_length is None or max_length > MAX_KEY_LENGTH):
        return f"a text primary key must be at most {MAX_KEY_LENGTH} characters long"
    return ""


def to_key(value: Any) -> ProductKey:
    """The canonical key for ``value`` (a key, its text, or JSON's number for it).

    Raises ``ValidationError`` for a value the product model could not hold: callers at the app's
    edges answer 400 for it, never 500.
    """
    if value is None or value == "":
        raise ValidationError("A product key is required.", code="required")
    field = product_pk_field()
    if field is None:
        return value
    if isinstance(value, bool):
        raise ValidationError("Not a product key.", code="invalid")
    key = field.to_python(value)
    if isinstance(key, str) and (not key or len(key) > MAX_KEY_LENGTH):
        raise ValidationError("Not a product key.", code="invalid")
    return key


def to_key_or_none(value: Any) -> ProductKey | None:
    """:func:`to_key`, with ``None`` for an empty or invalid value."""
    try:
        return to_key(value)
    except ValidationError:
        return None


def key_to_json(key: Any) -> int | str | None:
    """A key as JSON holds it: integer keys stay numbers (what integer shops always stored)."""
    if key is None or (isinstance(key, int) and not isinstance(key, bool)):
        return key
    return str(key)


def key_text(key: Any) -> str:
    """A key as the app's columns and caches hold it."""
    return str(to_key(key))


class ProductKeyField(models.CharField):
    """A product key stored as text; read back as the product model's key type.

    Lookups take a key of any form (``5``, ``"5"``, a ``UUID``): each is stored and compared as its
    canonical text, so a row written from a query parameter and one written from ``product.pk``
    are the same row.
    """

    description = "A product key (integer, string or UUID, stored as text)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_KEY_LENGTH)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        try:
            return to_key(value)
        except ValidationError:
            # A row written under another product model: shown as stored, never a crash.
            return value

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return to_key(value)
        except ValidationError as error:
            raise ValidationError(error.messages, code="invalid") from error

    def get_prep_value(self, value: Any) -> Any:
        value = super(models.CharField, self).get_prep_value(value)
        if value is None:
            return None
        try:
            return str(to_key(value))
        except ValidationError:
            return str(value)
