"""System checks of the follow-up mail settings (a wrong value is named at start-up, not
discovered when the first mail should have gone out)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ..conf import DEFAULTS, upsell_settings

#: Settings that count days or purchases, with their least allowed value.
COUNTS = {
    "FOLLOW_UP_MIN_DAYS_BETWEEN": 0,
    "FOLLOW_UP_WINDOW_DAYS": 1,
    "FOLLOW_UP_LINK_MAX_AGE_SECONDS": 1,
    "REPLENISHMENT_MIN_OBSERVATIONS": 1,
}


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@register(Tags.compatibility)
def check_follow_up_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for key, minimum in COUNTS.items():
        value = getattr(upsell_settings, key)
        if not _whole(value) or value < minimum:
            errors.append(
                Error(
                    f'UPSELL["{key}"] must be an integer >= {minimum}, not {value!r}.',
                    hint=f"The default is {DEFAULTS[key]!r}.",
                    id="upsell_app.E701",
                )
            )
    quiet = upsell_settings.FOLLOW_UP_QUIET_HOURS
    if not (
        isinstance(quiet, list | tuple)
        and len(quiet) == 2
        and all(_whole(hour) and 0 <= hour <= 23 for hour in quiet)
    ):
        errors.append(
            Error(
                f'UPSELL["FOLLOW_UP_QUIET_HOURS"] must be two hours 0..23 (start, end), '
                f"not {quiet!r}.",
                hint="For example (21, 9): no mail from 21:00 to 08:59; (0, 0): no quiet hours.",
                id="upsell_app.E702",
            )
        )
    url = upsell_settings.FOLLOW_UP_SITE_URL
    if not isinstance(url, str) or (url and not url.startswith(("http://", "https://"))):
        errors.append(
            Error(
                f'UPSELL["FOLLOW_UP_SITE_URL"] must be the shop\'s absolute address, not {url!r}.',
                hint='For example "https://shop.example": mails link to it.',
                id="upsell_app.E703",
            )
        )
    named = upsell_settings.FOLLOW_UP_SENDER_NAME and upsell_settings.FOLLOW_UP_SENDER_ADDRESS
    if isinstance(url, str) and url.startswith(("http://", "https://")) and not named:
        errors.append(
            Warning(
                "Follow-up mail is on (FOLLOW_UP_SITE_URL is set) but a mail would not name its "
                "sender and the sender's address.",
                hint='Set UPSELL["FOLLOW_UP_SENDER_NAME"] and UPSELL["FOLLOW_UP_SENDER_ADDRESS"]: '
                "特定電子メール法 requires both in every advertising mail.",
                id="upsell_app.W701",
            )
        )
    return errors
