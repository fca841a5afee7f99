"""Load a seeded month of simulated shopper traffic for the demo dashboard (marked simulated)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upsell_app.analytics import simulation
from upsell_app.management.arguments import bounded


class Command(BaseCommand):
    help = (
        "Simulate a month of shoppers seeing, accepting and declining the active offers, for the "
        "dashboard. Events and orders are marked simulated; the shop's own orders are untouched."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--shoppers-per-day", type=int, default=120)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when simulated data exists."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Delete earlier simulated data first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            self.stdout.write(f"Deleted {simulation.clear_simulated_data()} simulated rows.")
        elif options["if_empty"] and simulation.has_simulated_data():
            self.stdout.write("Simulated traffic is already loaded (use --clear to reload).")
            return
        bounded(options["days"], "--days", 1, 3650)
        bounded(options["shoppers_per_day"], "--shoppers-per-day", 1, 100_000)
        report = simulation.simulate(
            days=options["days"],
            shoppers_per_day=options["shoppers_per_day"],
            seed=options["seed"],
        )
        if not report.days:
            self.stdout.write(self.style.WARNING("No active offers: load the demo offers first."))
            return
        for name in report.variants_created:
            self.stdout.write(f"Created A/B variant {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Simulated {report.shoppers} shoppers over {report.days} days: "
                f"{report.events} events, {report.orders} orders (all marked simulated)."
            )
        )
