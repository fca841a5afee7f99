"""django-upsell for django-oscar shops, out of the box.

Add ``"upsell_app.contrib.oscar"`` to ``INSTALLED_APPS`` (after oscar's apps), its middleware after
oscar's ``BasketMiddleware``, and name its adapters in ``UPSELL``. Then:

- the pop-up reads and changes oscar's ``Basket`` through oscar's own methods (:mod:`.cart`) and
  prices products through the request's strategy, tax included as the shop configures it
  (:mod:`.catalogue`);
- oscar's own signals become the app's moments (:mod:`.receivers`): nothing is sent by hand;
- agreed prices and set discounts become the basket lines' own prices through the request's
  pricing strategy (:mod:`.strategy`, :mod:`.line_prices`), so the shop's vouchers and site offers
  discount from them, exclusive or not, and the placed order records them as its lines' prices;
  nothing is stored in oscar's offer tables;
- a subscription plan is written to the order line as a line attribute (:mod:`.orders`);
- past orders feed "customers who bought this also bought" (:mod:`.history`).
"""
