"""Shoppers in the admin's lists: a member by account number, a guest by a short reference,
never a whole key (a session-derived key is half a credential)."""

from __future__ import annotations

import pytest
from django.utils import translation

from upsell_app.admin.display import shopper_label


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def test_a_shopper_with_an_account_is_a_member_by_number():
    assert shopper_label("s:1577cbf0e2aa", user_id=42) == "会員 #42"


@pytest.mark.parametrize("key", ["user:42", "u:42"])
def test_a_shop_or_app_member_key_is_a_member_by_number(key):
    assert shopper_label(key) == "会員 #42"


@pytest.mark.parametrize("key", ["s:1577cbf0e2aa41d9", "guest:1577cbf0e2aa41d9"])
def test_a_guest_is_shown_by_the_first_six_characters_of_the_key(key):
    assert shopper_label(key) == "ゲスト 1577cb"


def test_an_oscar_guest_without_an_email_is_named_by_the_order():
    assert shopper_label("order:100023") == "ゲスト（注文 100023）"


def test_a_long_key_of_another_shape_is_shortened():
    label = shopper_label("abcdefghijklmnopqrstuvwxyz012345")

    assert label == "お客様 abcdef…"


def test_a_short_key_of_another_shape_is_shown_whole():
    assert shopper_label("demo-customer-3") == "お客様 demo-customer-3"


def test_no_key_is_a_guest():
    assert shopper_label("") == "ゲスト"
