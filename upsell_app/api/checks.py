"""System checks of what the API's pages need from the shop's settings (ids upsell_app.W9xx)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility)
def check_docs_assets(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    # The docs pages serve Swagger UI and ReDoc from the sidecar's static files, never a CDN.
    if apps.is_installed("drf_spectacular_sidecar"):
        return []
    return [
        Warning(
            "The API docs (/upsell/api/docs/, /upsell/api/redoc/) are blank: their scripts come "
            "from the package drf-spectacular-sidecar, which is not in INSTALLED_APPS.",
            hint='Add "drf_spectacular_sidecar" to INSTALLED_APPS (it is installed with '
            "django-upsell).",
            id="upsell_app.W901",
        )
    ]
