"""Tanuki Goods: a second shop, written without django-upsell in mind, that installs the app.

Shaped unlike ``shop_demo`` on purpose: an ``Item`` priced in whole yen (``yen``, an integer), a
``Basket`` of ``BasketRow`` rows with no place for a price, a discount or a plan, and
``Purchase``/``PurchaseRow`` orders. It sends no signals of its own; its whole integration is
``upsell_adapter.py`` (at most 60 lines, counted by a test), the app's signals in its views and
one ``adjustments`` call where it totals a basket or places a purchase.

It runs in its own process with its own settings (``tests.othershop.settings``): the product model
is fixed when the app's models load. ``tests/test_othershop.py`` runs it inside every test run.
"""
