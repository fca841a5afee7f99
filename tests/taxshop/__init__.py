"""Chaya Tea: a tea shop that stores prices without consumption tax and shows them with it.

Its ``Item`` is priced in whole yen *without* tax (``yen``), food (tea, sweets) at the reduced
8 % and goods (pots, cups) at 10 %; each line's tax is rounded down (切り捨て), and every price
its pages show includes tax, labelled 税込 (総額表示). Its orders keep amounts in
``DecimalField`` columns, so a fraction of a yen would show. Installed through README's steps with
no model change: its whole integration is ``upsell_adapter.py`` (under 80 lines, counted by a
test), the app's signals in its views and one ``adjustments`` call where it totals a basket or
places a purchase.

It runs in its own process with its own settings (``tests.taxshop.settings``): the product model
is fixed when the app's models load. ``tests/test_taxshop.py`` runs it inside every test run.
"""
