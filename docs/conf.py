"""Sphinx configuration of the django-upsell documentation (``make docs``).

The REST API page renders the OpenAPI schema generated from the app itself at build time, so the
reference cannot drift from the code. The build needs neither PostgreSQL nor Redis: the schema is
generated under the demo shop's settings with SQLite and the in-process cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
GENERATED = DOCS / "_generated"

project = "django-upsell"
author = "django-upsell contributors"
copyright = "django-upsell contributors"
release = "0.1.0"

extensions = ["myst_parser", "sphinxcontrib.openapi"]
source_suffix = {".md": "markdown"}
root_doc = "index"
# Colleagues' notes arrive in notes/ and are folded into these pages by hand, not built alone.
exclude_patterns = ["_build", "_generated", "notes/**", "Thumbs.db", ".DS_Store"]

# Links to a section of another page: [text](install.md#cart-styles).
myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]
nitpicky = True
suppress_warnings: list[str] = []

html_theme = "furo"
html_title = "django-upsell"
html_static_path: list[str] = []


def _generate_openapi_schema() -> None:
    """Write the app's OpenAPI schema to _generated/openapi.yaml with the demo shop's settings."""
    GENERATED.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "shop_demo.settings"
    subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--file", str(GENERATED / "openapi.yaml"),
         "--fail-on-warn"],
        cwd=ROOT,
        env=env,
        check=True,
    )


_generate_openapi_schema()
