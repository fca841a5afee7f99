"""Oscar's own test settings plus exactly what our oscar integration asks a shop to add.

Copied next to oscar's ``tests`` package at run time (``run.py``): ``tests`` here is oscar's.
"""

from tests.settings import *  # noqa: F403  (oscar's own test settings)
from tests.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "parler",
    "upsell_app",
    "upsell_app.contrib.oscar",
]

MIDDLEWARE = list(MIDDLEWARE)
# As the integration says: pages with an embedded offer stay private, and the request is seen
# by the receivers of oscar's model signals (after oscar's BasketMiddleware).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "upsell_app.middleware.PrivateOfferPagesMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("oscar.apps.basket.middleware.BasketMiddleware") + 1,
    "upsell_app.contrib.oscar.middleware.CurrentRequestMiddleware",
)

ROOT_URLCONF = "upsell_peer_urls"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

UPSELL_PRODUCT_MODEL = "catalogue.Product"
UPSELL = {
    "CART_ADAPTER": "upsell_app.contrib.oscar.adapters.OscarCartAdapter",
    "CATALOG_ADAPTER": "upsell_app.contrib.oscar.adapters.OscarCatalogAdapter",
}
