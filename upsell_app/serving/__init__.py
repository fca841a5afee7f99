"""The serving path: from a shop's page or request to the offer a shopper sees.

Owns the moments a pop-up may open (:mod:`.moments`), the decision's I/O around the pure
:mod:`upsell_app.selection` (:mod:`.decision_service`, :mod:`.decision_store`), the shopper's
short memory (:mod:`.shopper_state`), the cached offer index (:mod:`.offer_index`), the cart as
the decision sees it (:mod:`.cart_snapshots`), the A/B arm a shopper is in (:mod:`.assignment`,
:mod:`.shoppers`), the pop-up's wording and money display (:mod:`.presentation`), offers rendered
inside a page (:mod:`.inline_offers`), the per-shopper offers budget both spend
(:mod:`.throttles`) and what the app does when Redis or the database is away (:mod:`.outages`,
:mod:`.outage_checks`).

May import: ``selection``, ``conf``, ``signals``, ``offers``, ``models``, the shop's doors
(``adapters``, ``cart_lock``, :mod:`upsell_app.shop`), ``associations`` and the recording half of
``analytics``. Never the accepting path, the API, the admin or the analytics dashboard.
"""
