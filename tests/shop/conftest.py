"""Helpers for the demo shop's tests: a client with a cart, and signal capture."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.dispatch import Signal
from django.test import RequestFactory

from shop_demo.shop.models import Cart
from tests.factories import CartFactory


@pytest.fixture
def capture_signal() -> Iterator[Callable[[Signal], list[dict[str, Any]]]]:
    """``calls = capture_signal(signals.cart_line_added)``: the kwargs of every send, in order."""
    connected: list[tuple[Signal, Callable[..., None]]] = []

    def capture(signal: Signal) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = []

        def receiver(sender: Any, **kwargs: Any) -> None:
            calls.append({"sender": sender, **kwargs})

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls

    yield capture
    for signal, receiver in connected:
        signal.disconnect(receiver)


@pytest.fixture
def client_cart(client: Any) -> Cart:
    """The cart of the test client's session (the shop finds carts by session key)."""
    session = client.session
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return CartFactory(session_key=session.session_key)


@pytest.fixture
def shop_request(db: Any) -> Any:
    """A request with a saved session, as the upsell app hands it to the cart adapter."""
    request = RequestFactory().post("/upsell/api/offers/1/accept/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session.save()
    request.user = AnonymousUser()
    return request
