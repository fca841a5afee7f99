"""Kumo Tea keyed by its variants' string codes: the cart's own rows are the app's products."""

from .settings import *  # noqa: F403
from .settings import CACHES, DATABASES

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["NAME"] += "_variants"
CACHES["default"].setdefault("KEY_PREFIX", "")
CACHES["default"]["KEY_PREFIX"] += "-variants"

UPSELL_PRODUCT_MODEL = "keyshop.Variant"
