"""A Redis transport for Celery whose worker outlives a broker outage with messages in hand.

With late acknowledgement (the app's tasks use it, and a flush waits out its countdown in the
worker) a worker usually holds unacknowledged messages. When Redis goes away, kombu's consumer
releases its connection: the transport forgets where Redis is, then each channel drops its pools
and hands the messages back, which needs a new pool, whose address is read from the forgotten
connection: ``AttributeError: 'NoneType' object has no attribute 'hostname'``, and the worker
exits ("Unrecoverable error"). This channel remembers the address it was opened with, so the
hand-back fails as a connection error instead, which kombu ignores: the messages stay in Redis's
unacked set (returned after ``visibility_timeout``) and the worker reconnects when Redis is back.

Name it in the shop's settings when the broker is Redis::

    CELERY_BROKER_TRANSPORT = "upsell_app.broker:RedisTransport"
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis


class RedisChannel(kombu_redis.Channel):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._opened_with: dict[bool, dict[str, Any]] = {}
        super().__init__(*args, **kwargs)
        self._connparams(asynchronous=False)  # remembered while the transport knows the address

    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        if self.connection.client is None and asynchronous in self._opened_with:
            return dict(self._opened_with[asynchronous])  # closing after the connection was lost
        params = super()._connparams(asynchronous=asynchronous)
        self._opened_with[asynchronous] = dict(params)
        return params


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel
