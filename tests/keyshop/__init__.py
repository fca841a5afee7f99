"""Kumo Tea: a shop keyed unlike the other two, installed through README's steps, no model change.

Its products are keyed by UUID and its cart holds *variants* keyed by a string code (``sku``), the
two shapes of key Django shops use besides integers. It runs twice, each in its own process (the
product model is fixed when the app's models load):

- ``tests.keyshop.settings``: ``UPSELL_PRODUCT_MODEL = "keyshop.Product"`` (UUID keys; the cart's
  variants are reported as their product);
- ``tests.keyshop.settings_variants``: ``UPSELL_PRODUCT_MODEL = "keyshop.Variant"`` (string keys:
  offers name the very variants the cart holds).

Its whole integration is ``upsell_adapter.py`` (under 80 lines, counted by a test), the app's
signals in its views and the ``adjustments`` call where it totals a cart or places an order.
``tests/test_keyshop.py`` runs both inside every test run.
"""
