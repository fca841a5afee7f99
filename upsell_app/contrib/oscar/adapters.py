"""The adapters an oscar shop names in ``UPSELL`` (one import path for all)."""

from .cart import OscarCartAdapter
from .catalogue import OscarCatalogAdapter
from .post_purchase import OscarOrderAdapter

__all__ = ["OscarCartAdapter", "OscarCatalogAdapter", "OscarOrderAdapter"]
