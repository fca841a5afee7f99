"""Move the app's data to the product model ``UPSELL_PRODUCT_MODEL`` names now.

Run it after changing ``UPSELL_PRODUCT_MODEL`` (``manage.py check --database default`` reports the
change as upsell_app.E071). A dry run by default: it says what it keeps, re-maps and drops, and
changes nothing until ``--apply``. ``--map FILE`` is a CSV of ``old key,new key`` rows (a header
row is skipped): the keys it names are re-mapped everywhere; products it does not name are dropped
from offers and history.

What happens, and why:

- the offers' product choices (source and target products, A/B arms' targets): their tables are
  made again for the new model; links whose product the map names are kept, the rest dropped. An
  offer left with no product at all is switched off, so it cannot show an empty pop-up;
- purchase history: re-mapped lines are kept, the others dropped (they name products the new
  model does not have);
- learned partners (generations, partner lists, the key index): dropped; rebuild them with
  ``manage.py upsell_associations --full`` from the history kept;
- open cart terms (agreed prices, set discounts): dropped, they belong to carts of old products;
- acceptances and attributed order lines: kept as the record of what happened, their keys
  re-mapped where the map names them.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from upsell_app.associations.storage import invalidate_cache
from upsell_app.models import (
    AssociationGeneration,
    AssociationRun,
    AssociationState,
    Attribution,
    CartAdjustment,
    Offer,
    OfferAcceptance,
    ProductKeyIndex,
    ProductPartners,
    PurchaseLine,
)
from upsell_app.models.product_keys import to_key_or_none
from upsell_app.offer_index import invalidate
from upsell_app.shop.key_checks import product_links


class Command(BaseCommand):
    help = "Move the app's data to the product model UPSELL_PRODUCT_MODEL names (dry run first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--apply", action="store_true", help="Make the changes (default: say).")
        parser.add_argument("--map", dest="map_path", help="CSV of 'old key,new key' rows.")

    def handle(self, *args: Any, apply: bool = False, map_path: str | None = None, **opts: Any):
        mapping = _read_map(map_path) if map_path else {}
        links = {through: _read_links(through, column) for through, column in product_links()}
        kept_links = {
            t: [(o, mapping[p]) for o, p in rows if p in mapping] for t, rows in links.items()
        }
        lines = list(PurchaseLine.objects.values_list("pk", "product_id"))
        kept_lines = [(pk, mapping[str(p)]) for pk, p in lines if str(p) in mapping]
        say = self.stdout.write
        say(
            f"Offer product links: {sum(map(len, links.values()))}, "
            f"re-mapped and kept {sum(map(len, kept_links.values()))}, the rest dropped."
        )
        say(
            f"Purchase lines: {len(lines)}, re-mapped and kept {len(kept_lines)}, the rest dropped."
        )
        say(f"Learned partner lists: {ProductPartners.objects.count()}, dropped (rebuild them).")
        say(f"Open cart terms: {CartAdjustment.objects.count()}, dropped.")
        say(
            f"Acceptances ({OfferAcceptance.objects.count()}) and attributed lines "
            f"({Attribution.objects.count()}): kept, keys re-mapped where the map names them."
        )
        if not apply:
            say("Dry run: nothing changed. Run again with --apply to make these changes.")
            return
        had = {
            o
            for t, rows in links.items()
            if t._meta.get_field(_owner_field(t)).related_model is Offer
            for o, _ in rows
        }
        sqlite = connection.vendor == "sqlite"
        if sqlite:  # SQLite remakes tables only with its foreign key checks off, outside atomic()
            connection.disable_constraint_checking()
        try:
            self._apply(mapping, kept_links, kept_lines)
        finally:
            if sqlite:
                connection.enable_constraint_checking()
        off = list(
            Offer.objects.filter(
                pk__in=had, is_active=True, source_products=None, target_products=None
            ).values_list("pk", flat=True)
        )
        Offer.objects.filter(pk__in=off).update(is_active=False)
        invalidate_cache()
        invalidate()
        say(self.style.SUCCESS(f"Done; {len(off)} offers left without products switched off."))

    def _apply(self, mapping: dict, kept_links: dict, kept_lines: list) -> None:
        with transaction.atomic():
            _relink(kept_links)
            PurchaseLine.objects.exclude(pk__in=[pk for pk, _ in kept_lines]).delete()
            for pk, key in kept_lines:
                PurchaseLine.objects.filter(pk=pk).update(product_id=key)
            for model in (
                ProductPartners,
                AssociationGeneration,
                AssociationRun,
                AssociationState,
                ProductKeyIndex,
                CartAdjustment,
            ):
                model.objects.all().delete()
            for model, field in (
                (OfferAcceptance, "product_id"),
                (OfferAcceptance, "source_product_id"),
                (Attribution, "product_id"),
            ):
                for old, new in mapping.items():
                    model.objects.filter(**{field: old}).update(**{field: new})


def _read_map(path: str) -> dict[str, Any]:
    """``{old key text: new key}``; a new key the current model cannot hold is an error."""
    mapping = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle)):
            if len(row) < 2 or (n == 0 and to_key_or_none(row[1].strip()) is None):
                continue  # a header, or a blank line
            new = to_key_or_none(row[1].strip())
            if new is None:
                raise CommandError(f"Line {n + 1}: {row[1]!r} is not a key of the new model.")
            mapping[row[0].strip()] = new
    return mapping


def _read_links(through: Any, column: str) -> list[tuple[int, str]]:
    """``(owner id, old product key as text)`` of a link table, whatever its product column."""
    table = connection.ops.quote_name(through._meta.db_table)
    owner = through._meta.get_field(_owner_field(through)).column
    names = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), through._meta.db_table
        )
    ]
    other = next(n for n in names if n not in ("id", owner))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {owner}, {connection.ops.quote_name(other)} FROM {table}")  # noqa: S608
        return [(owner_id, str(key)) for owner_id, key in cursor.fetchall()]


def _owner_field(through: Any) -> str:
    return next(
        f.name
        for f in through._meta.local_fields
        if f.is_relation and f.related_model._meta.model_name in ("offer", "offervariant")
    )


def _relink(kept: dict[Any, list[tuple[int, Any]]]) -> None:
    """Make each link table again for the current product model, with the links kept."""
    if connection.vendor == "postgresql":
        # Rows written earlier in the same transaction leave deferred checks a DROP refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for through in kept:
            editor.delete_model(through)
            editor.create_model(through)
    for through, rows in kept.items():
        owner = _owner_field(through)
        product = next(
            f.name for f in through._meta.local_fields if f.is_relation and f.name != owner
        )
        through.objects.bulk_create(
            [through(**{f"{owner}_id": o, f"{product}_id": p}) for o, p in rows],
            ignore_conflicts=True,
        )
