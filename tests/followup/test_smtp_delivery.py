"""End to end: a real SMTP server (aiosmtpd) started here receives the follow-up mails that a
real Celery worker sends through Django's SMTP backend.

Needs PostgreSQL (the worker must share the test database) and Redis (the broker); CI runs it
with ``DATABASE_URL`` set. A worker's settings are fixed when it starts, so quiet hours get a
worker of their own; an opt-out while a mail is queued is shown with the tasks called here.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from tests.analytics.brokers import REDIS_BROKER, celery_broker, redis_is_up
from tests.redis_keys import BUFFER_RUN_VARIABLE, RUN_ID, RUN_PREFIX
from upsell_app.analytics import recording
from upsell_app.analytics.recording import event_payload
from upsell_app.followup import sending, tasks
from upsell_app.followup.consent import record_consent, withdraw
from upsell_app.models import (
    FollowUpMail,
    FollowUpMoment,
    MailConsent,
    MailStatus,
    OfferEvent,
    OptOutChannel,
)

from .builders import FollowUpShop

ROOT = Path(__file__).resolve().parents[2]
SENDER = "Demo Coffee Shop <offers@shop.example>"
#: What each moment's mail is titled, per language (tests/followup/builders.py's texts).
SUBJECTS = {
    (FollowUpMoment.REPLENISHMENT, "en"): "Time to restock House blend",
    (FollowUpMoment.REPLENISHMENT, "ja"): "House blendのお取り寄せ時期です",
    (FollowUpMoment.AFTER_DELIVERY, "en"): "Paper filters goes with your new dripper",
    (FollowUpMoment.AFTER_DELIVERY, "ja"): "ドリッパーにはPaper filtersを",
    (FollowUpMoment.BEFORE_RENEWAL, "en"): "Upgrade to Beans 500 g before you renew",
    (FollowUpMoment.BEFORE_RENEWAL, "ja"): "更新前にBeans 500 gへ",
}
OPT_OUT = {
    "en": "Unsubscribe (one click, no login)",
    "ja": "配信停止（ワンクリック、ログイン不要）",
}

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1"),
]


class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared database: set DATABASE_URL to PostgreSQL")


def quiet_hours_away_from_now() -> str:
    """Quiet hours that do not hold now in the shop's time zone (the worker's clock is real)."""
    hour = timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).hour
    return f"{(hour + 8) % 24},{(hour + 10) % 24}"


def quiet_hours_around_now() -> str:
    """Quiet from an hour ago to two hours on, in the shop's time zone: still quiet when the hour
    turns during the test."""
    hour = timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).hour
    return f"{(hour - 1) % 24},{(hour + 2) % 24}"


def start_worker(queue: str, smtp_port: int, quiet_hours: str = "") -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS_BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": queue,  # the send tasks the worker queues come back to it
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEMO_QUIET_HOURS": quiet_hours or quiet_hours_away_from_now(),
        "PYTHONPATH": str(ROOT),
        "CACHE_KEY_PREFIX": RUN_PREFIX,
        BUFFER_RUN_VARIABLE: RUN_ID,  # the event buffer keys of this run (a sent mail's event)
    }
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "shop_demo", "worker", "-P", "solo", "-Q", queue,
         "-I", "tests.analytics.worker_buffer",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for(inbox: Inbox, count: int, worker: subprocess.Popen) -> None:
    """Until ``count`` mails arrived, no mail is left queued and each sent mail's impression is
    written (the worker flushes the event buffer too; a minute at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None:
        done = not FollowUpMail.objects.filter(status=MailStatus.QUEUED).exists()
        if len(inbox.messages) >= count and done and len(mail_impressions()) >= count:
            return
        time.sleep(0.2)


def mail_impressions() -> list[str]:
    return list(
        OfferEvent.objects.filter(trigger="mail", type="impression").values_list(
            "shopper_key", flat=True
        )
    )


def parts(message: email.message.EmailMessage) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


@pytest.mark.worker
def test_a_worker_mails_each_moment_in_both_languages_to_opted_in_shoppers_only(postgres, smtp):
    inbox, port = smtp
    shop = FollowUpShop(timezone.now()).build()
    wanted = {}
    for moment in FollowUpMoment:
        for language in ("en", "ja"):
            customer = f"{moment}-{language}"
            shop.shopper(customer, moment, language=language)
            wanted[f"{customer}@example.com"] = (moment, language)
    shop.shopper("no-consent", FollowUpMoment.AFTER_DELIVERY, consent=False)
    shop.shopper("opted-out", FollowUpMoment.AFTER_DELIVERY)
    withdraw("opted-out")
    shop.shopper("capped", FollowUpMoment.AFTER_DELIVERY)
    FollowUpMail.objects.create(
        follow_up=shop.follow_ups[FollowUpMoment.REPLENISHMENT], customer_key="capped",
        reference="order:last-week", about_at=shop.now - timedelta(days=30),
        product_id=shop.coffee.pk, due_at=shop.now - timedelta(days=2),
        status=MailStatus.SENT, sent_at=shop.now - timedelta(days=2),
    )  # fmt: skip

    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        worker = start_worker(queue, port)
        try:
            app.send_task(tasks.QUEUE_DUE)
            wait_for(inbox, len(wanted), worker)
        finally:
            stop(worker)

    assert sorted(m["X-Envelope-To"] for m in inbox.messages) == sorted(wanted)
    # Each mail sent is the mail channel's impression, for the dashboard: none for those held.
    assert sorted(f"{key}@example.com" for key in mail_impressions()) == sorted(wanted)
    for address, (moment, language) in wanted.items():
        [message] = inbox.to(address)
        assert message["Subject"] == SUBJECTS[moment, language]
        assert message["From"] == SENDER
        assert message.get_content_type() == "multipart/alternative"
        text, html = parts(message)
        unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe in text and unsubscribe in html
        assert OPT_OUT[language] in text and OPT_OUT[language] in html
        assert "offers@shop.example" in text and "offers@shop.example" in html
    assert not FollowUpMail.objects.filter(customer_key__in=["no-consent", "opted-out"]).exists()
    assert FollowUpMail.objects.filter(customer_key="capped").count() == 1


@pytest.mark.worker
def test_the_one_click_address_of_a_received_mail_unsubscribes_without_cookies(postgres, smtp):
    inbox, port = smtp
    shop = FollowUpShop(timezone.now()).build()
    shop.shopper("c1", FollowUpMoment.REPLENISHMENT, language="ja")
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        worker = start_worker(queue, port)
        try:
            app.send_task(tasks.QUEUE_DUE)
            wait_for(inbox, 1, worker)
        finally:
            stop(worker)
    [message] = inbox.messages
    path = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path

    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    consent = MailConsent.objects.get(customer_key="c1")
    assert consent.withdrawn_via == OptOutChannel.ONE_CLICK


def test_nothing_reaches_the_smtp_server_in_quiet_hours_or_after_an_opt_out(postgres, smtp):
    inbox, port = smtp
    shop = FollowUpShop(timezone.now()).build()
    shop.shopper("night", FollowUpMoment.AFTER_DELIVERY)
    shop.shopper("leaving", FollowUpMoment.REPLENISHMENT)
    hour = timezone.localtime().hour
    smtp_backend = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
    }
    # quiet from an hour ago to two hours on: still quiet when the hour turns during the test
    quiet = {**settings.UPSELL, "FOLLOW_UP_QUIET_HOURS": ((hour - 1) % 24, (hour + 2) % 24)}
    with override_settings(UPSELL=quiet, **smtp_backend):
        assert tasks.queue_due_follow_ups() == 0
    queued = FollowUpMail.objects.filter(customer_key="leaving")
    awake = {**settings.UPSELL, "FOLLOW_UP_QUIET_HOURS": ((hour + 8) % 24, (hour + 9) % 24)}
    with override_settings(UPSELL=awake, **smtp_backend):
        sending.queue_due()
        with override_settings(UPSELL=quiet):  # queued by day, its send falls in quiet hours
            assert tasks.send_follow_up_mail(queued.get().pk) == sending.DEFERRED
        withdraw("leaving")  # after it was queued, before it was sent
        results = [tasks.send_follow_up_mail(m.pk) for m in FollowUpMail.objects.all()]
    assert sorted(results) == [MailStatus.HELD, MailStatus.SENT]
    assert queued.get().held_because == sending.NO_CONSENT
    assert [m["X-Envelope-To"] for m in inbox.messages] == ["night@example.com"]


