"""The pop-up's prices carry the shop's tax label, translated, and none by default."""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings
from django.utils import translation

from upsell_app.serving.presentation import price_display, signed_money_display


def test_by_default_a_price_has_no_label():
    assert price_display(Decimal("1500")) == "¥1,500"


def test_the_shops_label_follows_every_price_the_pop_up_shows(settings):
    with override_settings(UPSELL={**settings.UPSELL, "TAX_LABEL": "税込"}):
        assert price_display(Decimal("1078")) == "¥1,078 税込"
        assert signed_money_display(Decimal("500")) == "+¥500 税込"


def test_the_apps_incl_tax_label_reads_zeikomi_in_japanese(settings):
    with override_settings(UPSELL={**settings.UPSELL, "TAX_LABEL": "incl. tax"}):
        with translation.override("en"):
            assert price_display(Decimal("1078")) == "¥1,078 incl. tax"
        with translation.override("ja"):
            assert price_display(Decimal("1078")) == "¥1,078 税込"
