"""Delete what the app kept for carts whose life is over (``ADJUSTMENTS_MAX_AGE_SECONDS``).

Terms older than a cart's life are already ignored when a cart is totalled; this frees their rows.
Run it daily (cron, or Celery beat calling ``call_command``), like ``upsell_prune_events``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete agreed prices, plans and set discounts of carts whose life is over."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        from upsell_app.adjustments import store
        from upsell_app.models import CartAdjustment

        now = timezone.now()
        if dry_run:
            count = CartAdjustment.objects.filter(expires_at__lte=now).count()
            self.stdout.write(f"{count} expired cart adjustments would be deleted.")
            return
        deleted = store.prune(now)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} expired cart adjustments."))
