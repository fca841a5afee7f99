"""Tanuki Goods' test fixtures: its shelf and one offer of each kind, set up as its store admin
would in the admin (Offer rows), plus the browser fixtures every browser test shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.conftest import _no_restraint_between_steps, js_errors, page  # noqa: F401
from tests.shopbase.offers import Offers, make_offer, subscription_terms

from .models import Item

SHELF = {
    "kettle": ("Copper kettle", 3000),
    "kettle-pro": ("Copper kettle Pro", 4500),
    "kettle-mini": ("Copper kettle Mini", 2000),
    "teapot": ("Tetsubin teapot", 6000),
    "towel": ("Tea towel", 1000),
    "dripper": ("Hasami dripper", 2500),
    "filters": ("Paper filters", 500),
    "server": ("Glass server", 2000),
    "beans": ("Hinata beans 200 g", 1800),
    "old-kettle": ("Enamel kettle (retired)", 5200),
}

SUBSCRIPTION_TERMS = subscription_terms(
    cancellation="Cancel any time from the receipt e-mail, until 5 days before shipping."
)


@pytest.fixture
def items(db) -> dict[str, Item]:  # noqa: ARG001
    made = {
        code: Item.objects.create(code=code, title=title, yen=yen, retired=code == "old-kettle")
        for code, (title, yen) in SHELF.items()
    }
    return made


def _offer(kind: str, triggers: list[str], sources: list[Item], targets: list[Item], **fields):
    return make_offer(f"Tanuki {kind}", kind, triggers, sources, targets, **fields)


@pytest.fixture
def offers(items) -> Offers:
    i = items
    return Offers(
        upsell=_offer(
            "upsell", ["add_to_cart"], [i["kettle"]], [i["kettle-pro"], i["old-kettle"]],
            discount_type="percent", discount_value=Decimal("10"),
        ),
        cross_sell=_offer(
            "cross_sell", ["add_to_cart"], [i["teapot"]], [i["towel"]],
            discount_type="percent", discount_value=Decimal("20"),
        ),
        bundle=_offer(
            "bundle", ["cart_view"], [i["dripper"]], [i["filters"], i["server"]],
            discount_type="fixed", discount_value=Decimal("400"),
        ),
        subscription=_offer(
            "subscription", ["checkout_start"], [i["beans"]], [],
            discount_type="percent", discount_value=Decimal("10"), **SUBSCRIPTION_TERMS,
        ),
        downsell=_offer(
            "downsell", ["item_removed"], [i["kettle-pro"]], [i["kettle-mini"]],
        ),
    )
