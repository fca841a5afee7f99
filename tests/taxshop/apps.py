from django.apps import AppConfig


class TaxshopConfig(AppConfig):
    name = "tests.taxshop"
    label = "taxshop"
    verbose_name = "Chaya Tea"
    default_auto_field = "django.db.models.BigAutoField"
