"""Delete offer events older than the retention period (``UPSELL["EVENTS_RETENTION_DAYS"]``).

Attributed revenue and order outcomes are kept: they are the shop's own figures, not tracking.
Run it daily (cron, or Celery beat calling ``call_command``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from upsell_app.conf import upsell_settings
from upsell_app.management.arguments import bounded


class Command(BaseCommand):
    help = "Delete offer events older than UPSELL['EVENTS_RETENTION_DAYS'] days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, help="Override the retention period, in days.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, days: int | None, batch_size: int, dry_run: bool, **opts: Any):
        from upsell_app.models import OfferEvent

        bounded(batch_size, "--batch-size", 1, 1_000_000)
        days = upsell_settings.EVENTS_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        old = OfferEvent.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} events older than {days} days would be deleted.")
            return
        deleted = 0
        # In batches: one huge DELETE would hold locks on a busy events table for long.
        while True:
            ids = list(old.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            deleted += OfferEvent.objects.filter(pk__in=ids).delete()[0]
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} events older than {days} days."))
