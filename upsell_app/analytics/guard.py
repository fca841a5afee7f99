"""The pushiness guard: an offer most shoppers turn down is hard selling (押し売り); pause it.

After events are written, each offer that was just declined is checked: over its last
``GUARD_WINDOW`` impressions (counted since it was last paused, so a resumed offer starts afresh),
when the share of declines passes ``GUARD_DECLINE_RATE`` the offer is switched off, an
:class:`~upsell_app.models.OfferPause` says why, and a ``pause`` event is recorded. The dashboard
lists open pauses, and the offer's admin page shows the reason as a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ..conf import upsell_settings


@dataclass(frozen=True, slots=True)
class GuardReading:
    impressions: int  # in the window (at most GUARD_WINDOW)
    declines: int
    dismisses: int

    @property
    def decline_rate(self) -> float:
        return self.declines / self.impressions if self.impressions else 0.0

    @property
    def dismiss_rate(self) -> float:
        return self.dismisses / self.impressions if self.impressions else 0.0


def read_window(offer_id: int, window: int | None = None) -> GuardReading:
    """Declines and dismissals since the offer's ``window``-th most recent impression."""
    from ..models import EventType, OfferEvent, OfferPause

    window = window or upsell_settings.GUARD_WINDOW
    events = OfferEvent.objects.filter(offer_id=offer_id)
    last_pause = (
        OfferPause.objects.filter(offer_id=offer_id).order_by("-paused_at").values_list(
            "paused_at", flat=True
        ).first()
    )
    if last_pause is not None:
        events = events.filter(created_at__gt=last_pause)
    recent = list(
        events.filter(type=EventType.IMPRESSION)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)[:window]
    )
    if not recent:
        return GuardReading(0, 0, 0)
    since = recent[-1]
    after = events.filter(created_at__gte=since)
    return GuardReading(
        impressions=len(recent),
        declines=after.filter(type=EventType.DECLINE).count(),
        dismisses=after.filter(type=EventType.DISMISS).count(),
    )


def should_pause(reading: GuardReading, window: int, threshold: float) -> bool:
    """Pure rule: a full window, and a decline rate past the threshold (equal is not past)."""
    return reading.impressions >= window and reading.decline_rate > threshold


def check_offer(offer_id: int):  # noqa: ANN201 - OfferPause | None
    """Pause the offer when it has become pushy; return the pause, or ``None``."""
    from ..models import EventType, OfferEvent, OfferPause
    from ..models.offers import Offer

    if not upsell_settings.GUARD_ENABLED:
        return None
    window = int(upsell_settings.GUARD_WINDOW)
    threshold = float(upsell_settings.GUARD_DECLINE_RATE)
    if not Offer.objects.filter(pk=offer_id, is_active=True).exists():
        return None
    reading = read_window(offer_id, window)
    if not should_pause(reading, window, threshold):
        return None
    reason = gettext(
        "Paused automatically: %(rate).0f%% of the last %(window)d impressions were declined "
        "(threshold %(threshold).0f%%). Shoppers read it as hard selling; change the offer "
        "before switching it back on."
    ) % {"rate": reading.decline_rate * 100, "window": window, "threshold": threshold * 100}
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(pk=offer_id, is_active=True).first()
        if offer is None:  # another worker paused it first
            return None
        now = timezone.now()
        offer.is_active = False
        # save() (not update()) so the offer index is invalidated and the pop-up stops at once.
        offer.save(update_fields=["is_active", "updated_at"])
        pause = OfferPause.objects.create(
            offer=offer,
            paused_at=now,
            decline_rate=reading.decline_rate,
            dismiss_rate=reading.dismiss_rate,
            window=window,
            threshold=threshold,
            reason=reason,
        )
        OfferEvent.objects.create(type=EventType.PAUSE, offer=offer, reason=reason, created_at=now)
    return pause


def open_pause(offer):  # noqa: ANN001, ANN201 - Offer -> OfferPause | None
    """The guard's pause that still keeps this offer off, if any."""
    if offer is None or offer.is_active:
        return None
    return offer.pauses.filter(resolved_at__isnull=True).order_by("-paused_at").first()


def resolve_pauses(offer_id: int) -> int:
    """An admin switched the offer back on: its pauses are over."""
    from ..models import OfferPause

    return OfferPause.objects.filter(offer_id=offer_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
