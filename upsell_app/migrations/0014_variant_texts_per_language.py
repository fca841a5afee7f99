"""A/B arms' texts per language, like the offer's own: existing arm texts keep their language.

An arm's headline and value message were one text for every language; they were written in the
shop's default language (what the admin showed), so they become that language's translation.
"""

import django.db.models.deletion
import parler.fields
from django.conf import settings
from django.db import migrations, models

#: Texts that move from the arm's row into one row per language.
MOVED = ("headline", "value_message")


def default_language() -> str:
    return getattr(settings, "PARLER_DEFAULT_LANGUAGE_CODE", None) or settings.LANGUAGE_CODE


def texts_to_translations(apps, schema_editor):
    """Arms with a text of their own keep it, as the default language's translation."""
    OfferVariant = apps.get_model("upsell_app", "OfferVariant")
    Translation = apps.get_model("upsell_app", "OfferVariantTranslation")
    language = default_language()
    Translation.objects.bulk_create(
        Translation(master_id=row["pk"], language_code=language, **{f: row[f] for f in MOVED})
        for row in OfferVariant.objects.values("pk", *MOVED)
        if any(row[f] for f in MOVED)
    )


def translations_to_texts(apps, schema_editor):
    """Going back keeps the default language's texts (or another language's, when it has none)."""
    OfferVariant = apps.get_model("upsell_app", "OfferVariant")
    Translation = apps.get_model("upsell_app", "OfferVariantTranslation")
    language = default_language()
    for variant in OfferVariant.objects.all():
        rows = sorted(
            Translation.objects.filter(master_id=variant.pk),
            key=lambda t: (t.language_code != language, t.language_code),
        )
        for f in MOVED:
            setattr(variant, f, next((getattr(r, f) for r in rows if getattr(r, f)), ""))
        variant.save(update_fields=list(MOVED))


class Migration(migrations.Migration):
    dependencies = [
        ("upsell_app", "0013_acceptance_revenue_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfferVariantTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language_code",
                    models.CharField(db_index=True, max_length=15, verbose_name="Language"),
                ),
                (
                    "headline",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty to keep the offer's headline in this language.",
                        max_length=120,
                        verbose_name="headline",
                    ),
                ),
                (
                    "value_message",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty to keep the offer's value message in this language.",
                        max_length=300,
                        verbose_name="value message",
                    ),
                ),
                (
                    "master",
                    parler.fields.TranslationsForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="upsell_app.offervariant",
                    ),
                ),
            ],
            options={
                "verbose_name": "variant texts",
                "db_table": "upsell_app_offervariant_translation",
                "db_tablespace": "",
                "managed": True,
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language_code", "master"),
                        name="upsell_app_offervariant_translation_uniq_lang",
                    )
                ],
            },
            # A plain model in the migration state, as for the offer's texts (0007): parler's
            # mixin would ask the historical OfferVariant (a plain model there) to be translatable.
            bases=(models.Model,),
        ),
        migrations.RunPython(texts_to_translations, translations_to_texts),
        migrations.RemoveField(
            model_name="offervariant",
            name="headline",
        ),
        migrations.RemoveField(
            model_name="offervariant",
            name="value_message",
        ),
    ]
