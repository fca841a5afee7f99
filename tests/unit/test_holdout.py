"""Who is held out: a fixed share, decided by the shopper's id alone, independent of A/B arms."""

from __future__ import annotations

import pytest

from upsell_app.selection.holdout import is_held_out, visitor_id
from upsell_app.serving.assignment import bucket, stable_shopper_id

IDS = [f"s:session-{n}" for n in range(20_000)]


def test_nobody_is_held_out_when_the_share_is_zero():
    assert not any(is_held_out(i, 0) for i in IDS)


@pytest.mark.parametrize("share", [0.05, 0.2])
def test_the_held_out_share_of_shoppers_is_the_setting(share):
    held = sum(is_held_out(i, share) for i in IDS) / len(IDS)
    assert held == pytest.approx(share, abs=0.01)


def test_a_shopper_stays_in_their_group():
    assert [is_held_out(i, 0.05) for i in IDS[:500]] == [is_held_out(i, 0.05) for i in IDS[:500]]


def test_the_holdout_is_independent_of_an_offers_ab_arm():
    # Among held-out shoppers, an offer's 50/50 A/B split is still 50/50.
    held = [i for i in IDS if is_held_out(i, 0.2)]
    in_arm_a = sum(bucket(7, i) < 0.5 for i in held) / len(held)
    assert in_arm_a == pytest.approx(0.5, abs=0.03)


def test_the_holdout_hashes_the_same_shopper_id_as_ab_assignment():
    assert visitor_id(12, "abc") == stable_shopper_id(12, "abc") == "u:12"
    assert visitor_id(None, "abc") == stable_shopper_id(None, "abc") == "s:abc"
