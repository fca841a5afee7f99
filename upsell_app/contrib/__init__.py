"""Integrations with shop frameworks, one package each (like ``django.contrib``).

The core app never imports them; a shop names the one it uses in ``INSTALLED_APPS``.
"""
