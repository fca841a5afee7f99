"""Kept for shops that import offer validation from here; the code lives in
:mod:`upsell_app.offers.validation`."""

from .offers.validation import validate_offer_fields, validate_offer_products

__all__ = ["validate_offer_fields", "validate_offer_products"]
