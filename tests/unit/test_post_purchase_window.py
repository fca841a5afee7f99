"""Whether a placed order may still take a thank-you offer's line (the pure rule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from upsell_app.selection.post_purchase import may_amend

PLACED = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def amend(minutes_later: float, *, paid: bool = False, amendable: bool = False) -> bool:
    return may_amend(
        PLACED,
        paid=paid,
        amendable_payment=amendable,
        now=PLACED + timedelta(minutes=minutes_later),
        window_minutes=15,
    )


def test_an_unpaid_order_may_change_within_the_window():
    assert amend(14)


def test_an_order_may_change_up_to_the_last_minute_of_the_window():
    assert amend(15)


def test_no_order_changes_after_the_window():
    assert not amend(15.01)


def test_a_paid_order_may_change_when_its_payment_allows_an_amended_charge():
    assert amend(5, paid=True, amendable=True)


def test_a_paid_order_whose_payment_cannot_be_amended_never_changes():
    assert not amend(1, paid=True, amendable=False)


def test_an_amendable_payment_does_not_stretch_the_window():
    assert not amend(16, paid=True, amendable=True)
