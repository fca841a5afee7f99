"""django-upsell for django-oscar shops, out of the box.

Add ``"upsell_app.contrib.oscar"`` to ``INSTALLED_APPS`` (after oscar's apps), its middleware after
oscar's ``BasketMiddleware``, and name its adapters in ``UPSELL``. Then:

- the pop-up reads and changes oscar's ``Basket`` through oscar's own methods (:mod:`.cart`) and
  prices products through the request's strategy, tax included as the shop configures it
  (:mod:`.catalogue`);
- oscar's own signals become the app's moments (:mod:`.receivers`): nothing is sent by hand;
- agreed prices and set discounts reach oscar's totals through two site offers with a custom
  condition and benefit (:mod:`.conditions`, :mod:`.benefits`), created by this app's migration, so
  they show in oscar's basket summary and land in the placed order's discounts;
- a subscription plan is written to the order line as a line attribute (:mod:`.orders`);
- past orders feed "customers who bought this also bought" (:mod:`.history`).
"""
