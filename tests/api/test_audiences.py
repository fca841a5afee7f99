"""Offers aimed at an audience: a first-time shopper and a returning customer see different
offers, and the shopper's facts come from the cache on a warm request (no SQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OfferFactory, ProductFactory, UserFactory
from upsell_app import signals
from upsell_app.models import OfferEvent
from upsell_app.serving.shopper_facts import arrival, classify_device

pytestmark = pytest.mark.django_db

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def _session_read_from_the_cache(settings):
    """The app's queries are counted, not the shop's session store (see test_offers_queries)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def camera_offers():
    """A welcome offer for first-time customers and a loyalty offer for returning ones."""
    camera = ProductFactory(name="Camera", price=Decimal("50000"))
    card = ProductFactory(name="Memory card", price=Decimal("3000"))
    lens = ProductFactory(name="Lens", price=Decimal("30000"))
    welcome = OfferFactory(
        name="Welcome",
        sources=[camera],
        targets=[card],
        audience={"customer_types": ["first_time"]},
    )
    loyal = OfferFactory(
        name="Loyal",
        sources=[camera],
        targets=[lens],
        audience={"customer_types": ["returning"]},
    )
    return camera, welcome, loyal


def _ordered_before(shopper, customer_key: str, product) -> None:
    """The shop completed an order of this session earlier (its view sends the signal)."""
    request = shopper.request()
    signals.order_completed.send(
        sender=None,
        request=request,
        order_id=f"A-{customer_key}",
        lines=[{"product_id": product.pk, "quantity": 1, "unit_price": product.price}],
        customer_key=customer_key,
        total=product.price,
    )
    request.session.save()


def test_first_time_shopper_and_returning_customer_get_different_offers(
    make_shopper, camera_offers, no_cooldown
):
    camera, welcome, loyal = camera_offers
    newcomer, regular = make_shopper(), make_shopper()
    regular.add(camera)
    _ordered_before(regular, "guest:regular", camera)

    newcomer.add(camera)
    regular.add(camera)

    assert newcomer.offer("add_to_cart", camera.pk)["id"] == welcome.pk
    assert regular.offer("add_to_cart", camera.pk)["id"] == loyal.pk


def test_warm_request_of_a_returning_customer_runs_no_query(shopper, camera_offers, no_cooldown):
    camera, _welcome, loyal = camera_offers
    shopper.add(camera)
    _ordered_before(shopper, "guest:regular", camera)
    shopper.add(camera)
    assert shopper.offer("add_to_cart", camera.pk)["id"] == loyal.pk  # cold: history read

    shopper.prove("add_to_cart", camera.pk)  # the shop's own request, not the offers one
    with CaptureQueriesContext(connection) as queries:
        offer = shopper.offer("add_to_cart", camera.pk, proven=False)

    assert offer["id"] == loyal.pk
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_logged_in_customer_with_past_orders_is_returning(shopper, camera_offers, no_cooldown):
    camera, _welcome, loyal = camera_offers
    user = UserFactory()
    shopper.client.force_login(user)
    _ordered_before(shopper, f"user:{user.pk}", camera)
    shopper.add(camera)

    assert shopper.offer("add_to_cart", camera.pk)["id"] == loyal.pk


def test_a_completed_order_makes_a_first_time_customer_returning(
    shopper, camera_offers, no_cooldown, django_capture_on_commit_callbacks
):
    """The customer's cached facts are forgotten when their order completes."""
    camera, welcome, loyal = camera_offers
    user = UserFactory()
    shopper.client.force_login(user)
    shopper.add(camera)
    assert shopper.offer("add_to_cart", camera.pk)["id"] == welcome.pk  # no orders, cached

    with django_capture_on_commit_callbacks(execute=True):
        _ordered_before(shopper, f"user:{user.pk}", camera)
    shopper.add(camera)

    assert shopper.offer("add_to_cart", camera.pk)["id"] == loyal.pk


def test_impression_records_the_shoppers_audience(
    make_shopper, camera_offers, django_capture_on_commit_callbacks
):
    camera, welcome, _loyal = camera_offers
    phone = make_shopper(HTTP_USER_AGENT=IPHONE)
    phone.add(camera)

    with django_capture_on_commit_callbacks(execute=True):
        assert phone.offer("add_to_cart", camera.pk)["id"] == welcome.pk

    event = OfferEvent.objects.get(offer=welcome, type="impression")
    assert event.audience == "first_time:phone"


def test_accept_records_the_shoppers_audience(
    make_shopper, camera_offers, django_capture_on_commit_callbacks
):
    camera, welcome, _loyal = camera_offers
    phone = make_shopper(HTTP_USER_AGENT=IPHONE)
    phone.add(camera)
    offer = phone.offer("add_to_cart", camera.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert phone.accept(offer).status_code == 200

    assert OfferEvent.objects.get(offer=welcome, type="accept").audience == "first_time:phone"


def test_offer_for_phones_is_not_shown_on_a_computer(make_shopper, camera_offers):
    camera, welcome, loyal = camera_offers
    welcome.audience = {"devices": ["phone"]}
    welcome.save()
    loyal.delete()
    computer, phone = make_shopper(), make_shopper(HTTP_USER_AGENT=IPHONE)
    computer.add(camera)
    phone.add(camera)

    assert computer.offer("add_to_cart", camera.pk) is None
    assert phone.offer("add_to_cart", camera.pk)["id"] == welcome.pk


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (IPHONE, "phone"),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36",
            "phone",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
            "tablet",
        ),
        ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Safari/537.36", "tablet"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126 Safari/537.36",
            "desktop",
        ),
        ("", "desktop"),
    ],
)
def test_device_class_is_read_from_the_user_agent(user_agent, device):
    assert classify_device(user_agent) == device


def test_arrival_is_the_utm_source_of_the_landing_page_or_another_sites_host(rf):
    from_campaign = rf.get("/api/", HTTP_REFERER="http://testserver/?utm_source=newsletter")
    from_search = rf.get("/api/", HTTP_REFERER="https://www.google.com/search?q=camera")
    from_own_page = rf.get("/api/", HTTP_REFERER="http://testserver/cart/")

    assert arrival(from_campaign) == "newsletter"
    assert arrival(from_search) == "www.google.com"
    assert arrival(from_own_page) == ""
