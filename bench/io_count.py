"""Count what one request costs in I/O: Redis round trips (with their commands) and SQL queries.

Shared by the tests that assert a request's round trips and by ``make bench``::

    from bench.io_count import count_io

    with count_io() as io:
        client.get("/upsell/api/offers/?trigger=cart_view")
    assert io.redis == 2, io.commands   # e.g. [["GET"], ["MGET"]]
    assert io.sql == 0, io.queries

A Redis *round trip* is one write of commands to a connection followed by reading their replies:
one plain command, one whole pipeline, one script (``EVALSHA``). redis-py's connection class is
wrapped while the block runs, so every client in the process is counted (the cache, the session
store, the event buffer, a Celery broker on Redis), without ``MONITOR``. A connection's health
check ``PING`` or reconnection handshake counts too: it is a round trip the request waits for.
SQL queries are those of every database connection, as Django's ``CaptureQueriesContext`` sees
them. Not thread-safe: count one request at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class IOCount:
    """What the block sent: ``commands`` holds one list of command names per Redis round trip."""

    commands: list[list[str]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)

    @property
    def redis(self) -> int:
        """Redis round trips."""
        return len(self.commands)

    @property
    def sql(self) -> int:
        """SQL queries."""
        return len(self.queries)

    def summary(self) -> str:
        trips = ", ".join("+".join(names) for names in self.commands) or "none"
        return f"{self.redis} Redis round trip(s) [{trips}], {self.sql} SQL"


def command_names(packed: Any) -> list[str]:
    """The command names in a packed RESP write (one for a command, several for a pipeline)."""
    if isinstance(packed, (bytes, bytearray, memoryview, str)):
        packed = [packed]
    data = b"".join(p.encode() if isinstance(p, str) else bytes(p) for p in packed)
    names, pos = [], 0
    while pos < len(data) and data[pos : pos + 1] == b"*":
        end = data.index(b"\r\n", pos)
        count, pos = int(data[pos + 1 : end]), end + 2
        for arg in range(count):
            end = data.index(b"\r\n", pos)
            size = int(data[pos + 1 : end])
            if arg == 0:
                names.append(data[end + 2 : end + 2 + size].decode(errors="replace").upper())
            pos = end + 2 + size + 2
    return names


@contextmanager
def count_redis() -> Iterator[IOCount]:
    """Count Redis round trips only (no Django needed)."""
    from redis.connection import AbstractConnection

    found = IOCount()
    original = AbstractConnection.send_packed_command

    def counted(self: Any, command: Any, check_health: bool = True) -> Any:
        try:
            found.commands.append(command_names(command))
        except (ValueError, IndexError):  # not RESP as we know it: still one round trip
            found.commands.append(["?"])
        return original(self, command, check_health)

    AbstractConnection.send_packed_command = counted
    try:
        yield found
    finally:
        AbstractConnection.send_packed_command = original


@contextmanager
def count_io() -> Iterator[IOCount]:
    """Count Redis round trips and SQL queries (of every database) made inside the block."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with ExitStack() as stack:
        found = stack.enter_context(count_redis())
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        yield found
        # Filled in when the block ends (the contexts' own exit runs after this).
        for context in captured:
            queries = context.connection.queries[context.initial_queries :]
            found.queries += [q["sql"] for q in queries]
