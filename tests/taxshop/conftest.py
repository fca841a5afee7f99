"""Chaya Tea's test fixtures: its shelf (prices without tax, food at 8 %, goods at 10 %) and one
offer of each kind, set up as its store admin would in the admin, plus the browser fixtures
every browser test shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.browser.conftest import _no_restraint_between_steps, js_errors, page  # noqa: F401
from tests.shopbase.offers import Offers, make_offer, subscription_terms

from .models import Item

#: code: (title, yen without tax, food)
SHELF = {
    "sencha": ("Sencha 100 g", 1480, True),
    "sencha-premium": ("Premium sencha 100 g", 2980, True),
    "sencha-small": ("Sencha 50 g", 780, True),
    "kyusu": ("Tokoname kyusu", 4980, False),
    "yunomi": ("Yunomi cup", 1280, False),
    "wagashi": ("Wagashi box", 1180, True),
    "chasen": ("Chasen whisk", 3480, False),
    "matcha": ("Matcha 30 g", 1650, True),
    "chawan": ("Chawan bowl", 3300, False),
    "hojicha": ("Hojicha 200 g", 341, True),
}

SUBSCRIPTION_TERMS = subscription_terms(
    cancellation="Cancel any time from the receipt e-mail, until 5 days before shipping.",
)


@pytest.fixture
def items(db) -> dict[str, Item]:  # noqa: ARG001
    return {
        code: Item.objects.create(code=code, title=title, yen=yen, food=food)
        for code, (title, yen, food) in SHELF.items()
    }


def _offer(kind: str, triggers: list[str], sources: list, targets: list, **fields: Any) -> int:
    return make_offer(f"Chaya {kind}", kind, triggers, sources, targets, **fields)


@pytest.fixture
def offers(items) -> Offers:
    i = items
    return Offers(
        upsell=_offer(
            "upsell", ["add_to_cart"], [i["sencha"]], [i["sencha-premium"]],
            discount_type="percent", discount_value=Decimal("10"),
        ),
        cross_sell=_offer(
            "cross_sell", ["add_to_cart"], [i["kyusu"]], [i["yunomi"], i["wagashi"]],
            discount_type="percent", discount_value=Decimal("15"),
        ),
        bundle=_offer(
            "bundle", ["cart_view"], [i["chasen"]], [i["matcha"], i["chawan"]],
            discount_type="fixed", discount_value=Decimal("500"),
        ),
        subscription=_offer(
            "subscription", ["checkout_start"], [i["hojicha"]], [],
            discount_type="percent", discount_value=Decimal("10"), **SUBSCRIPTION_TERMS,
        ),
        downsell=_offer(
            "downsell", ["item_removed"], [i["sencha-premium"]], [i["sencha-small"]],
        ),
    )
