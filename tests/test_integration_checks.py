"""Mistakes in the shop's side of the integration are reported by `manage.py check`, each with its
id and a message that says the fix: the catalogue adapter reading what the product model lacks,
a cart adapter lacking what an offer kind needs, the app's URLs not included, and a product model
setting so wrong that the project would not even start."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import include, path

from tests.factories import OfferFactory
from upsell_app.adapters import CartAdapter, ModelCatalogAdapter
from upsell_app.shop.integration_checks import (
    check_active_offers_are_applicable,
    check_cart_adapter_kinds,
    check_catalog_reads_model,
    check_urls_included,
)

ROOT = Path(__file__).resolve().parent.parent


def _upsell(**overrides):
    from django.conf import settings

    return {**settings.UPSELL, **overrides}


def _by_id(messages) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in messages:
        found.setdefault(message.id, []).append(message.msg)
    return found


def _hints(messages, check_id: str) -> list[str]:
    return [m.hint for m in messages if m.id == check_id]


# -- catalogue adapters that read what shop.Product does not have ------------------------------
class TitleCatalog(ModelCatalogAdapter):
    title_field = "title"


class YenCatalog(ModelCatalogAdapter):
    price_field = "yen"


class UncountedCatalog(ModelCatalogAdapter):
    stock_field = "quantity_on_hand"


class PhotoCatalog(ModelCatalogAdapter):
    image_field = "photo_url"


class ColourCatalog(ModelCatalogAdapter):
    def get_title(self, obj):
        return f"{obj.name} ({obj.colour})"


class GetattrCatalog(ModelCatalogAdapter):
    def get_categories(self, item):
        return (getattr(item, "department"),)  # noqa: B009 - the form under test


class AnnotatedCatalog(ModelCatalogAdapter):
    """Reads an attribute its own queryset adds: not a mistake."""

    def get_queryset(self):
        from django.db.models import F

        return super().get_queryset().annotate(list_price=F("price"))

    def get_price(self, obj):
        return Decimal(obj.list_price)


class FittingCatalog(ModelCatalogAdapter):
    """Overrides that read real fields, a method and a relation's attname."""

    def get_title(self, obj):
        return f"{obj.name} / {obj.category_id} / {obj.get_absolute_url()}"

    def get_image_url(self, obj):
        return getattr(obj, "picture", "")  # a read with a fallback cannot fail


def _catalog_messages(cls: type) -> list:
    with override_settings(UPSELL=_upsell(CATALOG_ADAPTER=f"{__name__}.{cls.__name__}")):
        return check_catalog_reads_model()


def test_title_field_the_model_lacks_is_e020_naming_field_and_fix():
    messages = _catalog_messages(TitleCatalog)
    assert _by_id(messages) == {
        "upsell_app.E020": [
            "TitleCatalog.title_field = 'title', but shop.Product has no field or attribute "
            "'title'."
        ]
    }
    (hint,) = _hints(messages, "upsell_app.E020")
    assert "set title_field to the name of shop.Product's field" in hint
    assert "override get_title()" in hint


def test_price_field_the_model_lacks_is_e020():
    assert _by_id(_catalog_messages(YenCatalog))["upsell_app.E020"] == [
        "YenCatalog.price_field = 'yen', but shop.Product has no field or attribute 'yen'."
    ]


def test_stock_field_the_model_lacks_is_e020_and_says_none_switches_stock_off():
    messages = _catalog_messages(UncountedCatalog)
    assert _by_id(messages)["upsell_app.E020"] == [
        "UncountedCatalog.stock_field = 'quantity_on_hand', but shop.Product has no field or "
        "attribute 'quantity_on_hand'."
    ]
    assert "stock_field = None" in _hints(messages, "upsell_app.E020")[0]


def test_image_field_the_model_lacks_is_warning_w021_as_the_pop_up_still_works():
    messages = _catalog_messages(PhotoCatalog)
    assert _by_id(messages) == {
        "upsell_app.W021": [
            "PhotoCatalog.image_field = 'photo_url', but shop.Product has no field or attribute "
            "'photo_url': no product picture will be shown in the pop-up."
        ]
    }
    assert "or to None" in _hints(messages, "upsell_app.W021")[0]


def test_overridden_method_reading_an_attribute_the_model_lacks_is_e021():
    assert _by_id(_catalog_messages(ColourCatalog)) == {
        "upsell_app.E021": [
            "ColourCatalog.get_title() reads product.colour, but shop.Product has no field or "
            "attribute 'colour'."
        ]
    }


def test_two_argument_getattr_of_a_missing_attribute_is_e021():
    assert _by_id(_catalog_messages(GetattrCatalog)) == {
        "upsell_app.E021": [
            "GetattrCatalog.get_categories() reads product.department, but shop.Product has no "
            "field or attribute 'department'."
        ]
    }


def test_attribute_added_by_the_adapters_own_queryset_is_not_a_mistake():
    assert _catalog_messages(AnnotatedCatalog) == []


def test_overrides_reading_fields_methods_and_attnames_pass():
    assert _catalog_messages(FittingCatalog) == []


def test_demo_catalog_adapter_reads_only_what_its_model_has():
    assert check_catalog_reads_model() == []


# -- cart adapters and the offer kinds they can carry out --------------------------------------
class LinesOnlyAdapter(CartAdapter):
    """The full contract's required methods, nothing for bundles or subscriptions."""

    def get_lines(self):
        return []

    def get_summary(self):
        raise NotImplementedError

    def add_line(self, product_id, quantity, unit_price, *, offer_id):
        return "1"

    def replace_line(self, line_id, product_id, unit_price, *, offer_id):
        return line_id

    def remove_line(self, line_id):
        return None


