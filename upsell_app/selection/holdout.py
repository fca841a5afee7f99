"""The shop-wide holdout: which shoppers never see an offer. Pure: no Django, no I/O.

A fixed share of shoppers is held out, so the dashboard can compare what shoppers spend with and
without the app: the app's causal effect, not a comparison of those who accepted with those who
did not. Membership is a hash of the shopper's stable id, like an A/B arm, but with a salt of its
own, so it is independent of every offer's arm assignment: held-out and shown shoppers are spread
over the arms alike, and a shopper keeps their group on every request and in every process.
"""

from __future__ import annotations

import hashlib

SALT = "upsell-holdout"
_SCALE = float(2**64)


def visitor_id(user_id: int | None, session_key: str | None) -> str:
    """A shopper's stable id: the customer when logged in (across sessions and devices), else
    the session. A/B assignment hashes the same id."""
    if user_id is not None:
        return f"u:{user_id}"
    return f"s:{session_key or ''}"


def holdout_point(shopper_id: str, salt: str = SALT) -> float:
    """A uniform number in [0, 1) fixed for this shopper, unrelated to any A/B bucket."""
    digest = hashlib.sha256(f"{salt}:{shopper_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def is_held_out(shopper_id: str, share: float) -> bool:
    """Whether this shopper is in the holdout of ``share`` (0 turns the holdout off)."""
    return share > 0 and holdout_point(shopper_id) < share
