"""Kitsune Sweets' settings: its own project, not the demo shop's.

What every test shop's project shares (Django's apps, templates, languages, and services from
``DATABASE_URL``, ``REDIS_URL`` and ``CACHE_KEY_PREFIX`` under the shop's own name) is in
``tests/shopbase/settings.py``; what this shop added for django-upsell is all here.
"""

from tests.shopbase import settings as project
from tests.shopbase.settings import *  # noqa: F403

SECRET_KEY = "cookieshop-tests-only"
ROOT_URLCONF = "tests.cookieshop.urls"
DATABASES, CACHES = project.services("cookieshop")

INSTALLED_APPS = [
    *project.DJANGO_APPS,
    "rest_framework",  # upsell
    "drf_spectacular",  # upsell
    "drf_spectacular_sidecar",  # upsell
    "parler",  # upsell: offer texts per language
    "upsell_app",  # upsell
    "tests.cookieshop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # upsell: pages whose pop-up was decided in the page (the default) are private, never shared.
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
    *project.MIDDLEWARE_AFTER_SESSIONS,
]

# --- django-upsell: the settings this shop had to add --------------------------------------------
UPSELL_PRODUCT_MODEL = "cookieshop.Sweet"
UPSELL = {
    "CART_ADAPTER": "tests.cookieshop.upsell_adapter.CookieCartAdapter",
    "CATALOG_ADAPTER": "tests.cookieshop.upsell_adapter.SweetCatalog",
    "EVENTS_ASYNC": False,
}
