"""The two adapters an oscar shop names in ``UPSELL`` (one import path for both)."""

from .cart import OscarCartAdapter
from .catalogue import OscarCatalogAdapter

__all__ = ["OscarCartAdapter", "OscarCatalogAdapter"]
