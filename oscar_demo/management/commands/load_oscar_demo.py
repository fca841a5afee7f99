"""``manage.py load_oscar_demo``: the sample oscar shop's catalogue, offers, past orders and a
demo admin. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from oscar_demo.shop import DemoDataError, load_catalogue, load_history, load_offers


class Command(BaseCommand):
    help = "Load the sample oscar shop (idempotent) and a demo admin user."

    def handle(self, *args: Any, **options: Any) -> None:
        products = load_catalogue()
        try:
            offers = load_offers(products)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        placed = load_history(products)
        user_model = get_user_model()
        if not user_model.objects.filter(is_superuser=True).exists():
            user_model.objects.create_superuser("admin", "admin@example.com", "admin")
            self.stdout.write(self.style.WARNING("Created superuser admin / admin (demo only)."))
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(products)} products:"))
        for product in products.values():
            record = product.stockrecords.first()
            self.stdout.write(f"  {product.title:<28} ¥{record.price:,.0f}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(offers)} offers:"))
        for offer in offers:
            self.stdout.write(f"  [{offer.kind}] {offer.name} (on {', '.join(offer.triggers)})")
        self.stdout.write(self.style.SUCCESS(f"Placed {placed} past orders."))
