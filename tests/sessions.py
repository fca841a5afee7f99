"""The configured session engine's store, as the shop's requests read and write sessions."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings


def SessionStore(session_key: str | None = None) -> Any:  # noqa: N802 - stands in for the class
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
