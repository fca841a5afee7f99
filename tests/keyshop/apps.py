from django.apps import AppConfig


class KeyshopConfig(AppConfig):
    name = "tests.keyshop"
    label = "keyshop"
    verbose_name = "Kumo Tea"
    default_auto_field = "django.db.models.BigAutoField"
