"""Celery tasks of follow-up mail: beat queues the due mails, one task sends each.

Thin over :mod:`upsell_app.followup.sending`; both are idempotent (a mail is queued once by its
unique key and sent at most once under a row lock). Beat schedule: docs/follow-up-mail.md.
"""

from __future__ import annotations

from celery import shared_task

from . import sending

QUEUE_DUE = "upsell_app.followup.queue_due"
SEND_MAIL = "upsell_app.followup.send_mail"


@shared_task(name=QUEUE_DUE, ignore_result=True, time_limit=30 * 60)
def queue_due_follow_ups() -> int:
    """Find the mails due now and hand each to its own send task."""
    ids = sending.queue_due()
    for mail_id in ids:
        send_follow_up_mail.delay(mail_id)
    return len(ids)


@shared_task(
    name=SEND_MAIL,
    acks_late=True,
    autoretry_for=(OSError,),  # the mail server away: try again later, the row stays queued
    retry_backoff=True,
    max_retries=5,
    time_limit=120,
)
def send_follow_up_mail(mail_id: int) -> str:
    return sending.send(mail_id)
