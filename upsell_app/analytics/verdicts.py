"""Results in the owner's words: which is better, by how much, how sure (どちらが良いか、どれだけ、
確からしさ), in the admin's language, with the method in a footnote rather than in the verdict.

Only formatting: the numbers come from :mod:`.uplift` and :mod:`.dashboard`, the maths from
:mod:`.sequential`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conf import upsell_settings
from ..selection.pricing import format_money
from . import stats
from .sequential import SequentialResult
from .uplift import Uplift

VERDICT_LABELS = {
    stats.NOT_ENOUGH_DATA: _("Not enough data yet"),
    stats.BETTER: _("Better"),
    stats.WORSE: _("Worse"),
    stats.NO_DIFFERENCE: _("Not sure yet"),
}


def method_footnote() -> str:
    return gettext(
        "Method: a mixture sequential probability ratio test (mSPRT, as in Optimizely's Stats "
        "Engine and GrowthBook's sequential mode). Its ranges and certainty stay valid however "
        "often this page is read, so a daily look does not make a false winner more likely. "
        "Revenue per visitor counts every shopper who came, buyers or not, and is adjusted for "
        "what each returning customer spent in the 90 days before (CUPED), which narrows the "
        "range. A result needs at least %(minimum)s shoppers in each group; ranges at "
        "%(confidence)s."
    ) % {"minimum": f"{int(upsell_settings.AB_MIN_SAMPLE):,}", "confidence": _confidence()}


def _confidence() -> str:
    return percent(float(upsell_settings.AB_CONFIDENCE))


def percent(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value * 100:.{digits}f}%"


def money(value: Any) -> str:
    if value is None:
        return "—"
    return format_money(
        Decimal(str(value)), upsell_settings.CURRENCY_SYMBOL, upsell_settings.PRICE_DECIMAL_PLACES
    )


def signed_money(value: float) -> str:
    text = money(abs(value))
    return ("−" if value < 0 else "+") + text


def _points(value: float) -> str:
    return f"{value * 100:+.1f}".replace("-", "−")


def certainty(result: SequentialResult) -> str:
    """1 − the always-valid p-value: how sure the data are that there is a difference at all."""
    sure = 1 - result.p_value
    return "99.9%" if sure > 0.999 else percent(sure)


def holdout_summary(u: Uplift) -> dict[str, str | bool]:
    """The dashboard's headline: what the app earns per visitor, against the holdout."""
    title = gettext("What the app earns per visitor")
    if not u.share and not u.held_out.n:
        return {"title": title, "enough": False, "value": "—", "sentence": gettext(
            "The holdout is off: every shopper may see offers, so what the app earns cannot be "
            "measured. Ask whoever set up the shop to keep a small share of shoppers from offers."
        ), "sure": ""}
    if not u.enough_data or u.result is None:
        return {"title": title, "enough": False, "value": "—", "sentence": gettext(
            "Not enough data yet: %(held)s shoppers kept from offers and %(shown)s shown offers "
            "in this period; the comparison starts at %(minimum)s in each group."
        ) % {"held": f"{u.held_out.n:,}", "shown": f"{u.shown.n:,}",
             "minimum": f"{u.minimum:,}"}, "sure": ""}
    r = u.result
    sentence = gettext(
        "Shoppers shown offers spent %(shown)s per visitor, shoppers kept from offers "
        "(%(share)s of all) %(held)s: the app earns %(difference)s per visitor (between "
        "%(low)s and %(high)s), about %(earned)s over the %(visitors)s visitors shown offers "
        "in this period."
    ) % {
        "shown": money(round(r.treatment_mean)), "held": money(round(r.control_mean)),
        "share": percent(u.share, 0), "difference": signed_money(round(r.difference)),
        "low": signed_money(round(r.interval.low)), "high": signed_money(round(r.interval.high)),
        "earned": signed_money(round(u.earned or 0)), "visitors": f"{u.shown.n:,}",
    }
    if r.decided and r.difference > 0:
        sure = gettext("At least %(confidence)s sure that offers make shoppers spend more.")
    elif r.decided:
        sure = gettext(
            "At least %(confidence)s sure that shoppers spend less with offers: they may be "
            "putting shoppers off."
        )
    else:
        sure = gettext(
            "Not sure yet whether offers change what shoppers spend: the range still includes "
            "zero. Keep the holdout running."
        )
    return {"title": title, "enough": True, "sentence": sentence,
            "value": gettext("%(difference)s per visitor")
            % {"difference": signed_money(round(r.difference))},
            "sure": sure % {"confidence": _confidence()}}


def comparison(
    result: SequentialResult | None, code: str, arm: str, reference: str, metric: str
) -> dict[str, str]:
    """One A/B comparison in three short lines: which is better, by how much, how sure.

    ``metric`` is ``"take_rate"`` (a difference in percentage points) or ``"rpv"`` (money per
    visitor); ``reference`` is the arm compared with (the first arm, or the control group).
    """
    label = str(VERDICT_LABELS.get(code, ""))
    if result is None:
        return {"label": label, "which": gettext(
            "Not enough data yet: a result needs %(minimum)s shoppers in each group."
        ) % {"minimum": f"{int(upsell_settings.AB_MIN_SAMPLE):,}"}, "how_much": "", "sure": ""}
    names = {"arm": arm, "reference": reference}
    if code == stats.BETTER:
        which = gettext("%(arm)s is better than %(reference)s") % names
    elif code == stats.WORSE:
        which = gettext("%(reference)s is better than %(arm)s") % names
    else:
        which = gettext("Not sure yet which is better: %(arm)s or %(reference)s") % names
    low, high = result.interval.low, result.interval.high
    if metric == "take_rate":
        how_much = gettext(
            "%(difference)s points of take rate (between %(low)s and %(high)s)"
        ) % {"difference": _points(result.difference), "low": _points(low),
             "high": _points(high)}
    else:
        how_much = gettext(
            "%(difference)s per visitor (between %(low)s and %(high)s)"
        ) % {"difference": signed_money(round(result.difference)),
             "low": signed_money(round(low)), "high": signed_money(round(high))}
    sure = gettext("Certainty %(certainty)s (a winner needs %(confidence)s)") % {
        "certainty": certainty(result), "confidence": _confidence()
    }
    return {"label": label, "which": which, "how_much": how_much, "sure": sure}
