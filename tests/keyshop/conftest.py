"""Kumo Tea's fixtures: its shelf and one offer of each kind, set up as its store admin would."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from tests.browser.conftest import _no_restraint_between_steps, js_errors, page  # noqa: F401
from tests.shopbase.offers import make_offer, subscription_terms

from .models import Product, Variant
from .upsell_adapter import BY_VARIANT

#: code: (title, yen, skus of its variants)
SHELF = {
    "kettle": ("Iron kettle", 3000, ["KETTLE-BLACK", "KETTLE-RED"]),
    "kettle-pro": ("Iron kettle Pro", 4500, ["KETTLE-PRO"]),
    "kettle-mini": ("Iron kettle Mini", 2000, ["KETTLE-MINI"]),
    "teapot": ("Kyusu teapot", 6000, ["TEAPOT"]),
    "towel": ("Tea towel", 1000, ["TOWEL"]),
    "dripper": ("Dripper", 2500, ["DRIPPER"]),
    "filters": ("Paper filters", 500, ["FILTERS"]),
    "server": ("Glass server", 2000, ["SERVER"]),
    "sencha": ("Sencha 100 g", 1800, ["SENCHA"]),
}

SUBSCRIPTION_TERMS = subscription_terms(
    first_delivery="Ships with this order",
    payment_method="The card used for this order",
    contract_period="Renews each month until cancelled",
)


@dataclass
class Shelf:
    """The app's products by code (a ``Product`` or its first ``Variant``) and the skus added."""

    products: dict[str, Any]
    skus: dict[str, str]

    def key(self, code: str) -> Any:
        return self.products[code].pk


@pytest.fixture
def shelf(db) -> Shelf:  # noqa: ARG001
    products, skus = {}, {}
    for code, (title, yen, variant_skus) in SHELF.items():
        product = Product.objects.create(title=title, yen=yen)
        variants = [
            Variant.objects.create(sku=sku, product=product, title=title, yen=yen)
            for sku in variant_skus
        ]
        products[code] = variants[0] if BY_VARIANT else product
        skus[code] = variants[0].sku
    return Shelf(products, skus)


def _offer(kind: str, triggers: list[str], sources: list, targets: list, **fields: Any) -> int:
    return make_offer(f"Kumo {kind}", kind, triggers, sources, targets, **fields)


@pytest.fixture
def offers(shelf: Shelf) -> dict[str, int]:
    p = shelf.products
    return {
        "upsell": _offer(
            "upsell", ["add_to_cart"], [p["kettle"]], [p["kettle-pro"]],
            discount_type="percent", discount_value=Decimal("10"),
        ),
        "cross_sell": _offer(
            "cross_sell", ["add_to_cart"], [p["teapot"]], [p["towel"]],
            discount_type="percent", discount_value=Decimal("20"),
        ),
        "bundle": _offer(
            "bundle", ["cart_view"], [p["dripper"]], [p["filters"], p["server"]],
            discount_type="fixed", discount_value=Decimal("400"),
        ),
        "subscription": _offer(
            "subscription", ["checkout_start"], [p["sencha"]], [],
            discount_type="percent", discount_value=Decimal("10"), **SUBSCRIPTION_TERMS,
        ),
        "downsell": _offer("downsell", ["item_removed"], [p["kettle-pro"]], [p["kettle-mini"]]),
    }
