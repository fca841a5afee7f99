"""``manage.py demo_order_history``: seeded order history for the demo catalogue.

Gives the demo's cross-sell pop-ups learned partners to show. Orders are generated the way a shop's
would look: a few popular products, most of them rarely bought, and real complements (in the
product's own category, sometimes in a companion category). They are recorded through the app's
public history API, as a shop's backfill would, or one by one through the ``order_completed``
signal with ``--via-signal``. Safe to run again: the same seed gives the same order numbers,
which the app records once.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shop_demo.shop.models import Product
from upsell_app import signals
from upsell_app.associations.history import OrderLine, OrderRecord, record_orders


class Command(BaseCommand):
    help = "Generate seeded demo order history and record it in the upsell app's history."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--orders", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--days", type=int, default=180, help="spread over the last N days")
        parser.add_argument(
            "--via-signal",
            action="store_true",
            help="send order_completed per order instead of a bulk insert",
        )
        parser.add_argument(
            "--refresh", action="store_true", help="then run the first full association refresh"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        products = list(Product.objects.filter(is_active=True).order_by("pk"))
        if len(products) < 2:
            raise CommandError("no demo catalogue: run `manage.py load_demo` first")
        orders = list(self.generate(products, opts["orders"], opts["seed"], opts["days"]))
        if opts["via_signal"]:
            for order in orders:
                signals.order_completed.send(
                    sender=Product,
                    request=None,
                    order_id=order.order_id,
                    lines=order.lines,
                    customer_key=order.customer_key,
                    ordered_at=order.ordered_at,
                    total=sum(line.unit_price * line.quantity for line in order.lines),
                )
            created = len(orders)
            self.stdout.write(f"sent order_completed for {created:,} demo orders")
        else:
            created = record_orders(orders)
            self.stdout.write(f"{len(orders):,} demo orders, {created:,} new history lines")
        if opts["refresh"]:
            call_command("upsell_associations", "--full", "--no-progress", stdout=self.stdout)

    def generate(self, products: list[Product], n: int, seed: int, days: int):  # noqa: ANN201
        rng = random.Random(seed)
        shuffled = products[:]
        rng.shuffle(shuffled)
        # Zipf-like popularity over a seeded order of the catalogue.
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(shuffled))]
        by_category: dict[int, list[Product]] = {}
        for p in shuffled:
            by_category.setdefault(p.category_id, []).append(p)
        categories = sorted(by_category)
        companion = {c: rng.choice([d for d in categories if d != c] or [c]) for c in categories}
        now = timezone.now()
        for i in range(n):
            basket = {rng.choices(shuffled, weights)[0]}
            anchor = next(iter(basket))
            if rng.random() < 0.7:  # a complement: mostly the anchor's own category (phone and
                # case, coffee and filter), sometimes its companion category
                same = [
                    p
                    for p in by_category[anchor.category_id]
                    if p.pk != anchor.pk and (not p.family or p.family != anchor.family)
                ]
                pool = (
                    same
                    if same and rng.random() < 0.75
                    else by_category[companion[anchor.category_id]]
                )
                basket.add(pool[min(int(rng.expovariate(0.8)), len(pool) - 1)])
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                basket.add(rng.choices(shuffled, weights)[0])
            # Tiers of one family replace each other; a basket holds one of them.
            seen_families: set[str] = set()
            lines = []
            for p in sorted(basket, key=lambda p: p.pk):
                if p.family and p.family in seen_families:
                    continue
                seen_families.add(p.family)
                lines.append(OrderLine(p.pk, rng.choice((1, 1, 1, 2)), p.price))
            yield OrderRecord(
                order_id=f"DEMO-{seed}-{i:06d}",
                lines=tuple(lines),
                ordered_at=now - timedelta(days=days) + timedelta(seconds=days * 86_400 * i / n),
                customer_key=f"demo-customer-{rng.randint(1, max(1, n // 5))}",
            )
