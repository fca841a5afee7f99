"""Write the events waiting in the Redis buffer now, without a Celery worker.

For operations: a shop whose worker is down for long, or a deploy that stops workers. The flush
is the one the ``upsell_app.analytics.flush_events`` task runs: bulk, idempotent, never two at a
time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write the offer events buffered in Redis to the database now."

    def handle(self, *args: Any, **opts: Any) -> None:
        import redis

        from upsell_app.analytics import buffer, recording

        url = buffer.buffer_url()
        if url is None:
            self.stdout.write("No event buffer is configured: events are written as they happen.")
            return
        try:
            waiting = buffer.pending(url)
            written = buffer.flush(url, recording.write_events)
        except redis.RedisError as exc:
            raise CommandError(f"The event buffer cannot be reached: {exc}") from exc
        if written == 0 and waiting:
            self.stdout.write("Another flush is running; it will write the waiting events.")
            return
        self.stdout.write(self.style.SUCCESS(f"{written} buffered events written."))
