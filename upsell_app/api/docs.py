"""The API's documentation pages, served entirely from the shop's own static files.

Swagger UI and ReDoc come from ``drf-spectacular-sidecar`` whatever the shop's
``SPECTACULAR_SETTINGS`` say: a docs page that fetches its scripts from a CDN is blank offline,
behind a strict firewall or under a Content-Security-Policy, and tells a third party who reads it.
"""

from __future__ import annotations

import json
from typing import Any

from django.templatetags.static import static
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.request import Request
from rest_framework.response import Response

#: Where the sidecar's files live under STATIC_URL.
SIDECAR = "drf_spectacular_sidecar"
#: The docs pages may load nothing from another host, whatever their scripts would like to
#: (ReDoc's sidebar shows a logo from its vendor's CDN). Inline script and style: the templates'.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "frame-ancestors 'self'",
    )
)


def sidecar_url(path: str) -> str:
    return static(f"{SIDECAR}/{path}")


class SchemaView(SpectacularAPIView):
    """The OpenAPI document; not an operation of the shopper API, so not described in itself."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SwaggerDocsView(SpectacularSwaggerView):
    url_name = "upsell:schema"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return sidecar_url(f"swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return sidecar_url("swagger-ui-dist/favicon-32x32.png")

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        settings = spectacular_settings.SWAGGER_UI_SETTINGS
        if not isinstance(settings, str):
            # Swagger UI's default validator badge is an image from validator.swagger.io.
            settings = json.dumps({**(settings or {}), "validatorUrl": None}, indent=2)
        response.data["settings"] = settings
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class RedocDocsView(SpectacularRedocView):
    url_name = "upsell:schema"
    # drf-spectacular's own template links Google Fonts; ours does not.
    template_name = "upsell_app/api/redoc.html"

    @staticmethod
    def _redoc_standalone() -> str:
        return sidecar_url("redoc/bundles/redoc.standalone.js")

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