class NoRevokeAdapter(LinesOnlyAdapter):
    def convert_to_subscription(self, line_id, plan):
        return line_id

    def apply_bundle_discount(self, bundle_key, amount, label, *, offer_id):
        return None


LINES_ONLY = f"{__name__}.LinesOnlyAdapter"
NO_REVOKE = f"{__name__}.NoRevokeAdapter"


def test_adapter_without_bundle_and_subscription_methods_is_w020_per_kind():
    with override_settings(UPSELL=_upsell(CART_ADAPTER=LINES_ONLY)):
        messages = check_cart_adapter_kinds()
    assert _by_id(messages) == {
        "upsell_app.W020": [
            "LinesOnlyAdapter cannot apply bundle offers: it does not implement "
            "apply_bundle_discount(), revoke_bundle_discount(). The admin refuses to activate "
            "bundle offers and the pop-up never shows them.",
            "LinesOnlyAdapter cannot apply subscription offers: it does not implement "
            "convert_to_subscription(). The admin refuses to activate subscription offers and "
            "the pop-up never shows them.",
        ]
    }
    assert "SimpleCartAdapter" in _hints(messages, "upsell_app.W020")[0]


def test_adapter_with_a_bundle_discount_it_cannot_take_back_is_w020_naming_the_method():
    with override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE)):
        assert _by_id(check_cart_adapter_kinds())["upsell_app.W020"] == [
            "NoRevokeAdapter cannot apply bundle offers: it does not implement "
            "revoke_bundle_discount(). The admin refuses to activate bundle offers and the "
            "pop-up never shows them."
        ]


def test_demo_cart_adapter_can_apply_every_kind():
    assert check_cart_adapter_kinds() == []


@pytest.mark.django_db
def test_active_offer_of_a_kind_the_adapter_cannot_apply_is_e022_with_database_checks():
    offer = OfferFactory(kind="bundle", name="Desk set")
    OfferFactory(kind="bundle", name="Paused set", is_active=False)
    OfferFactory(kind="cross_sell", name="Card")
    with override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE)):
        messages = check_active_offers_are_applicable(databases=["default"])
    assert _by_id(messages) == {
        "upsell_app.E022": [
            f"Active offer {offer.pk} ('Desk set') is a bundle offer, but the cart adapter does "
            "not implement revoke_bundle_discount(): shoppers are not shown it."
        ]
    }


@pytest.mark.django_db
def test_offer_of_a_kind_the_adapter_cannot_apply_is_left_out_of_the_offer_index():
    from upsell_app.serving.offer_index import build_index

    bundle, cross_sell = OfferFactory(kind="bundle"), OfferFactory(kind="cross_sell")
    with override_settings(UPSELL=_upsell(CART_ADAPTER=NO_REVOKE)):
        rules = build_index().rules
    assert bundle.pk not in rules and cross_sell.pk in rules


# -- the app's URLs ----------------------------------------------------------------------------
# This module doubles as a URLconf: the shop's own pages, no upsell include.
urlpatterns = [path("shop/", include("shop_demo.shop.urls"))]


def test_urls_not_included_is_e023_naming_the_include_line():
    with override_settings(ROOT_URLCONF=__name__):
        messages = check_urls_included()
    assert _by_id(messages) == {
        "upsell_app.E023": [
            "The app's URLs are not included: the widget has no offers API to call "
            "('upsell:offer-list' does not resolve)."
        ]
    }
    assert "path('upsell/', include('upsell_app.urls'))" in messages[0].hint


def test_urls_included_pass():
    assert check_urls_included() == []


def test_urls_mistake_stops_manage_py_check():
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(SystemCheckError, match="upsell_app.E023"):
            call_command("check")


# -- a product model setting that would once crash every command -------------------------------
def _check_in_a_fresh_process(tmp_path: Path, setting_line: str) -> subprocess.CompletedProcess:
    (tmp_path / "wrong_product_settings.py").write_text(
        "from shop_demo.settings import *  # noqa: F403\n" + setting_line + "\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wrong_product_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("setting_line", "expected"),
    [
        (
            'UPSELL_PRODUCT_MODEL = "shop.Item"',
            "(upsell_app.E004) UPSELL_PRODUCT_MODEL = 'shop.Item' does not name an installed "
            "model: app 'shop' has no model 'Item'.",
        ),
        (
            'UPSELL_PRODUCT_MODEL = "catalogue.Product"',
            "(upsell_app.E004) UPSELL_PRODUCT_MODEL = 'catalogue.Product' does not name an "
            "installed model: no installed app has the label 'catalogue'.",
        ),
        (
            'UPSELL_PRODUCT_MODEL = "shop_demo.shop.models.Product"',
            "(upsell_app.E004) UPSELL_PRODUCT_MODEL = 'shop_demo.shop.models.Product' does not "
            "name an installed model: it is not of the form 'app_label.ModelName'.",
        ),
        ("del UPSELL_PRODUCT_MODEL", "(upsell_app.E003) UPSELL_PRODUCT_MODEL is not set."),
    ],
    ids=["no-such-model", "app-not-installed", "module-path", "missing"],
)
def test_wrong_product_model_is_reported_by_check_not_a_crash(tmp_path, setting_line, expected):
    result = _check_in_a_fresh_process(tmp_path, setting_line)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert 'e.g. UPSELL_PRODUCT_MODEL = "shop.Product"' in result.stderr
