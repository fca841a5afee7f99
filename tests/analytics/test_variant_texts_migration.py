"""Migration 0014: an arm's existing texts stay, as the shop's default language's texts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("upsell_app", "0013_acceptance_revenue_labels")]
AFTER = [("upsell_app", "0014_variant_texts_per_language")]


def migrate(targets):  # noqa: ANN001, ANN201 - migration targets, the apps at that state
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_arm_texts_become_the_default_languages_and_silent_arms_get_none(settings):
    settings.LANGUAGE_CODE = "en"
    old = migrate(BEFORE)
    try:
        Offer = old.get_model("upsell_app", "Offer")
        Variant = old.get_model("upsell_app", "OfferVariant")
        offer = Offer.objects.create(name="Case", kind="cross_sell", triggers=["add_to_cart"])
        worded = Variant.objects.create(
            offer=offer, name="B", headline="Never run out", value_message="Only {price}"
        )
        silent = Variant.objects.create(offer=offer, name="A")

        new = migrate(AFTER)

        Translation = new.get_model("upsell_app", "OfferVariantTranslation")
        rows = list(Translation.objects.values("master_id", "language_code", "headline",
                                               "value_message"))
        assert rows == [{
            "master_id": worded.pk, "language_code": "en", "headline": "Never run out",
            "value_message": "Only {price}",
        }]
        assert not Translation.objects.filter(master_id=silent.pk).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_going_back_keeps_the_default_languages_arm_texts(settings):
    settings.LANGUAGE_CODE = "en"
    new = migrate(AFTER)
    try:
        Offer = new.get_model("upsell_app", "Offer")
        Variant = new.get_model("upsell_app", "OfferVariant")
        Translation = new.get_model("upsell_app", "OfferVariantTranslation")
        offer = Offer.objects.create(name="Case", kind="cross_sell", triggers=["add_to_cart"])
        arm = Variant.objects.create(offer=offer, name="B")
        Translation.objects.create(master_id=arm.pk, language_code="ja", headline="もう切らさない")
        Translation.objects.create(master_id=arm.pk, language_code="en", headline="Never run out")

        old = migrate(BEFORE)

        row = old.get_model("upsell_app", "OfferVariant").objects.values(
            "headline", "value_message"
        ).get(pk=arm.pk)
        assert row == {"headline": "Never run out", "value_message": ""}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
