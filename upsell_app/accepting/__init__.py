"""The accepting path: a shopper says yes (or undoes it) and the cart changes.

Owns the accept/decline transaction (:mod:`.acceptance`: lock, re-check, price on the server,
apply through the cart adapter, record), consent to a subscription's terms (:mod:`.consent`) and
undoing an acceptance (:mod:`.undo`). What the app keeps for a cart after an acceptance lives in
:mod:`upsell_app.adjustments` (public: shops read it when they total a cart) and the cart lock in
:mod:`upsell_app.cart_lock` (public: a shop's adapter may use it).

May import everything below it: the serving path, analytics recording, associations, the shop's
doors, models, offers, conf, selection. Never the API, the admin or the template tags.
"""
