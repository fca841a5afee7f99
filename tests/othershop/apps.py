from django.apps import AppConfig


class OthershopConfig(AppConfig):
    name = "tests.othershop"
    label = "othershop"
    verbose_name = "Tanuki Goods"
    default_auto_field = "django.db.models.BigAutoField"
