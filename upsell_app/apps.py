from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpsellConfig(AppConfig):
    name = "upsell_app"
    verbose_name = _("Upsell offers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registered for their side effects: system checks and signal receivers.
        from . import receivers  # noqa: F401

        # Analytics (issue 4): order/accept/decline receivers, Celery tasks, the dashboard admin.
        from .analytics import admin as analytics_admin  # noqa: F401
        from .analytics import checks as analytics_checks  # noqa: F401
        from .analytics import receivers as analytics_receivers  # noqa: F401
        from .api import checks as api_checks  # noqa: F401

        # Follow-up mail: its settings' checks and its Celery tasks (beat names them).
        from .followup import checks as followup_checks  # noqa: F401
        from .followup import tasks as followup_tasks  # noqa: F401
        from .serving import outage_checks  # noqa: F401
        from .shop import checks, key_checks  # noqa: F401
