"""Chaya Tea's settings: its own project, not the demo shop's.

What every test shop's project shares (Django's apps, templates, languages, and services from
``DATABASE_URL``, ``REDIS_URL`` and ``CACHE_KEY_PREFIX`` under the shop's own name) is in
``tests/shopbase/settings.py``; what this shop added for django-upsell is all here.
"""

from tests.shopbase import settings as project
from tests.shopbase.settings import *  # noqa: F403

SECRET_KEY = "taxshop-tests-only"
ROOT_URLCONF = "tests.taxshop.urls"
DATABASES, CACHES = project.services("taxshop")

INSTALLED_APPS = [
    *project.DJANGO_APPS,
    "rest_framework",  # upsell
    "drf_spectacular",  # upsell
    "drf_spectacular_sidecar",  # upsell
    "parler",  # upsell: offer texts per language
    "upsell_app",  # upsell
    "tests.taxshop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # upsell: pages whose pop-up was decided in the page (the default) are private, never shared.
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
    *project.MIDDLEWARE_AFTER_SESSIONS,
]

# --- django-upsell: the settings this shop had to add --------------------------------------------
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
