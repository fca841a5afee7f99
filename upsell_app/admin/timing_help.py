"""The timing policy in words, as configured: shown in the offer admin's "When" section."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import upsell_settings
from ..selection.timing import browsing_cap
from ..selection.types import Limits


def timing_policy_text() -> str:
    limits = Limits(
        max_popups=upsell_settings.MAX_POPUPS_PER_SESSION,
        cooldown_seconds=upsell_settings.POPUP_COOLDOWN_SECONDS,
        silence_after_decline_seconds=upsell_settings.SILENCE_AFTER_DECLINE_SECONDS,
        reserved_for_key_moments=upsell_settings.POPUPS_RESERVED_FOR_KEY_MOMENTS,
    )
    total = ngettext(
        "A shopper sees at most %(count)d pop-up per session.",
        "A shopper sees at most %(count)d pop-ups per session.",
        limits.max_popups,
    ) % {"count": limits.max_popups}
    browsing = _(
        "Adding to the cart, viewing the cart and the thank-you page may use %(browsing)d of "
        "them; the rest are kept for the moments that matter most, a removal (downsell) and "
        "the start of checkout."
    ) % {"browsing": browsing_cap(limits)}
    cooldown = _(
        "After a pop-up, the other browsing moments wait %(seconds)s seconds; a removal or the "
        "start of checkout waits only after a pop-up at one of those two."
    ) % {"seconds": f"{limits.cooldown_seconds:g}"}
    repeat = _("The cart-view pop-up is not shown twice for the same cart contents.")
    silence = _('After "No thanks" no pop-up at all for %(seconds)s seconds.') % {
        "seconds": f"{limits.silence_after_decline_seconds:g}"
    }
    return " ".join((total, browsing, cooldown, repeat, silence))
