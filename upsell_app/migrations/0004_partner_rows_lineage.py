# Partner rows are no longer retired by an UPDATE (valid_to): in generation g a product's row is its
# latest one written from g's full rebuild (rows_from) to g. State blobs are stored uncompressed.

from django.db import migrations, models

FULL_MODES = ("full", "sharded")


def set_rows_from(apps, schema_editor):
    """Each existing generation's lineage: the latest full rebuild at or before it (0 when it was
    collected already: the old collection removed every row a kept generation could not see)."""
    Generation = apps.get_model("upsell_app", "AssociationGeneration")
    db = schema_editor.connection.alias
    last_full = 0
    for pk, mode in Generation.objects.using(db).order_by("pk").values_list("pk", "mode"):
        if mode in FULL_MODES:
            last_full = pk
        Generation.objects.using(db).filter(pk=pk).update(rows_from=last_full)


BLOB_COLUMNS = (
    ("upsell_app_associationstate", "counts_blob"),
    ("upsell_app_associationshardcounts", "blob"),
)


def store_blobs_uncompressed(apps, schema_editor):
    """Count blobs are compact binary already: pglz would spend seconds on tens of megabytes at
    every write (and time again at every read) for little gain."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.connection.ops.quote_name
    for table, column in BLOB_COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} SET STORAGE EXTERNAL"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("upsell_app", "0003_analytics"),
    ]

    operations = [
        migrations.AddField(
            model_name="associationgeneration",
            name="rows_from",
            field=models.BigIntegerField(default=0, verbose_name="rows written from generation"),
        ),
        migrations.RunPython(set_rows_from, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="productpartners",
            name="upsell_pp_valid_to",
        ),
        migrations.RemoveField(
            model_name="productpartners",
            name="valid_to",
        ),
        migrations.AddIndex(
            model_name="productpartners",
            index=models.Index(fields=["valid_from"], name="upsell_pp_valid_from"),
        ),
        migrations.RunPython(store_blobs_uncompressed, migrations.RunPython.noop),
    ]
