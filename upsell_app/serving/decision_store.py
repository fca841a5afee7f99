"""The offers request's cache I/O: one batched read, then at most one atomic write.

A decision reads everything it needs in one round trip (restraint memory, the moment's proof,
the offer index's version, the cached cart, the throttle's count) and, when it has something to
remember, writes it all in one more: the shopper's new restraint memory, the throttle's count,
the cart snapshot it read, and the impression event appended to the event buffer. A request that
restraint holds back stops after the read and writes nothing.

Restraint is atomic: the new restraint memory is written only if the value the decision read is
still there (compare-and-set). When two requests of one shopper decide at the same instant, the
first to write shows its pop-up; the other finds the memory changed and shows nothing rather than
deciding again. That is what restraint would say anyway: the default cool-down holds a second
pop-up back for a minute, and the widget shows one pop-up at a time.

On Redis (django-redis's default client, or Django's own ``RedisCache``) the write is one Lua
script: compare-and-set, ``INCR`` of the throttle, ``SET`` of the cart snapshot and ``RPUSH`` of the
events, atomically, in one round trip. The event buffer joins the script when it lives on the
same Redis server as the cache (another database number is fine); otherwise the events are
recorded the usual way afterwards (:mod:`.analytics.recording`), one more round trip.

Other caches (the local-memory cache of the SQLite demo, memcached, the database cache) get the
same steps in order under a lock of this process. For the local-memory cache that is exact: the
cache lives in this process. For a cache shared by several processes it is a best effort: two
processes deciding for one shopper at the same instant could both show a pop-up.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Leaves the shopper's restraint memory alone, for the compare-and-set.
_ABSENT = object()


@dataclass(frozen=True)
class Quota:
    """A per-shopper request counter read with the decision's other keys and bumped in its write.

    ``refuse`` raises (the API's 429) when the count is over ``limit``.
    """

    key: str
    limit: int
    seconds: int
    refuse: Callable[[], Any]


@dataclass
class Read:
    """What the one read found: decoded values by key, and what the compare-and-set watches."""

    values: Mapping[str, Any]
    watched_key: str
    watched: Any = _ABSENT  # as stored (Redis: the encoded bytes), or _ABSENT when absent


@dataclass
class Write:
    """Everything one decision writes, in one go."""

    memory: Any = None  # the shopper's new restraint memory (written only if unchanged)
    quota: Quota | None = None
    memory_seconds: int | None = None
    sets: list[tuple[str, Any, int]] = field(default_factory=list)  # (key, value, seconds)
    events: list[dict[str, Any]] = field(default_factory=list)  # event payloads to record

    def is_empty(self) -> bool:
        return self.memory is None and self.quota is None and not self.sets and not self.events


class Status(enum.Enum):
    WRITTEN = "written"
    CONFLICT = "conflict"  # another request of this shopper changed the memory first
    OVER_LIMIT = "over_limit"  # the throttle's count passed its limit


@dataclass(frozen=True)
class Result:
    status: Status
    events_recorded: bool = False  # the events went with the write (else: record them yourself)
    flush_due: bool = False  # the first buffered event since a flush: schedule one


# KEYS: memory, quota counter, buffer, flush mark.  ARGV: 1 watch? ('1' = compare), 2 expected
# ('' = absent), 3 new memory ('' = none), 4 its ttl ms, 5 quota limit ('' = none), 6 quota ttl
# ms, 7 buffer db ('' = no events), 8 flush mark ttl s, 9 number of plain sets, then per set
# key, value, ttl ms; then the events.
SCRIPT = """
local count = 0
if ARGV[5] ~= '' then
  count = redis.call('INCR', KEYS[2])
  if count == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
  if count > tonumber(ARGV[5]) then return {2, 0} end
end
if ARGV[1] == '1' then
  local current = redis.call('GET', KEYS[1])
  if ARGV[2] == '' then
    if current then return {1, 0} end
  elseif current ~= ARGV[2] then
    return {1, 0}
  end
end
if ARGV[3] ~= '' then
  if ARGV[4] == '0' then
    redis.call('SET', KEYS[1], ARGV[3])
  else
    redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
  end
end
local n = tonumber(ARGV[9])
for i = 0, n - 1 do
  local at = 10 + i * 3
  if ARGV[at + 2] == '0' then
    redis.call('SET', ARGV[at], ARGV[at + 1])
  else
    redis.call('SET', ARGV[at], ARGV[at + 1], 'PX', ARGV[at + 2])
  end
end
local due = 0
local first = 10 + n * 3
if ARGV[7] ~= '' and #ARGV >= first then
  redis.call('SELECT', ARGV[7])
  redis.call('RPUSH', KEYS[3], unpack(ARGV, first))
  if redis.call('SET', KEYS[4], 1, 'NX', 'EX', ARGV[8]) then due = 1 end
end
return {0, due}
"""
SCRIPT_SHA = hashlib.sha1(SCRIPT.encode()).hexdigest()  # Redis knows a script by its SHA-1
_STATUS = {0: Status.WRITTEN, 1: Status.CONFLICT, 2: Status.OVER_LIMIT}


def _ms(seconds: float | None) -> int:
    return 0 if seconds is None else max(int(seconds * 1000), 1)


class RedisStore:
    """The read as one ``MGET``, the write as one script, on the cache's own Redis client."""

    def __init__(
        self,
        client: Any,
        make_key: Callable[[str], str],
        encode: Callable[[Any], Any],
        decode: Callable[[Any], Any],
    ) -> None:
        self.client = client
        self.make_key = make_key
        self.encode = encode
        self.decode = decode

    def read(self, keys: Sequence[str], watch: str) -> Read:
        raw = self.client.mget([self.make_key(k) for k in keys])
        stored = {k: v for k, v in zip(keys, raw, strict=True) if v is not None}
        found = raw[list(keys).index(watch)]
        return Read(_Decoded(stored, self.decode), watch, _ABSENT if found is None else found)

    def buffer_db(self, url: str | None) -> int | None:
        """The database number of the event buffer at ``url`` when it is on this Redis server."""
        if not url:
            return None
        ours = self.client.connection_pool.connection_kwargs
        server, db = _server_of(url)
        return db if server == _server(ours) else None

    def carries_events(self, url: str | None) -> bool:
        return self.buffer_db(url) is not None

    def commit(self, read: Read, write: Write, buffer_url: str | None = None) -> Result:
        from ..analytics import buffer

        quota = write.quota
        db = self.buffer_db(buffer_url) if write.events else None
        args: list[Any] = [
            "1" if write.memory is not None else "0",
            b"" if read.watched is _ABSENT else read.watched,
            b"" if write.memory is None else self.encode(write.memory),
            _ms(write.memory_seconds),
            "" if quota is None else quota.limit,
            0 if quota is None else _ms(quota.seconds + 1),
            "" if db is None else db,
            buffer.SCHEDULED_SECONDS,
            len(write.sets),
        ]
        for key, value, seconds in write.sets:
            args += [self.make_key(key), self.encode(value), _ms(seconds)]
        if db is not None:
            args += [json.dumps(p) for p in write.events]
        keys = [
            self.make_key(read.watched_key),
            self.make_key(quota.key) if quota is not None else "",
            buffer.BUFFER_KEY,
            buffer.SCHEDULED_KEY,
        ]
        status, due = self._run(keys, args)
        return Result(_STATUS[int(status)], db is not None and status == 0, bool(due))

    def _run(self, keys: list[str], args: list[Any]) -> Any:
        from redis.exceptions import NoScriptError

        try:
            return self.client.evalsha(SCRIPT_SHA, len(keys), *keys, *args)
        except NoScriptError:  # a new or restarted Redis: EVAL also caches the script there
            return self.client.eval(SCRIPT, len(keys), *keys, *args)


class _Decoded(Mapping[str, Any]):
    """The read's values, each decoded when first asked for: a request that restraint holds back
    never pays for unpickling the cached cart it will not use."""

    def __init__(self, stored: dict[str, Any], decode: Callable[[Any], Any]) -> None:
        self._stored = stored
        self._decode = decode
        self._decoded: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._decoded[key]
        except KeyError:
            value = self._decoded[key] = self._decode(self._stored[key])
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._stored

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def __repr__(self) -> str:
        return f"_Decoded({dict(self)!r})"


@functools.lru_cache(maxsize=8)
def _server_of(url: str) -> tuple[tuple[Any, ...], int]:
    from redis.connection import parse_url

    parsed = parse_url(url)
    return _server(parsed), int(parsed.get("db") or 0)


def _server(kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Who a Redis connection talks to, as its settings say (not which database)."""
    path = kwargs.get("path")
    if path:
        return ("unix", path, kwargs.get("username"), kwargs.get("password"))
    host = kwargs.get("host") or "localhost"
    host = "127.0.0.1" if host == "localhost" else host
    port = int(kwargs.get("port") or 6379)
    return ("tcp", host, port, kwargs.get("username"), kwargs.get("password"))


_lock = threading.Lock()


class LockedStore:
    """Any other cache: the same steps in order, under a lock of this process (see above)."""

    def __init__(self, cache: Any) -> None:
        self.cache = cache

    def carries_events(self, url: str | None) -> bool:
        return False

    def read(self, keys: Sequence[str], watch: str) -> Read:
        values = self.cache.get_many(list(keys))
        return Read(values, watch, values.get(watch, _ABSENT))

    def commit(self, read: Read, write: Write, buffer_url: str | None = None) -> Result:
        cache, quota = self.cache, write.quota
        with _lock:
            if quota is not None:
                try:
                    count = cache.incr(quota.key)
                except ValueError:  # the window's first request
                    added = cache.add(quota.key, 1, quota.seconds + 1)
                    count = 1 if added else cache.incr(quota.key)
                if count > quota.limit:
                    return Result(Status.OVER_LIMIT)
            if write.memory is not None:
                if cache.get(read.watched_key, _ABSENT) != read.watched:
                    return Result(Status.CONFLICT)
                cache.set(read.watched_key, write.memory, write.memory_seconds)
            for key, value, seconds in write.sets:
                cache.set(key, value, seconds)
        return Result(Status.WRITTEN)


def store_for(cache: Any) -> RedisStore | LockedStore:
    """The store for the app's cache: one script on Redis, the locked steps elsewhere."""
    client = _redis_parts(cache)
    return RedisStore(*client) if client is not None else LockedStore(cache)


def _redis_parts(cache: Any) -> tuple[Any, Callable, Callable, Callable] | None:
    module = type(cache).__module__
    if module.startswith("django_redis."):
        from django_redis.client import DefaultClient, HerdClient, ShardClient

        inner = cache.client
        # Sharded keys live on several servers; the herd client wraps values in its own tuple.
        if not isinstance(inner, DefaultClient) or isinstance(inner, (ShardClient, HerdClient)):
            return None
        return inner.get_client(write=True), inner.make_key, inner.encode, inner.decode
    if module == "django.core.cache.backends.redis":
        inner = cache._cache
        serializer = inner._serializer
        return (
            inner.get_client(write=True),
            cache.make_and_validate_key,
            serializer.dumps,
            serializer.loads,
        )
    return None


def keys_of(*groups: Iterable[str | None]) -> list[str]:
    """The keys of a batched read, in order, without repeats or gaps."""
    seen: dict[str, None] = {}
    for group in groups:
        for key in group:
            if key:
                seen.setdefault(key, None)
    return list(seen)
