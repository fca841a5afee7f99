"""OpenAPI extensions: how drf-spectacular should describe the API's own classes."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
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
