"""What the test shops (``tests/othershop``, ``tests/cookieshop``, ``tests/keyshop``,
``tests/taxshop``) share.

Each shop is a Django project of its own, run in a process of its own (the app's models fix
``UPSELL_PRODUCT_MODEL`` when they load). What makes each one that shop stays in its folder: its
models, views, adapter, the offers its store admin set up and its tests. What is the same for
all of them lives here:

- ``settings``: the project every shop runs as, with README's install steps;
- ``offers``: an offer set up as a store admin would in the admin;
- ``integration``: the checks that a shop's integration stays small and clean, and the runner
  that starts a shop's suite from the main run;
- ``browser``: a shopper's steps around the pop-up that every shop's browser tests take.

Nothing here imports a shop; a shop imports what it needs.
"""
