"""The dashboard's headline: what the app earns per visitor, shown offers against the holdout."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import StaffUserFactory
from upsell_app.analytics import uplift, verdicts
from upsell_app.analytics.dashboard import Period
from upsell_app.models import OrderOutcome, Visit

pytestmark = pytest.mark.django_db

URL = "/admin/upsell_app/dashboard/"


@pytest.fixture
def holdout_on(settings):
    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0.05, "AB_MIN_SAMPLE": 3}


def visitors(prefix: str, count: int, held_out: bool) -> list[str]:
    ids = [f"s:{prefix}{n}" for n in range(count)]
    Visit.objects.bulk_create(
        [Visit(visitor_id=i, day=timezone.localdate(), held_out=held_out) for i in ids]
    )
    return ids


def order(visitor: str, total: str, held_out: bool, days_ago: int = 0) -> None:
    OrderOutcome.objects.create(
        order_id=f"{visitor}-{total}-{days_ago}", visitor_id=visitor, held_out=held_out,
        total=Decimal(total), ordered_at=timezone.now() - timedelta(days=days_ago),
    )


def test_each_group_counts_every_visitor_and_what_the_buyers_spent(holdout_on):
    held = visitors("h", 4, held_out=True)
    shown = visitors("e", 5, held_out=False)
    order(held[0], "4000", True)
    order(shown[0], "6000", False)
    order(shown[0], "1000", False)  # a second order of the same shopper
    order(shown[1], "3000", False)

    groups = uplift.group_sums(Period.last_days(7))

    assert (groups[True].n, groups[True].y, groups[True].yy) == (4, 4000, 4000**2)
    assert (groups[False].n, groups[False].y, groups[False].yy) == (5, 10000, 7000**2 + 3000**2)


def test_spend_before_the_period_is_the_covariate_of_the_visitors_who_came(holdout_on):
    shown = visitors("e", 3, held_out=False)
    order(shown[0], "2000", False, days_ago=20)  # before the 7-day period
    order(shown[0], "5000", False)
    order("s:not-a-visitor", "9000", False, days_ago=20)  # did not come in the period

    groups = uplift.group_sums(Period.last_days(7))

    assert (groups[False].x, groups[False].xx, groups[False].xy) == (2000, 2000**2, 2000 * 5000)


def test_the_headline_says_plainly_when_there_is_not_enough_data(client, holdout_on):
    visitors("h", 2, held_out=True)
    visitors("e", 40, held_out=False)
    client.force_login(StaffUserFactory())
    holdout = client.get(URL).context["holdout"]
    assert holdout["enough"] is False
    assert holdout["sentence"].startswith("Not enough data yet: 2 shoppers kept from offers")


def test_the_headline_is_the_difference_in_revenue_per_visitor_with_its_range(client, holdout_on):
    held = visitors("h", 4, held_out=True)
    shown = visitors("e", 4, held_out=False)
    for visitor, total in zip(held, ("1000", "2000", "0", "1000"), strict=True):
        order(visitor, total, True)
    for visitor, total in zip(shown, ("2000", "3000", "1000", "2000"), strict=True):
        order(visitor, total, False)
    client.force_login(StaffUserFactory())
    response = client.get(URL)
    holdout = response.context["holdout"]
    assert holdout["value"] == "+¥1,000 per visitor"  # 2,000 against 1,000
    assert "the app earns +¥1,000 per visitor (between −¥" in holdout["sentence"]
    assert holdout["sure"].startswith("Not sure yet")  # four shoppers a group prove nothing
    assert "mSPRT" in response.text


def test_the_headline_says_when_the_holdout_is_off(settings):
    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0}
    summary = verdicts.holdout_summary(uplift.uplift(Period.last_days(7)))
    assert summary["sentence"].startswith("The holdout is off")


def test_the_headline_and_the_ab_words_read_in_japanese(settings):
    from django.utils import translation

    from upsell_app.analytics import sequential

    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0}
    result = sequential.compare(
        sequential.Sums.of_proportion(500, 10000), sequential.Sums.of_proportion(700, 10000)
    )
    with translation.override("ja"):
        summary = verdicts.holdout_summary(uplift.uplift(Period.last_days(7)))
        words = verdicts.comparison(result, "better", "B", "A", "take_rate")
        footnote = verdicts.method_footnote()
    assert summary["sentence"].startswith("ホールドアウトがオフです")
    assert words["which"] == "B のほうが A より良い"  # どちらが良いか
    assert words["how_much"].startswith("成約率の差 +2.0 ポイント")  # どれだけ
    assert words["sure"].startswith("確からしさ 99.9%")  # 確からしさ
    assert footnote.startswith("手法：混合逐次確率比検定")


def test_a_clear_gain_over_the_holdout_is_said_to_be_sure():
    from upsell_app.analytics import sequential

    held = sequential.Sums.of([0.0] * 300 + [4000.0] * 200)
    shown = sequential.Sums.of([0.0] * 3000 + [6000.0] * 2000)
    u = uplift.Uplift(held, shown, sequential.compare(held, shown), minimum=100, share=0.05)
    assert verdicts.holdout_summary(u)["sure"] == (
        "At least 95.0% sure that offers make shoppers spend more."
    )


def test_the_demos_simulated_traffic_keeps_its_holdout_from_offers_and_counts_its_visits(
    settings,
):
    from django.core.management import call_command

    from tests.factories import OfferFactory, ProductFactory
    from upsell_app.models import OfferEvent

    settings.UPSELL = {**settings.UPSELL, "HOLDOUT_SHARE": 0.3}
    camera, card = ProductFactory(price=Decimal("50000")), ProductFactory(price=Decimal("3000"))
    OfferFactory(sources=[camera], targets=[card])
    call_command("upsell_simulate_traffic", "--days", "3", "--shoppers-per-day", "40")

    held = set(Visit.objects.filter(held_out=True).values_list("visitor_id", flat=True))
    shown_keys = {f"s:{k}" for k in OfferEvent.objects.values_list("shopper_key", flat=True)}
    assert held and Visit.objects.filter(held_out=False).exists()
    assert not held & shown_keys  # not one event for a held-out shopper
    groups = uplift.group_sums(Period.last_days(7))
    assert groups[True].n == len(held)
