"""``manage.py upsell_backfill_history``: copy the shop's past orders into the app's history.

Goes through the catalogue adapter's ``iter_order_history()`` so the app never reads the shop's
order
tables itself. Safe to run again: already recorded (order, product) lines are skipped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upsell_app.associations import history
from upsell_app.management.arguments import bounded


class Command(BaseCommand):
    help = "Backfill the purchase history from the shop's existing orders (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **opts: Any) -> None:
        def progress(n: int) -> None:
            if n >= 0 and opts["verbosity"] > 1:
                self.stderr.write(f"{n:,} orders read")

        bounded(opts["batch_size"], "--batch-size", 1, 1_000_000)
        try:
            created = history.backfill(batch_size=opts["batch_size"], progress=progress)
        except NotImplementedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{created:,} new purchase lines recorded"))
