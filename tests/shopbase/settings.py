"""The Django project a test shop runs as (its own, not the demo shop's), but for what the shop
names itself and what it added for django-upsell, which its own ``settings.py`` says.

A shop's settings take these with ``from tests.shopbase.settings import *`` and add its secret,
URLs, services (:func:`services`), apps and middleware. Services come from the same environment
variables as the demo (``DATABASE_URL``, ``REDIS_URL``, ``CACHE_KEY_PREFIX``); the database name
and the cache prefix get the shop's name as a suffix, so the shops' test databases and caches
never meet when one test run starts another.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

__all__ = [
    "ALLOWED_HOSTS",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "DEBUG",
    "DEFAULT_AUTO_FIELD",
    "LANGUAGES",
    "LANGUAGE_CODE",
    "PARLER_ENABLE_CACHING",
    "PARLER_LANGUAGES",
    "REDIS_URL",
    "REST_FRAMEWORK",
    "SESSION_ENGINE",
    "STATIC_URL",
    "TEMPLATES",
    "TIME_ZONE",
    "USE_I18N",
    "USE_TZ",
]

#: Django's own apps every shop runs; a shop lists them first in its ``INSTALLED_APPS``.
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
#: Django's middleware after the sessions' (which a shop lists first, then the app's own).
MIDDLEWARE_AFTER_SESSIONS = [
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
REDIS_URL = os.environ.get("REDIS_URL", "")
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
PARLER_ENABLE_CACHING = False
PARLER_LANGUAGES = {
    None: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": [LANGUAGE_CODE], "hide_untranslated": False},
}
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""


def services(shop: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``DATABASES`` and ``CACHES`` for the test shop ``shop``: this run's, under its own name."""
    database = dj_database_url.config(default="sqlite:///:memory:")
    if database["ENGINE"].endswith("postgresql"):
        database["NAME"] += f"_{shop}"
    cache = (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "") + f"-{shop}",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    return {"default": database}, {"default": cache}
