"""Product keys: a key type the app cannot hold is reported; a changed product model is reported
and moved over by a command that says first what it keeps, re-maps and drops."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps
from django.utils import timezone

from tests.factories import OfferAcceptanceFactory, OfferFactory, ProductFactory
from upsell_app.associations import history
from upsell_app.models import Offer, OfferAcceptance, ProductPartners, PurchaseLine
from upsell_app.models.product_keys import to_key
from upsell_app.shop.key_checks import key_type_errors, moved_errors


@isolate_apps("upsell_app")
def test_a_product_model_keyed_by_a_date_is_refused_with_E070():
    class DatedProduct(models.Model):  # noqa: DJ008
        day = models.DateField(primary_key=True)

        class Meta:
            app_label = "upsell_app"

    assert [e.id for e in key_type_errors(DatedProduct)] == ["upsell_app.E070"]


@isolate_apps("upsell_app")
def test_a_text_key_longer_than_the_apps_columns_is_refused_with_E070():
    class LongCoded(models.Model):  # noqa: DJ008
        code = models.CharField(max_length=200, primary_key=True)

        class Meta:
            app_label = "upsell_app"

    assert [e.id for e in key_type_errors(LongCoded)] == ["upsell_app.E070"]


@isolate_apps("upsell_app")
def test_uuid_and_short_code_keys_pass():
    class ByUuid(models.Model):  # noqa: DJ008
        id = models.UUIDField(primary_key=True)

        class Meta:
            app_label = "upsell_app"

    class ByCode(models.Model):  # noqa: DJ008
        sku = models.SlugField(max_length=32, primary_key=True)

        class Meta:
            app_label = "upsell_app"

    assert key_type_errors(ByUuid) == [] and key_type_errors(ByCode) == []


@pytest.mark.django_db
def test_the_demo_product_model_is_the_one_the_tables_were_made_for():
    assert moved_errors() == []


@pytest.mark.django_db
def test_a_product_model_changed_with_history_present_is_reported_as_E071():
    history.record_order("O-1", [history.OrderLine(7)])

    with override_settings(UPSELL_PRODUCT_MODEL="auth.Group"):
        errors = moved_errors()

    assert [e.id for e in errors] == ["upsell_app.E071"]
    assert "1 purchase lines" in errors[0].msg


def test_a_text_key_reads_back_as_the_integer_key_of_an_integer_shop(db):
    assert to_key("42") == 42


# -- manage.py upsell_change_product_model ------------------------------------------------------
@pytest.fixture
def old_catalogue(transactional_db):  # remaking tables: SQLite does it outside transactions
    old, kept_as, gone = ProductFactory(), ProductFactory(), ProductFactory()
    offer = OfferFactory(sources=[old], targets=[gone])
    history.record_order("O-1", [history.OrderLine(old.pk), history.OrderLine(gone.pk)])
    OfferAcceptanceFactory(offer=offer, product_id=old.pk)
    ProductPartners.objects.create(
        product_id=old.pk, valid_from=1, count=1, weight=1.0, partners=b""
    )
    return old, kept_as, gone, offer


def _run(*args: str) -> str:
    out = StringIO()
    call_command("upsell_change_product_model", *args, stdout=out)
    return out.getvalue()


def test_the_command_only_says_what_it_would_do_without_apply(old_catalogue):
    said = _run()

    assert "Dry run: nothing changed" in said
    assert "Purchase lines: 2, re-mapped and kept 0" in said
    assert PurchaseLine.objects.count() == 2 and ProductPartners.objects.count() == 1


def test_apply_re_maps_the_keys_the_map_names_and_drops_the_rest(old_catalogue, tmp_path):
    old, kept_as, gone, offer = old_catalogue
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"old,new\n{old.pk},{kept_as.pk}\n")

    _run("--apply", "--map", str(mapping))

    offer = Offer.objects.get(pk=offer.pk)
    assert list(offer.source_products.values_list("pk", flat=True)) == [kept_as.pk]
    assert list(offer.target_products.all()) == []
    assert list(PurchaseLine.objects.values_list("product_id", flat=True)) == [kept_as.pk]
    assert OfferAcceptance.objects.get().product_id == kept_as.pk
    assert ProductPartners.objects.count() == 0


def test_apply_without_a_map_switches_off_offers_left_without_products(old_catalogue):
    _run("--apply")

    assert not Offer.objects.get(pk=old_catalogue[3].pk).is_active
    assert PurchaseLine.objects.count() == 0


def test_history_recorded_after_the_move_is_kept_as_usual(old_catalogue):
    _run("--apply")

    history.record_order("O-2", [history.OrderLine(old_catalogue[1].pk, 1, Decimal("5"))],
                         ordered_at=timezone.now())

    assert PurchaseLine.objects.count() == 1
