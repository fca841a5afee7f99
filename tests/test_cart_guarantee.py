"""Carts the app cannot lock: `check` says which guarantee the shop's cart adapter gives against
two changes to one cart at once, and the optimistic check refuses a writer that read a stale
cart."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import override_settings

from tests.test_integration_checks import LinesOnlyAdapter
from upsell_app.adapters import SimpleCartAdapter
from upsell_app.cart_lock import CartChanged, check_version, record_version, save_checked
from upsell_app.shop.integration_checks import check_cart_guarantee, report_cart_guarantee


class LockedLinesAdapter(LinesOnlyAdapter):
    @contextmanager
    def lock(self) -> Iterator[None]:
        yield


class VersionedCookieAdapter(SimpleCartAdapter):
    def cart_version(self) -> str | None:
        return "3"


def _checks(adapter: type) -> list[tuple[str, str]]:
    from django.conf import settings

    path = f"{adapter.__module__}.{adapter.__name__}"
    with override_settings(UPSELL={**settings.UPSELL, "CART_ADAPTER": path}):
        return [(m.id, m.msg) for m in [*check_cart_guarantee(), *report_cart_guarantee()]]


def test_an_adapter_with_a_lock_is_reported_as_serialised_by_check_deploy():
    [(check_id, message)] = _checks(LockedLinesAdapter)

    assert check_id == "upsell_app.I080"
    assert "LockedLinesAdapter serialises accepted offers with a lock" in message


def test_a_lines_only_adapter_reporting_a_cart_version_is_reported_as_optimistic():
    [(check_id, message)] = _checks(VersionedCookieAdapter)

    assert check_id == "upsell_app.I081"
    assert "checked optimistically" in message


def test_a_full_adapter_without_lock_or_version_is_warned_about_by_every_check():
    assert [check_id for check_id, _ in _checks(LinesOnlyAdapter)] == ["upsell_app.W080"]


def test_the_guarantee_notes_stay_out_of_a_plain_check():
    from django.conf import settings

    path = f"{__name__}.VersionedCookieAdapter"
    with override_settings(UPSELL={**settings.UPSELL, "CART_ADAPTER": path}):
        assert check_cart_guarantee() == []


@pytest.fixture
def cart() -> str:
    """A cart key no other test (or earlier run on a shared Redis) wrote."""
    return f"cart-{uuid.uuid4().hex}"


def test_a_writer_that_read_the_last_written_version_may_write(cart):
    record_version(cart, "1")

    check_version(cart, "1")  # no refusal


def test_a_writer_that_read_an_older_version_is_refused(cart):
    record_version(cart, "2")

    with pytest.raises(CartChanged):
        check_version(cart, "1")


def test_a_cart_never_written_through_the_record_may_be_written(cart):
    check_version(cart, "7")  # no refusal: a new cart


def test_the_shops_own_write_records_its_version_so_a_stale_accept_is_refused(cart):
    saved: list[str] = []
    save_checked(cart, "1", "2", lambda: saved.append("2"))

    assert saved == ["2"]
    with pytest.raises(CartChanged):
        check_version(cart, "1")


def test_the_shops_own_stale_write_is_refused_and_saves_nothing(cart):
    record_version(cart, "5")
    saved: list[str] = []

    with pytest.raises(CartChanged):
        save_checked(cart, "4", "5", lambda: saved.append("x"))
    assert saved == []
