"""Acceptance: a follow-up mail's link brings its offer back, in the demo shop.

The mail is sent the way the app sends it (through Django's mail backend, here locmem) and its
link taken from the message body. Opening it shows the shop's page with the offer's pop-up;
accepting adds the product at the mail's price. The same link in another browser, or after it
expired, shows a page that says why and changes nothing.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from shop_demo.shop.models import Product
from tests.factories import OfferFactory
from tests.followup.builders import with_texts
from upsell_app.followup import sending
from upsell_app.followup.consent import record_consent
from upsell_app.followup.links import offer_link_token
from upsell_app.models import (
    FollowUp,
    FollowUpMail,
    FollowUpMoment,
    OfferAcceptance,
    OfferEvent,
    PurchaseLine,
)
from upsell_app.selection.pricing import format_money

from .test_demo_shop import header_total, popup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/upsell/mail/offer/[^/\s]+/")


@pytest.fixture
def demo_shop(live_server, settings) -> str:
    call_command("load_demo", stdout=StringIO())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.UPSELL = {
        **settings.UPSELL,
        "FOLLOW_UP_SITE_URL": live_server.url,
        "FOLLOW_UP_QUIET_HOURS": (0, 0),  # the mail goes whatever the hour the test runs
        "FOLLOW_UP_SENDER_NAME": "Demo shop",
        "FOLLOW_UP_SENDER_ADDRESS": "1-1 Demo-cho",
    }
    return live_server.url


@pytest.fixture
def mailed(demo_shop) -> dict:
    """A kettle bought a week ago; the after-delivery mail offers the mug at 20 % off."""
    kettle = Product.objects.get(slug="gooseneck-kettle")
    mug = Product.objects.get(slug="hasami-mug")
    offer = OfferFactory(
        name="Mug for the kettle",
        kind="cross_sell",
        sources=[kettle],
        targets=[mug],
        discount_type="percent",
        discount_value=Decimal("20"),
    )
    with_texts(offer, FollowUpMoment.AFTER_DELIVERY)
    # This mail alone: the demo's own after-delivery mail for the kettle would win the week's cap.
    FollowUp.objects.all().delete()
    FollowUp.objects.create(offer=offer, moment=FollowUpMoment.AFTER_DELIVERY, days=7)
    PurchaseLine.objects.create(
        order_id="order-1",
        order_hash=1,
        customer_key="c1",
        product_id=kettle.pk,
        ordered_at=timezone.now() - timedelta(days=7, hours=12),
    )
    record_consent("c1", "c1@example.com", language="en")
    django_mail.outbox = []
    assert [sending.send(pk) for pk in sending.queue_due()] == ["sent"]
    link = LINK.search(django_mail.outbox[0].body).group(0)
    price = (mug.price * Decimal("0.8")).quantize(Decimal("1"))
    return {"link": link, "offer": offer, "mug": mug, "price": price}


def test_the_mails_link_opens_the_offer_and_accepting_adds_it_at_the_mails_price(
    page: Page, mailed: dict, js_errors
):
    price = format_money(mailed["price"])
    assert price in django_mail.outbox[0].body

    page.goto(mailed["link"])

    dialog = popup(page, "cross_sell")
    expect(dialog).to_contain_text(mailed["mug"].name)
    expect(dialog.locator(".upsell-price").first).to_contain_text(price)
    dialog.locator(".upsell-accept").click()
    expect(dialog).to_have_count(0)
    expect(header_total(page)).to_have_text(price)
    acceptance = OfferAcceptance.objects.get(offer=mailed["offer"])
    assert acceptance.unit_price == mailed["price"]
    assert js_errors == []


def test_opening_and_accepting_from_a_mail_are_recorded_in_the_mail_channel(
    page: Page, mailed: dict
):
    page.goto(mailed["link"])
    dialog = popup(page, "cross_sell")
    dialog.locator(".upsell-accept").click()
    expect(header_total(page)).to_have_text(format_money(mailed["price"]))

    mail_events = OfferEvent.objects.filter(offer=mailed["offer"], trigger="mail")
    # sent (the channel's impression), its link opened, accepted
    assert sorted(mail_events.values_list("type", flat=True)) == ["accept", "click", "impression"]


def test_the_link_opened_in_another_browser_is_refused_and_changes_nothing(
    page: Page, browser: Browser, mailed: dict, demo_shop: str
):
    page.goto(mailed["link"])
    popup(page, "cross_sell")
    other = browser.new_context(locale="en-US").new_page()

    response = other.goto(mailed["link"])

    assert response is not None and response.status == 403
    expect(other.get_by_role("alert")).to_contain_text("already opened in another browser")
    other.goto(f"{demo_shop}/cart/")
    expect(header_total(other)).to_have_text("¥0")
    assert not OfferAcceptance.objects.exists()
    other.context.close()


def test_an_expired_link_is_refused_and_changes_nothing(page: Page, mailed: dict, demo_shop: str):
    sent = FollowUpMail.objects.get()
    eight_days_ago = time.time() - 8 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = offer_link_token(sent, mailed["price"])
    expired = LINK.sub(f"{demo_shop}/upsell/mail/offer/{token}/", mailed["link"])

    response = page.goto(expired)

    assert response is not None and response.status == 410
    expect(page.get_by_role("alert")).to_contain_text("This offer has expired")
    page.goto(f"{demo_shop}/cart/")
    expect(page.locator("dialog.upsell-dialog[data-kind='cross_sell']")).to_have_count(0)
    expect(header_total(page)).to_have_text("¥0")
    assert FollowUpMail.objects.get().link_session == ""