def test_the_consent_record_is_needed_again_after_an_opt_out(postgres, smtp):
    inbox, port = smtp
    shop = FollowUpShop(timezone.now()).build()
    shop.shopper("c1", FollowUpMoment.AFTER_DELIVERY)
    withdraw("c1")
    record_consent("c1", "c1-new@example.com", language="en")
    awake = {**settings.UPSELL, "FOLLOW_UP_QUIET_HOURS": (0, 0)}
    with override_settings(
        UPSELL=awake,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
    ):
        tasks.queue_due_follow_ups()
    assert [m["X-Envelope-To"] for m in inbox.messages] == ["c1-new@example.com"]


@pytest.mark.worker
def test_a_worker_in_quiet_hours_sends_nothing(postgres, smtp):
    inbox, port = smtp
    shop = FollowUpShop(timezone.now()).build()
    shop.shopper("night", FollowUpMoment.AFTER_DELIVERY)
    marker = event_payload("impression", shop.follow_ups[FollowUpMoment.AFTER_DELIVERY].offer_id,
                           shopper_key="marker")  # fmt: skip
    queue = f"upsell-test-{uuid.uuid4().hex[:12]}"
    with celery_broker(REDIS_BROKER, queue) as app:
        worker = start_worker(queue, port, quiet_hours=quiet_hours_around_now())
        try:
            app.send_task(tasks.QUEUE_DUE)
            # One task after it on the same one-at-a-time worker: once its row is written, the
            # follow-up run before it is over.
            app.send_task(recording.WRITE_EVENTS, args=[[marker]])
            deadline = time.monotonic() + 60
            while not OfferEvent.objects.filter(shopper_key="marker").exists():
                assert time.monotonic() < deadline and worker.poll() is None, "worker stalled"
                time.sleep(0.2)
        finally:
            stop(worker)

    assert inbox.messages == []
    assert not FollowUpMail.objects.exists()  # nothing queued either: it goes after quiet hours
