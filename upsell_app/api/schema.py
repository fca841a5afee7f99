"""OpenAPI extensions: how drf-spectacular should describe the API's own classes."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme


class ShopperSessionScheme(SessionScheme):
    """The shopper's session cookie (anonymous shoppers included), with CSRF on every POST."""

    target_class = "upsell_app.api.views.ShopperSessionAuthentication"
    name = "shopperSession"
