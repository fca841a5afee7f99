"""The rule that decides which agreed terms a cart still earns, and the order comparison: pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from upsell_app.adjustments.orders import OrderedLine, mismatches
from upsell_app.adjustments.terms import LINE, SET_DISCOUNT, Grant, build, is_earned, split

T0 = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


def line_grant(id=1, line_id="7", product_id=5, price="900", at=T0, acceptance_id=1):
    return Grant(
        id=id, acceptance_id=acceptance_id, offer_id=3, kind=LINE, label="Offer price",
        created_at=at, line_id=line_id, product_id=product_id, unit_price=Decimal(price),
    )


def set_grant(members=(("1", 10), ("2", 11), ("3", 12)), amount="1500", at=T0, acceptance_id=2):
    return Grant(
        id=9, acceptance_id=acceptance_id, offer_id=4, kind=SET_DISCOUNT, label="Set",
        created_at=at, key="upsell-bundle-4-2", amount=Decimal(amount), members=members,
    )


def test_line_terms_hold_while_the_line_holds_the_same_product():
    assert is_earned(line_grant(), {"7": 5})


def test_line_terms_are_lost_when_the_line_is_gone():
    assert not is_earned(line_grant(), {"8": 5})


def test_line_terms_are_lost_when_the_line_now_holds_another_product():
    assert not is_earned(line_grant(), {"7": 6})


def test_a_set_discount_holds_only_while_every_line_of_the_set_is_there():
    whole = {"1": 10, "2": 11, "3": 12}
    assert is_earned(set_grant(), whole)
    for missing in whole:
        assert not is_earned(set_grant(), {k: v for k, v in whole.items() if k != missing})


def test_a_set_discount_is_lost_when_its_source_line_changes_product():
    assert not is_earned(set_grant(), {"1": 99, "2": 11, "3": 12})


def test_split_keeps_a_fresh_unearned_grant_for_later_and_drops_an_old_one():
    old = line_grant(id=1, at=T0)
    fresh = line_grant(id=2, at=T0 + timedelta(minutes=5))
    earned, lost = split([old, fresh], {}, settled_before=T0 + timedelta(minutes=1))
    assert (earned, lost) == ([], [old])


def test_build_lets_the_latest_agreement_on_a_line_win():
    upgrade = line_grant(id=1, price="130000", at=T0)
    plan_price = line_grant(id=2, price="117000", at=T0 + timedelta(seconds=5))
    assert build([plan_price, upgrade]).unit_price("7", Decimal("0")) == Decimal("117000")


def test_build_sums_set_discounts():
    agreed = build([set_grant(amount="1500"), set_grant(amount="500")])
    assert agreed.discount_total == Decimal("2000")


def test_an_order_at_the_agreed_price_has_no_mismatch():
    lines = [OrderedLine(5, 1, Decimal("900"))]
    assert mismatches([line_grant()], lines, discounts=None, total=None) == {}


def test_an_order_charging_another_price_is_a_mismatch_of_that_acceptance():
    found = mismatches(
        [line_grant(acceptance_id=42)], [OrderedLine(5, 1, Decimal("1000"))],
        discounts=None, total=None,
    )
    assert list(found) == [42] and "charged 1000" in found[42][0]


def test_a_missing_set_discount_is_found_among_the_orders_discounts():
    lines = [OrderedLine(10, 1, Decimal("10000"))]
    assert mismatches([set_grant()], lines, discounts=[Decimal("1500")], total=None) == {}
    assert mismatches([set_grant()], lines, discounts=[Decimal("500")], total=None)


def test_without_discounts_the_total_shows_a_set_discount_not_given():
    lines = [OrderedLine(10, 1, Decimal("10000"))]
    assert mismatches([set_grant()], lines, discounts=None, total=Decimal("8500")) == {}
    assert mismatches([set_grant()], lines, discounts=None, total=Decimal("10000"))
