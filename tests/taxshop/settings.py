"""Chaya Tea' settings: its own project, not the demo shop's.

Services come from the same environment variables as the demo (``DATABASE_URL``, ``REDIS_URL``,
``CACHE_KEY_PREFIX``); the database name gets an ``_taxshop`` suffix so the shops' test
databases never meet when one test run starts the other.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "taxshop-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "parler",  # offer texts per language (upsell_app needs it)
    "upsell_app",
    "tests.taxshop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages whose pop-up was decided in the page (the default) are private, never shared.
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.taxshop.urls"
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

DATABASES = {"default": dj_database_url.config(default="sqlite:///:memory:")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["NAME"] += "_taxshop"
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "") + "-taxshop",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
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

# --- django-upsell: everything this shop had to add --------------------------------------------
UPSELL_PRODUCT_MODEL = "taxshop.Item"
UPSELL = {
    "CART_ADAPTER": "tests.taxshop.upsell_adapter.BasketAdapter",
    "CATALOG_ADAPTER": "tests.taxshop.upsell_adapter.ItemCatalog",
    "EVENTS_ASYNC": False,
    # Prices are stored without tax; each line's tax is rounded down; the pop-up labels its
    # prices as every other price on the shop's pages is labelled.
    "PRICES_INCLUDE_TAX": False,
    "TAX_ROUNDING": "floor",
    "TAX_LABEL": "税込",
}
