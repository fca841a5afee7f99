"""Settings of the sample django-oscar shop (``make demo-oscar``, http://127.0.0.1:8001).

A stock oscar 4.2 configuration (after oscar's own sandbox) plus the lines django-upsell needs,
marked below. Embedded defaults (SQLite, in-process cache and tasks) unless the environment names
real services: ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (cache), ``CELERY_BROKER_URL``.
"""

import os
from pathlib import Path

import dj_database_url
from oscar.defaults import *  # noqa: F403 - oscar's documented way to take its defaults

BASE_DIR = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "oscar-demo-only-insecure-key-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # django-upsell
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "parler",  # offer texts per language (upsell_app needs it)
    "upsell_app",
    "upsell_app.contrib.oscar",
    # the sample shop's own bits (catalogue loader command)
    "oscar_demo",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages whose pop-up was decided in the page (the default) are private, never shared.
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    # django-upsell: lets receivers of oscar's model signals see the shopper's request
    "upsell_app.contrib.oscar.middleware.CurrentRequestMiddleware",
]

AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)

ROOT_URLCONF = "oscar_demo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The shop's overrides (oscar's stock templates plus the pop-up) come first.
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
            ]
        },
    }
]
WSGI_APPLICATION = "oscar_demo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'oscar_demo.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "oscar_demo"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# oscar lists its catalogue through haystack: a Whoosh index on disk, kept current on every product
# save. OSCAR_DEMO_SEARCH=simple (the tests) reads the database instead and keeps no index.
if os.environ.get("OSCAR_DEMO_SEARCH") == "simple":
    HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
    HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
            "PATH": os.environ.get(
                "OSCAR_DEMO_SEARCH_INDEX", str(BASE_DIR / "artifacts" / "oscar_whoosh")
            ),
        }
    }

LANGUAGE_CODE = os.environ.get("DEMO_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("ja", "日本語")]
# Offer texts per language (django-parler), as in the demo shop; parler's per-object cache off so
# saving an offer never depends on the cache being up.
PARLER_ENABLE_CACHING = False
PARLER_LANGUAGES = {
    SITE_ID: tuple({"code": code} for code, _name in LANGUAGES),  # parler keys by site
    "default": {"fallbacks": [LANGUAGE_CODE], "hide_untranslated": False},
}
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "artifacts" / "oscar_media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True

# --- oscar -------------------------------------------------------------------------------------
OSCAR_SHOP_NAME = "Oscar × django-upsell"
OSCAR_SHOP_TAGLINE = "sample shop"
OSCAR_DEFAULT_CURRENCY = "JPY"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Cancelled": (),
    "Complete": (),
}

# --- django-upsell -----------------------------------------------------------------------------
UPSELL_PRODUCT_MODEL = "catalogue.Product"
UPSELL = {
    "CART_ADAPTER": "upsell_app.contrib.oscar.adapters.OscarCartAdapter",
    "CATALOG_ADAPTER": "upsell_app.contrib.oscar.adapters.OscarCatalogAdapter",
    # One click after purchase: the thank-you offer joins the order just placed.
    "ORDER_ADAPTER": "upsell_app.contrib.oscar.adapters.OscarOrderAdapter",
    "CURRENCY_SYMBOL": "¥",
}
