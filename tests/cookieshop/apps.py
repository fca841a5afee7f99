from django.apps import AppConfig


class CookieshopConfig(AppConfig):
    name = "tests.cookieshop"
    label = "cookieshop"
    verbose_name = "Kitsune Sweets"
    default_auto_field = "django.db.models.BigAutoField"
