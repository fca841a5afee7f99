"""Bounds of the numbers an operator types into the app's commands, checked before any work.

A value out of range stops the command at once with a message naming the option, instead of
queuing work that fails later in a worker or reporting something misleading.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def bounded(value: int | None, option: str, low: int, high: int) -> int | None:
    """``value`` when ``low <= value <= high`` (or ``None`` when not given); else CommandError."""
    if value is None or low <= value <= high:
        return value
    raise CommandError(
        _("%(option)s must be a whole number from %(low)s to %(high)s, not %(value)s.")
        % {"option": option, "low": f"{low:,}", "high": f"{high:,}", "value": value}
    )
