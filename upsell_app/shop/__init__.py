"""The shop's doors: how the app reads a shop it does not know.

The contracts a shop implements live in :mod:`upsell_app.adapters` (public, named in settings);
here is what the app builds on them: reading the catalogue (:mod:`.catalogue`), inspecting a
catalogue model (:mod:`.catalog_inspection`), what a shop's adapter can do
(:mod:`.capabilities`), the checks that an integration is complete (:mod:`.integration_checks`)
and the Django system checks for the app's settings (:mod:`.checks`).

May import ``adapters``, ``cart_lock``, ``conf``, ``models``, ``offers`` and ``selection``; nothing
of the serving, accepting, learning or measuring paths.
"""
