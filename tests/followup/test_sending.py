"""Which follow-up mails go out, and what each one says (Django's locmem mail backend)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from upsell_app.followup import sending
from upsell_app.followup.consent import record_consent, withdraw
from upsell_app.models import EventType, FollowUpMail, FollowUpMoment, MailStatus, Offer, OfferEvent

from .builders import FollowUpShop

pytestmark = pytest.mark.django_db

NOON_TOKYO = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)  # 12:00 in Asia/Tokyo (TIME_ZONE)
NIGHT_TOKYO = datetime(2026, 6, 10, 13, 30, tzinfo=UTC)  # 22:30 in Asia/Tokyo


@pytest.fixture
def shop():
    return FollowUpShop(NOON_TOKYO).build()


def run(now=NOON_TOKYO) -> list[str]:
    return [sending.send(mail_id, now) for mail_id in sending.queue_due(now)]


@pytest.mark.parametrize("moment", list(FollowUpMoment))
def test_each_moment_mails_an_opted_in_shopper_once(shop, mailoutbox, moment):
    shop.shopper("c1", moment)
    assert run() == ["sent"]
    assert run() == []
    assert [m.to for m in mailoutbox] == [["c1@example.com"]]


def test_the_replenishment_mail_offers_the_product_again(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.REPLENISHMENT)
    run()
    assert mailoutbox[0].subject == "Time to restock House blend"


def test_the_after_delivery_mail_offers_the_partner_at_the_offers_price(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    run()
    assert mailoutbox[0].subject == "Paper filters goes with your new dripper"
    assert "¥400" in mailoutbox[0].body  # 20 % off ¥500


def test_the_before_renewal_mail_offers_the_upgrade(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.BEFORE_RENEWAL)
    run()
    assert mailoutbox[0].subject == "Upgrade to Beans 500 g before you renew"


def test_a_japanese_shopper_gets_the_mail_in_japanese(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.REPLENISHMENT, language="ja")
    run()
    message = mailoutbox[0]
    assert message.subject == "House blendのお取り寄せ時期です"
    assert "配信停止" in message.body
    assert "配信停止" in message.alternatives[0][0]


def test_a_mail_is_multipart_with_inlined_css_sender_and_one_click_headers(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.REPLENISHMENT)
    run()
    message = mailoutbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'style="' in html and "<style>" not in html
    assert message.from_email == "Demo Coffee Shop <offers@shop.example>"
    assert "1-1 Demo-cho" in message.body and "1-1 Demo-cho" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/upsell/mail/unsubscribe/")
    assert unsubscribe.strip("<>") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_mail_without_consent(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY, consent=False)
    assert run() == []
    assert mailoutbox == []


def test_no_mail_after_an_opt_out(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    withdraw("c1")
    assert run() == []
    assert mailoutbox == []


def test_a_queued_mail_does_not_go_out_after_an_opt_out(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    [mail_id] = sending.queue_due(NOON_TOKYO)
    withdraw("c1")
    assert sending.send(mail_id, NOON_TOKYO) == MailStatus.HELD
    assert FollowUpMail.objects.get(pk=mail_id).held_because == sending.NO_CONSENT
    assert mailoutbox == []


def test_nothing_is_queued_or_sent_in_quiet_hours_and_it_goes_after_them(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    [mail_id] = sending.queue_due(NOON_TOKYO)
    assert sending.send(mail_id, NIGHT_TOKYO) == sending.DEFERRED
    assert sending.queue_due(NIGHT_TOKYO) == []
    assert mailoutbox == []
    assert run(NIGHT_TOKYO + timedelta(hours=11)) == ["sent"]  # 09:30 the next morning


@override_settings(
    UPSELL={"FOLLOW_UP_QUIET_HOURS": (0, 0), "FOLLOW_UP_SITE_URL": "https://s.example"}
)
def test_without_quiet_hours_a_mail_goes_at_night(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    assert run(NIGHT_TOKYO) == ["sent"]


def test_one_follow_up_a_week_at_most(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    shop.due("c1", FollowUpMoment.REPLENISHMENT)
    assert run() == ["sent"]
    assert run(NOON_TOKYO + timedelta(days=1)) == []
    assert len(mailoutbox) == 1


def test_the_next_moment_goes_once_the_week_is_over(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    run()
    shop.now = NOON_TOKYO + timedelta(days=8)
    shop.due("c1", FollowUpMoment.REPLENISHMENT)
    assert run(shop.now) == ["sent"]
    assert len(mailoutbox) == 2


def test_the_offer_with_the_higher_priority_is_mailed_first(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    shop.due("c1", FollowUpMoment.REPLENISHMENT)
    restock = shop.follow_ups[FollowUpMoment.REPLENISHMENT].offer
    Offer.objects.filter(pk=restock.pk).update(priority=500)
    run()
    assert mailoutbox[0].subject == "Time to restock House blend"


def test_no_mail_for_a_paused_offer(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    [mail_id] = sending.queue_due(NOON_TOKYO)
    offer = shop.follow_ups[FollowUpMoment.AFTER_DELIVERY].offer
    type(offer).objects.filter(pk=offer.pk).update(is_active=False)
    assert sending.send(mail_id, NOON_TOKYO) == MailStatus.HELD
    assert FollowUpMail.objects.get(pk=mail_id).held_because == sending.OFFER_PAUSED
    assert mailoutbox == []


def test_no_mail_for_an_out_of_stock_product(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    type(shop.filters).objects.filter(pk=shop.filters.pk).update(stock=0)
    assert run() == [MailStatus.HELD]
    assert FollowUpMail.objects.get().held_because == sending.OUT_OF_STOCK
    assert mailoutbox == []


def test_no_mail_for_a_product_bought_since_it_was_queued(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    [mail_id] = sending.queue_due(NOON_TOKYO)
    shop.order("c1", [shop.filters], NOON_TOKYO - timedelta(hours=1))
    assert sending.send(mail_id, NOON_TOKYO) == MailStatus.HELD
    assert FollowUpMail.objects.get(pk=mail_id).held_because == sending.ALREADY_BOUGHT


def test_no_after_delivery_mail_when_the_partner_was_in_the_same_order(shop, mailoutbox):
    shop.order("c1", [shop.dripper, shop.filters], NOON_TOKYO - timedelta(days=7, hours=1))
    record_consent("c1", "c1@example.com")
    assert run() == []


def test_no_replenishment_mail_when_the_shopper_already_bought_again(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.REPLENISHMENT)
    shop.order("c1", [shop.coffee], NOON_TOKYO - timedelta(days=2))
    assert run() == []


def test_a_moment_long_past_is_not_mailed(shop, mailoutbox):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    assert run(NOON_TOKYO + timedelta(days=5)) == []


def test_a_sent_mail_is_recorded_as_the_mail_channels_impression(
    shop, mailoutbox, django_capture_on_commit_callbacks
):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)

    with django_capture_on_commit_callbacks(execute=True):
        run()

    shown = OfferEvent.objects.get(type=EventType.IMPRESSION)
    assert (shown.trigger, shown.shopper_key) == ("mail", "c1")


def test_a_mail_held_back_records_no_impression(
    shop, mailoutbox, django_capture_on_commit_callbacks
):
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    [mail_id] = sending.queue_due(NOON_TOKYO)
    withdraw("c1")

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send(mail_id, NOON_TOKYO) == MailStatus.HELD

    assert not OfferEvent.objects.filter(type=EventType.IMPRESSION).exists()
