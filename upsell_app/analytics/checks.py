"""System checks of the analytics settings (ids upsell_app.E4xx: issue 4's range)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register

from ..conf import DEFAULTS, upsell_settings
from .buffer import REDIS_SCHEMES

#: setting -> (lowest, highest, lowest allowed?, highest allowed?)
RATES = {
    "AB_CONFIDENCE": (0.0, 1.0, False, False),
    "GUARD_DECLINE_RATE": (0.0, 1.0, False, False),
    "LTV_MARGIN_RATE": (0.0, 1.0, True, True),
    # 0 turns the holdout off; above half the app would mostly be switched off.
    "HOLDOUT_SHARE": (0.0, 0.5, True, True),
}
#: setting -> smallest allowed integer
COUNTS = {
    "AB_MIN_SAMPLE": 2,  # a variance, and so any comparison, needs two values per group
    "GUARD_WINDOW": 1,
    "EVENTS_RETENTION_DAYS": 1,
    "ATTRIBUTION_WINDOW_DAYS": 1,
    "EVENTS_FLUSH_BATCH": 1,
}
SWITCHES = ("EVENTS_ASYNC", "AB_AUTO_OPTIMISE", "GUARD_ENABLED")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register(Tags.compatibility)
def check_analytics_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    for key, (low, high, low_ok, high_ok) in RATES.items():
        value = getattr(upsell_settings, key)
        inside = _number(value) and (low <= value if low_ok else low < value) and (
            value <= high if high_ok else value < high
        )
        if not inside:
            errors.append(Error(
                f'UPSELL["{key}"] must be a number between {low} and {high}, not {value!r}.',
                hint=f"The default is {DEFAULTS[key]!r}.", id="upsell_app.E401",
            ))
    for key, minimum in COUNTS.items():
        value = getattr(upsell_settings, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            errors.append(Error(
                f'UPSELL["{key}"] must be an integer >= {minimum}, not {value!r}.',
                hint=f"The default is {DEFAULTS[key]!r}.", id="upsell_app.E402",
            ))
    years = upsell_settings.LTV_YEARS_RETAINED
    if not _number(years) or years <= 0:
        errors.append(Error(
            f'UPSELL["LTV_YEARS_RETAINED"] must be a positive number, not {years!r}.',
            id="upsell_app.E403",
        ))
    flush_seconds = upsell_settings.EVENTS_FLUSH_SECONDS
    if not _number(flush_seconds) or flush_seconds < 0:
        errors.append(Error(
            f'UPSELL["EVENTS_FLUSH_SECONDS"] must be a number >= 0, not {flush_seconds!r}.',
            id="upsell_app.E405",
        ))
    url = upsell_settings.EVENTS_BUFFER_URL
    if url not in (None, "") and not (isinstance(url, str) and url.startswith(REDIS_SCHEMES)):
        errors.append(Error(
            f'UPSELL["EVENTS_BUFFER_URL"] must be a Redis URL, "" or None, not {url!r}.',
            hint='For example "redis://127.0.0.1:6379/0"; None uses the Celery broker when it '
            'is Redis, "" turns the buffer off.',
            id="upsell_app.E406",
        ))
    for key in SWITCHES:
        if not isinstance(getattr(upsell_settings, key), bool):
            errors.append(Error(f'UPSELL["{key}"] must be True or False.', id="upsell_app.E404"))
    return errors
