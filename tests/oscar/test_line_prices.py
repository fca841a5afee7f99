"""What a basket line costs once the app's terms apply (plain money, no oscar objects)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

from upsell_app.adjustments import CartAdjustments, LineTerms, SetDiscount
from upsell_app.contrib.oscar.line_prices import agreed_line_total, line_totals, spread, unit_prices
from upsell_app.selection.types import CartLine


def agreed(line_id: str, product_id: int, price: str) -> LineTerms:
    return LineTerms(line_id, product_id, Decimal(price), "Offer price", offer_id=1)


def terms(*lines: LineTerms, sets: tuple[SetDiscount, ...] = ()) -> CartAdjustments:
    return CartAdjustments(MappingProxyType({t.line_id: t for t in lines}), sets)


def a_set(amount: str, *line_ids: str) -> SetDiscount:
    return SetDiscount("set", "Set discount", Decimal(amount), offer_id=2, line_ids=line_ids)


def test_the_agreed_price_covers_the_agreed_units_and_the_rest_cost_the_shops_price():
    assert agreed_line_total(Decimal("1000"), 3, Decimal("800"), 1) == Decimal("2800")


def test_a_shop_price_below_the_agreed_one_is_what_the_shopper_pays():
    assert agreed_line_total(Decimal("700"), 2, Decimal("800"), 2) == Decimal("1400")


def test_a_line_raised_after_the_accept_pays_the_shops_price_for_the_units_added():
    line = CartLine("1", 10, 2, Decimal("128000"))

    assert line_totals([line], terms(agreed("1", 10, "120000"))) == {"1": Decimal("248000")}


def test_units_agreed_together_all_keep_the_agreed_price():
    line = CartLine("1", 10, 2, Decimal("128000"))
    both = replace(agreed("1", 10, "120000"), quantity=2)

    assert line_totals([line], terms(both)) == {"1": Decimal("240000")}


def test_terms_for_another_product_leave_the_line_at_the_shops_price():
    line = CartLine("1", 11, 1, Decimal("128000"))

    assert unit_prices([line], terms(agreed("1", 10, "120000"))) == {}


def test_a_set_discount_is_shared_by_one_item_of_each_line_in_proportion_to_its_price():
    lines = [CartLine("1", 1, 1, Decimal("6000")), CartLine("2", 2, 2, Decimal("2000"))]

    totals = line_totals(lines, terms(sets=(a_set("800", "1", "2"),)))

    assert totals == {"1": Decimal("5400"), "2": Decimal("3800")}


def test_a_set_discount_needs_every_line_of_the_set():
    lines = [CartLine("1", 1, 1, Decimal("6000"))]

    assert unit_prices(lines, terms(sets=(a_set("800", "1", "2"),))) == {}


def test_a_set_discount_never_takes_an_item_below_zero_and_the_last_takes_the_remainder():
    assert spread(Decimal("100"), [Decimal("10"), Decimal("20")]) == [Decimal("10"), Decimal("20")]
    assert spread(Decimal("10"), [Decimal("1"), Decimal("1"), Decimal("1")]) == [
        Decimal("1"),
        Decimal("1"),
        Decimal("1"),
    ]
    assert sum(spread(Decimal("100"), [Decimal("33"), Decimal("33"), Decimal("34")])) == 100


def test_a_unit_price_is_the_line_total_over_its_quantity_rounded_up_to_the_cent():
    lines = [CartLine("1", 1, 3, Decimal("1000")), CartLine("2", 2, 1, Decimal("1000"))]

    prices = unit_prices(lines, terms(sets=(a_set("100", "1", "2"),)))

    # 2,950 over 3 units: 983.34 a unit, so the shop never receives less than agreed
    assert prices == {"1": Decimal("983.34"), "2": Decimal("950.00")}
