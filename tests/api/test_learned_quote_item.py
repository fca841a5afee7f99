"""A learned choice's quote names the item it was shown with, so the accept re-checks its fit
against that item rather than against the product of the moment."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.builders import product, rule
from upsell_app.selection.types import Choice, Kind, TargetSource, Trigger
from upsell_app.serving.presentation import read_quote, sign_quote

LAPTOP = product(10, 168_000)
CASE = product(4, 2_980)
BAG = product(11, 9_800)


def test_a_learned_choices_quote_names_the_item_it_was_shown_with():
    offer = rule(kind=Kind.CROSS_SELL, target_source=TargetSource.LEARNED)
    choice = Choice(product=BAG, source_product=CASE, because_of=LAPTOP.id)

    claims = read_quote(
        sign_quote(offer, choice, Decimal("9800"), Trigger.ADD_TO_CART, CASE.id)
    )

    assert (claims["c"], claims["w"]) == (CASE.id, LAPTOP.id)


def test_a_hand_picked_choices_quote_names_no_item():
    offer = rule(kind=Kind.CROSS_SELL, targets=[BAG.id])
    choice = Choice(product=BAG, source_product=CASE)

    claims = read_quote(sign_quote(offer, choice, Decimal("9800"), Trigger.ADD_TO_CART, CASE.id))

    assert "w" not in claims
