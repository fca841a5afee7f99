"""A cart signal sent without the ids the app needs is a shop bug said out loud: it raises under
DEBUG and logs an error in production, naming the missing argument and how to send it."""

from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory, override_settings

from upsell_app import signals
from upsell_app.signals import SignalArgumentError


class Basket:
    """Stands for the shop's cart model as a signal's sender."""


def _request():
    return RequestFactory().get("/")


@override_settings(DEBUG=True)
def test_line_removed_without_line_id_raises_under_debug_naming_the_fix():
    with pytest.raises(SignalArgumentError) as raised:
        signals.cart_line_removed.send(
            sender=Basket, request=_request(), product_id=7, line_id=None
        )
    assert str(raised.value) == (
        "upsell_app.signals.cart_line_removed was sent by Basket without line_id: pass the id "
        "your cart adapter gives the line (read it before row.delete()). The signal was ignored."
    )


@override_settings(DEBUG=True)
def test_line_removed_without_product_id_raises_under_debug():
    with pytest.raises(SignalArgumentError, match="without product_id: pass the product's"):
        signals.cart_line_removed.send(sender=Basket, request=_request(), line_id="12")


@override_settings(DEBUG=True)
def test_line_added_without_product_id_raises_under_debug():
    with pytest.raises(SignalArgumentError, match="cart_line_added was sent by Basket without"):
        signals.cart_line_added.send(sender=Basket, request=_request(), quantity=1)


@override_settings(DEBUG=True)
def test_order_completed_without_order_id_raises_under_debug():
    with pytest.raises(SignalArgumentError, match="without order_id: pass the order's number"):
        signals.order_completed.send(sender=Basket, request=None, lines=[])


@override_settings(DEBUG=False)
def test_line_removed_without_line_id_logs_an_error_in_production(caplog):
    with caplog.at_level(logging.ERROR, logger="upsell_app.signals"):
        signals.cart_line_removed.send(sender=Basket, request=_request(), product_id=7, line_id="")
    (record,) = [r for r in caplog.records if r.name == "upsell_app.signals"]
    assert record.levelno == logging.ERROR
    assert record.getMessage().startswith(
        "upsell_app.signals.cart_line_removed was sent by Basket without line_id"
    )


@override_settings(DEBUG=True)
def test_line_removed_with_both_ids_is_accepted():
    signals.cart_line_removed.send(sender=Basket, request=_request(), product_id=7, line_id="12")

