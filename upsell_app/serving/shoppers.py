"""Who the shopper is for A/B purposes, and which arm of an offer they are in (reads the index)."""

from __future__ import annotations

from typing import Any

from .assignment import assign_variant, stable_shopper_id


def shopper_id(request: Any) -> str:
    """The stable id assignment hashes: the customer when logged in, else the session."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    return stable_shopper_id(user_id, session.session_key if session is not None else None)


def variant_for(request: Any, offer_id: int) -> int | None:
    """The shopper's (non-control) arm of ``offer_id``, read from the cached index (no query)."""
    from .offer_index import get_offer_index

    rule = get_offer_index().rules.get(offer_id)
    if rule is None or not rule.variants:
        return None
    variant = assign_variant(offer_id, rule.variants, shopper_id(request))
    return None if variant is None or variant.is_control else variant.id
