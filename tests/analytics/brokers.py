"""A real Celery broker (or a dead one) for the recording tests, and a queue drained in-process."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.redis_keys import BROKER_URL, event_buffer_of_run
from upsell_app.analytics import buffer, recording

#: The database after ``REDIS_URL``'s; queues and buffer keys of this run (tests/redis_keys.py).
REDIS_BROKER = BROKER_URL


def redis_is_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_BROKER, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def closed_port() -> int:
    """A local port nothing listens on: the broker is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def celery_broker(url: str | None, queue: str) -> Iterator[Any]:
    """Make current a Celery app that publishes to ``url``/``queue``, as a shop with a broker."""
    from celery import Celery

    from shop_demo.celery import app as demo_app

    app = Celery("upsell-analytics-test", set_as_current=True)
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        result_backend=None,
        task_default_queue=queue,
        broker_connection_retry_on_startup=False,
    )
    with event_buffer_of_run():
        recording._forget_producer()
        clear_buffer()
        try:
            yield app
        finally:
            recording._forget_producer()
            clear_buffer()
            if url == REDIS_BROKER:
                redis_client().delete(queue)  # what no worker took: this run's queue only
            buffer.forget_clients()
            demo_app.set_current()
            app.close()


def redis_client() -> Any:
    import redis

    return redis.Redis.from_url(REDIS_BROKER)


def clear_buffer() -> None:
    redis_client().delete(buffer.BUFFER_KEY, buffer.LOCK_KEY, buffer.SCHEDULED_KEY)


def buffered() -> int:
    """Events waiting in the Redis buffer (the broker's Redis) for a flush."""
    return redis_client().llen(buffer.BUFFER_KEY)


def queued(queue: str) -> int:
    return redis_client().llen(queue)


def drain(app: Any, queue: str) -> int:
    """Run every queued task here, as a worker would (for databases a worker cannot share)."""
    ran = 0
    with app.connection_for_read() as connection:
        inbox = connection.SimpleQueue(queue)
        try:
            while True:
                try:
                    message = inbox.get(timeout=1)
                except inbox.Empty:
                    return ran
                args, kwargs, _embed = message.decode()
                app.tasks[message.headers["task"]](*args, **kwargs)
                message.ack()
                ran += 1
        finally:
            inbox.close()
