"""Settings of the demo shop.

Embedded defaults (SQLite, in-process cache and tasks) unless the environment names real services:
``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (cache) and ``CELERY_BROKER_URL`` (Celery worker).

``DEMO_MODE=production`` runs the shop as production does (``make demo-prod``): ``DEBUG`` off, a
secret key from the environment, HTTPS only with HSTS and secure cookies, hashed and compressed
static files served by whitenoise. ``manage.py check --deploy`` is clean in that mode.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
INSECURE_DEMO_KEY = "demo-only-insecure-key-change-me"

DEMO_MODE = os.environ.get("DEMO_MODE", "development")
if DEMO_MODE not in ("development", "production"):
    raise ImproperlyConfigured(
        f'DEMO_MODE must be "development" or "production", not {DEMO_MODE!r}.'
    )
PRODUCTION = DEMO_MODE == "production"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "" if PRODUCTION else INSECURE_DEMO_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == INSECURE_DEMO_KEY):
    raise ImproperlyConfigured(
        "DEMO_MODE=production needs DJANGO_SECRET_KEY: 50 or more random characters "
        "(`make demo-prod` creates one in artifacts/secret-key)."
    )
DEBUG = not PRODUCTION and os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
    "shop_demo.shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself (the widget's script and CSS, the admin's assets).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page or offers request that loses its database connection midway runs once more.
    "upsell_app.middleware.RetryReadOnDroppedConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages whose pop-up was decided in the page (the default) are private, never shared.
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shop_demo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop_demo.shop.context_processors.cart",
            ]
        },
    }
]
WSGI_APPLICATION = "shop_demo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A persistent connection the server dropped (restart, fail-over, idle kill) is
        # noticed before a request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a concurrent writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES = {
        "default": {
            # django-redis keeps one client per process (Django's own backend builds a new
            # client object for every call, which shows on the offers hot path).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "shop_demo"),
            # A Redis that is down or hung costs a request a fraction of a second, not a hang:
            # the app then answers "no offer" and keeps accepting on the database. Errors are
            # not ignored here: the app must tell an outage from a new shopper (upsell_app.W030).
            # One immediate retry takes a fresh connection after Redis restarted.
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 1)},
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions (and with them the cart, logins, orders just placed) live in the database: the shop
# keeps selling when Redis is down, and no session comes back stale from a cache afterwards.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = os.environ.get("DEMO_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("ja", "日本語")]
# Offer texts per language (django-parler): a tab per shop language in the offer admin; a text
# missing in the shopper's language falls back to the default language's.
# The pop-up reads offer texts from the app's own offer index; parler's per-object cache would
# only make saving an offer in the admin depend on the cache (Redis) being up.
PARLER_ENABLE_CACHING = False
PARLER_LANGUAGES = {
    None: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": [LANGUAGE_CODE], "hide_untranslated": False},
}
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Development serves files straight from the apps (no collectstatic); production serves the
# collected, hashed and compressed copies, cached for a year by the browser.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # HTTPS only. `make demo-prod` serves TLS from gunicorn; behind a proxy that terminates TLS
    # set DJANGO_TLS_PROXY=1 so the proxy's X-Forwarded-Proto header is trusted.
    if os.environ.get("DJANGO_TLS_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers ignore HSTS for IP addresses and over a certificate they do not trust, so the
    # demo's self-signed 127.0.0.1 is safe; on a real domain these are a year-long promise.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    X_FRAME_OPTIONS = "DENY"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "django-upsell API",
    "DESCRIPTION": "Cart-time offers: list for a moment, accept, decline.",
    "VERSION": "0.1.0",
}

# Celery: a real broker when configured, otherwise tasks run in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker and beat outlive a broker outage: they reconnect by themselves however long it lasts
# (Celery's default gives up after 100 tries, about 45 minutes) and also when they start first.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task left unacknowledged by a worker that died whole comes back after visibility_timeout
# seconds (Redis broker; its default is an hour). Longer than any task's countdown (event flush:
# ~1 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "visibility_timeout": 300}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Without it a worker holding unacknowledged messages dies when Redis goes away (a kombu bug).
    CELERY_BROKER_TRANSPORT = "upsell_app.broker:RedisTransport"
# A pool process killed mid-task (kill -9, out of memory): requeue its task, never acknowledge it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks the worker itself queues (one per follow-up mail) go to this queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Run with a worker's embedded beat (`celery -A shop_demo worker -B`, as `make demo` does).
CELERY_BEAT_SCHEDULE = {
    # Safety net: each burst of events schedules its own flush; this catches a lost one.
    "upsell-flush-events": {"task": "upsell_app.analytics.flush_events", "schedule": 60},
    "upsell-associations-incremental": {
        "task": "upsell_app.tasks.refresh_associations_incremental",
        "schedule": 15 * 60,
    },
    # Follow-up mails due now (each sent by a task of its own; none in quiet hours).
    "upsell-follow-up-mail": {"task": "upsell_app.followup.queue_due", "schedule": 15 * 60},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Warnings of every library reach the server's log (the app's outage reports among them).
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- django-upsell -------------------------------------------------------------------------------
UPSELL_PRODUCT_MODEL = "shop.Product"
UPSELL = {
    "CART_ADAPTER": "shop_demo.shop.upsell_adapter.ShopCartAdapter",
    "CATALOG_ADAPTER": "shop_demo.shop.upsell_adapter.ShopCatalogAdapter",
    # One click after purchase: the thank-you offer joins the order just placed.
    "ORDER_ADAPTER": "shop_demo.shop.upsell_adapter.ShopOrderAdapter",
    "CURRENCY_SYMBOL": "¥",
    # Every cart change in this shop sends an upsell signal, so the offers request may use the
    # cart snapshot it cached at the last change instead of reading the cart again.
    "CART_SNAPSHOT_SECONDS": 600,
    # The app's shop-wide holdout (5 % of shoppers never see an offer); a test server whose
    # every shopper must see offers sets UPSELL_HOLDOUT_SHARE=0.
    "HOLDOUT_SHARE": float(os.environ.get("UPSELL_HOLDOUT_SHARE", "0.05")),
    # Follow-up mail (docs/follow-up-mail.md): who sends it and where its links lead.
    "FOLLOW_UP_SITE_URL": os.environ.get("DEMO_SITE_URL", "http://127.0.0.1:8000"),
    "FOLLOW_UP_SENDER_NAME": "Demo Coffee Shop",
    "FOLLOW_UP_FROM_EMAIL": "offers@shop.example",
    "FOLLOW_UP_SENDER_ADDRESS": "1-1 Demo-cho, Chiyoda-ku, Tokyo 100-0001",
    # "start,end" hours in TIME_ZONE (the follow-up tests move them away from the hour they run)
    "FOLLOW_UP_QUIET_HOURS": tuple(
        int(hour) for hour in os.environ.get("DEMO_QUIET_HOURS", "21,9").split(",")
    ),
}

# Mail: the demo prints follow-ups on the console; EMAIL_BACKEND=smtp with EMAIL_HOST/EMAIL_PORT
# sends them to a local mail catcher (the follow-up tests start an SMTP server this way).
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[os.environ.get("EMAIL_BACKEND", "console")]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = "shop@shop.example"
