"""Kept for shops that call ``upsell_app.offer_index.invalidate()`` after changing their
catalogue; the code lives in :mod:`upsell_app.serving.offer_index`."""

from .serving.offer_index import get_offer_index, invalidate

__all__ = ["get_offer_index", "invalidate"]
