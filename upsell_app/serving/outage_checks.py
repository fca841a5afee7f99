"""System checks for surviving outages: the app must see cache errors; buffered events, a restart.

- ``upsell_app.W030``: the upsell cache swallows errors (django-redis ``IGNORE_EXCEPTIONS``), so
  an unreachable Redis looks like a shopper never seen before and pop-ups would be shown without
  restraint memory. Give the app an alias of its own that raises (see README).
- ``upsell_app.W031`` (``check --deploy``): impressions wait in a Redis without an append-only
  file; a restart of that Redis loses those not yet written.
- ``upsell_app.W032`` (``check --deploy``): that Redis could not be asked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from ..conf import DEFAULTS


def _ignores_exceptions(cache_settings: dict[str, Any]) -> bool:
    if "django_redis" not in cache_settings.get("BACKEND", ""):
        return False
    options = cache_settings.get("OPTIONS") or {}
    if "IGNORE_EXCEPTIONS" in options:
        return bool(options["IGNORE_EXCEPTIONS"])
    return bool(getattr(settings, "DJANGO_REDIS_IGNORE_EXCEPTIONS", False))


@register(Tags.caches)
def check_cache_reports_errors(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    alias = (getattr(settings, "UPSELL", None) or {}).get("CACHE_ALIAS", DEFAULTS["CACHE_ALIAS"])
    cache_settings = getattr(settings, "CACHES", {}).get(alias)
    if cache_settings is None or not _ignores_exceptions(cache_settings):
        return []
    return [
        Warning(
            f"The upsell cache {alias!r} ignores connection errors (IGNORE_EXCEPTIONS): when Redis "
            "is down the app cannot tell, and would show pop-ups without restraint memory.",
            hint='Add a cache alias without IGNORE_EXCEPTIONS for the app and name it in '
            'UPSELL["CACHE_ALIAS"]; the app itself answers "no offer" and keeps accepting while '
            "Redis is down.",
            id="upsell_app.W030",
        )
    ]


@register(Tags.caches, deploy=True)
def check_event_buffer_is_durable(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from kombu.utils.url import maybe_sanitize_url

    from ..analytics import buffer

    url = buffer.buffer_url()
    if not url:
        return []
    import redis

    shown = maybe_sanitize_url(url)
    try:
        connection = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        persistence = connection.info("persistence")
    except redis.RedisError as exc:
        return [
            Warning(
                f"The event buffer's Redis ({shown}) could not be asked whether it keeps its data "
                f"through a restart: {exc}.",
                hint="Start it, or check the URL (UPSELL['EVENTS_BUFFER_URL'] or the Celery "
                "broker).",
                id="upsell_app.W032",
            )
        ]
    if persistence.get("aof_enabled"):
        return []
    return [
        Warning(
            f"Impressions wait in a Redis without an append-only file ({shown}): if it restarts, "
            "those not yet written to the database are lost.",
            hint='Run that Redis with "appendonly yes" (appendfsync everysec or always), or point '
            'UPSELL["EVENTS_BUFFER_URL"] at one that does; "" writes every event in the request '
            "(the shopper's answers always are).",
            id="upsell_app.W031",
        )
    ]
