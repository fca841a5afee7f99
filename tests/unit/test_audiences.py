"""Who an offer is for: each audience rule on the pure selection, then the engine using them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from upsell_app.selection.audiences import (
    Audience,
    ShopperFacts,
    matches,
    segment,
)
from upsell_app.selection.engine import select_offer
from upsell_app.selection.types import ShopperState, Trigger

from .builders import catalogue, context, index, line, product, rule

NEWCOMER = ShopperFacts()  # a first-time guest on a computer
REGULAR = ShopperFacts(past_orders=4, lifetime_spend=Decimal("48000"), logged_in=True)


# -- first-time or returning ----------------------------------------------------------------------
def test_first_time_audience_takes_a_shopper_without_past_orders_only():
    audience = Audience(customer_types=frozenset({"first_time"}))

    assert matches(audience, NEWCOMER)
    assert not matches(audience, REGULAR)


def test_returning_audience_takes_a_shopper_with_a_past_order_only():
    audience = Audience(customer_types=frozenset({"returning"}))

    assert matches(audience, replace(NEWCOMER, past_orders=1))
    assert not matches(audience, NEWCOMER)


# -- number of past orders ------------------------------------------------------------------------
def test_past_orders_range_includes_both_ends():
    audience = Audience(min_orders=2, max_orders=5)

    assert [matches(audience, replace(NEWCOMER, past_orders=n)) for n in (1, 2, 5, 6)] == [
        False,
        True,
        True,
        False,
    ]


# -- lifetime spend band --------------------------------------------------------------------------
def test_spend_band_includes_both_ends():
    audience = Audience(min_spend=Decimal("10000"), max_spend=Decimal("50000"))

    spends = ("9999", "10000", "50000", "50001")
    assert [matches(audience, replace(NEWCOMER, lifetime_spend=Decimal(s))) for s in spends] == [
        False,
        True,
        True,
        False,
    ]


# -- current subscribers --------------------------------------------------------------------------
def test_subscribers_only_refuses_a_shopper_without_a_running_subscription():
    audience = Audience(subscribers_only=True)

    assert matches(audience, replace(REGULAR, is_subscriber=True))
    assert not matches(audience, REGULAR)


# -- logged in or guest ---------------------------------------------------------------------------
def test_guest_audience_refuses_a_logged_in_customer():
    audience = Audience(logins=frozenset({"guest"}))

    assert matches(audience, NEWCOMER)
    assert not matches(audience, REGULAR)


def test_logged_in_audience_refuses_a_guest():
    audience = Audience(logins=frozenset({"logged_in"}))

    assert matches(audience, REGULAR)
    assert not matches(audience, NEWCOMER)


# -- device class ---------------------------------------------------------------------------------
def test_device_audience_takes_the_devices_ticked():
    audience = Audience(devices=frozenset({"phone", "tablet"}))

    assert matches(audience, replace(NEWCOMER, device="phone"))
    assert matches(audience, replace(NEWCOMER, device="tablet"))
    assert not matches(audience, replace(NEWCOMER, device="desktop"))


# -- referrer or UTM source -----------------------------------------------------------------------
def test_came_from_matches_a_part_of_the_source_in_any_case():
    audience = Audience(came_from="Instagram")

    assert matches(audience, replace(NEWCOMER, came_from="l.instagram.com"))
    assert not matches(audience, replace(NEWCOMER, came_from="newsletter"))
    assert not matches(audience, NEWCOMER)


# -- language -------------------------------------------------------------------------------------
def test_language_audience_takes_regional_variants_of_the_language():
    audience = Audience(languages=frozenset({"ja"}))

    assert matches(audience, replace(NEWCOMER, language="ja"))
    assert matches(audience, replace(NEWCOMER, language="ja-JP"))
    assert not matches(audience, replace(NEWCOMER, language="en"))


# -- together -------------------------------------------------------------------------------------
def test_empty_audience_takes_everyone():
    assert matches(Audience(), NEWCOMER)
    assert matches(Audience(), REGULAR)


def test_every_rule_must_pass():
    audience = Audience(customer_types=frozenset({"returning"}), devices=frozenset({"phone"}))

    assert not matches(audience, REGULAR)  # returning, but on a computer
    assert matches(audience, replace(REGULAR, device="phone"))


def test_facts_not_gathered_do_not_refuse():
    """The accept re-check and the admin's preview do not ask who the shopper is."""
    assert matches(Audience(subscribers_only=True), None)


def test_audience_survives_its_json_form():
    audience = Audience(
        customer_types=frozenset({"returning"}),
        min_orders=2,
        max_spend=Decimal("30000"),
        subscribers_only=True,
        logins=frozenset({"logged_in"}),
        devices=frozenset({"phone"}),
        came_from="google",
        languages=frozenset({"ja"}),
    )

    assert Audience.from_json(audience.as_json()) == audience
    assert Audience.from_json({}).is_everyone


def test_segment_names_customer_type_and_device():
    assert segment(replace(REGULAR, device="tablet")) == "returning:tablet"
    assert segment(NEWCOMER) == "first_time:desktop"


# -- the engine -----------------------------------------------------------------------------------
SHOES, SOCKS, POLISH = product(1, 5000), product(2, 500), product(3, 800)


def _decide(facts):
    welcome = rule(
        1,
        sources=[1],
        targets=[2],
        priority=200,
        audience=Audience(customer_types=frozenset({"first_time"})),
    )
    loyal = rule(
        2,
        sources=[1],
        targets=[3],
        priority=100,
        audience=Audience(customer_types=frozenset({"returning"})),
    )
    ctx = replace(context(Trigger.ADD_TO_CART, line(SHOES), product_id=1), facts=facts)
    return select_offer(
        index([welcome, loyal], catalogue(SHOES, SOCKS, POLISH)), ctx, ShopperState()
    )


def test_engine_skips_an_offer_whose_audience_the_shopper_is_not_in():
    assert _decide(NEWCOMER).rule.id == 1
    assert _decide(REGULAR).rule.id == 2
