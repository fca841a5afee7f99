from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpsellOscarConfig(AppConfig):
    name = "upsell_app.contrib.oscar"
    label = "upsell_oscar"
    verbose_name = _("Upsell offers for django-oscar")
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        # Registered for their side effects: system checks and receivers on oscar's signals.
        from . import checks, receivers  # noqa: F401
