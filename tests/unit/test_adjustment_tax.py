"""What for_cart / for_order hand a shop that stores prices without tax: the agreed price on its
basis, each line's rate and tax, and each set discount split by rate with its tax (pure)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from upsell_app.adjustments.terms import LINE, SET_DISCOUNT, Grant, build, with_rates
from upsell_app.selection.tax import RatePart, TaxPolicy, TaxRounding
from upsell_app.selection.types import CartLine

D = Decimal
T0 = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
FOOD, GOODS = D("0.08"), D("0.10")
EXCLUSIVE = TaxPolicy(prices_include_tax=False, rounding=TaxRounding.FLOOR)

# A chasen whisk (goods) in the cart; a set added matcha (food) and a bowl (goods), ¥500 off.
LINES = [
    CartLine("1", 10, 1, D("3480")),
    CartLine("2", 11, 1, D("1650")),
    CartLine("3", 12, 1, D("3300")),
]
RATES = {"1": GOODS, "2": FOOD, "3": GOODS}
SET = Grant(
    id=9, acceptance_id=2, offer_id=4, kind=SET_DISCOUNT, label="Matcha set",
    created_at=T0, key="set", amount=D("500"), members=(("1", 10), ("2", 11), ("3", 12)),
)


def agreed(*grants: Grant):
    amounts = {x.line_id: x.unit_price * x.quantity for x in LINES}
    return with_rates(build(grants), RATES, amounts, EXCLUSIVE)


def test_a_set_discount_is_handed_back_split_by_the_rates_of_its_lines_with_their_tax():
    (discount,) = agreed(SET).discounts
    assert discount.amount == D("500")
    assert discount.parts == (RatePart(GOODS, D("402"), D("40")), RatePart(FOOD, D("98"), D("7")))


def test_the_cart_is_handed_back_with_its_amount_and_tax_per_rate():
    assert agreed(SET).tax_by_rate(LINES) == (
        RatePart(GOODS, D("6378"), D("638")),  # 3480 + 3300 - 402; 348 + 330 - 40
        RatePart(FOOD, D("1552"), D("125")),  # 1650 - 98; 132 - 7
    )
    assert agreed(SET).total_with_tax(LINES) == D("8693")


def test_an_agreed_price_is_handed_back_on_the_shops_basis_with_its_lines_tax():
    upgrade = Grant(
        id=1, acceptance_id=1, offer_id=3, kind=LINE, label="Offer price", created_at=T0,
        line_id="2", product_id=11, unit_price=D("1485"),
    )
    terms = agreed(upgrade)
    assert terms.lines["2"].unit_price == D("1485")
    assert terms.lines["2"].tax_rate == FOOD
    assert terms.line_tax("2", 1, D("1650")) == D("118")  # 1485 × 0.08 = 118.8


def test_without_rates_a_cart_totals_as_before_its_lines_less_its_discounts():
    plain = build([SET])
    assert plain.discounts[0].parts == ()
    assert plain.total_with_tax(LINES) == D("7930")  # 8430 - 500
