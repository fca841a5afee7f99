"""OpenAPI extensions: how drf-spectacular should describe the API's own classes."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema


class ShopperSessionScheme(SessionScheme):
    """The shopper's session cookie (anonymous shoppers included), with CSRF on every POST."""

    target_class = "upsell_app.api.views.ShopperSessionAuthentication"
    name = "shopperSession"


class UpsellAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus: a request body that refuses unknown fields says so.

    A serializer marked ``refuses_unknown_fields = True`` answers 400 ``unknown_field`` to any
    field it does not name (a price, above all), so its schema is ``additionalProperties: false``.
    """

    def _map_serializer(self, serializer, direction, bypass_extensions=False):  # noqa: ANN001, ANN202
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and getattr(serializer, "refuses_unknown_fields", False):
            schema["additionalProperties"] = False
        return schema


class ProductKeySchema(OpenApiSerializerFieldExtension):
    """A product key is described as the shop's product model keys its products: an integer, a
    UUID or a string of bounded length (read when the schema is built, after the apps are ready)."""

    target_class = "upsell_app.api.serializers.ProductKeyField"

    def map_serializer_field(self, auto_schema, direction):  # noqa: ANN001, ANN201
        return product_key_schema()


def product_key_schema() -> dict:
    """The JSON schema of a product key in this shop."""
    from ..models.product_keys import MAX_KEY_LENGTH, key_kind, product_pk_field
    from .errors import MAX_ID

    field = product_pk_field()
    kind = key_kind(field)
    if kind == "uuid":
        return {"type": "string", "format": "uuid"}
    if kind == "text":
        return {"type": "string", "minLength": 1, "maxLength": field.max_length or MAX_KEY_LENGTH}
    return {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
