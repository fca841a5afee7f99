"""Which cart the agreed terms belong to, when the shop's adapter does not say."""

from __future__ import annotations

import hashlib
from typing import Any

#: Session entry holding the cart key. Session data survives the key change of a login
#: (``cycle_key``), so the terms a guest accepted still count after signing in.
SESSION_KEY = "_upsell_cart_key"


def session_cart_key(request: Any, *, create: bool) -> str | None:
    """A stable per-shopper cart id kept in the session (``None`` when there is none yet and
    ``create`` is false).

    Derived from the session key it is first made in, so concurrent first accepts of one session
    agree on it without coordination; hashed, because the session key is a credential and the
    cart key is shown in the admin.
    """
    session = getattr(request, "session", None)
    if session is None:
        return None
    key = session.get(SESSION_KEY)
    if key or not create:
        return key or None
    if session.session_key is None:
        session.save()
    key = "s:" + hashlib.sha256(session.session_key.encode()).hexdigest()[:40]
    session[SESSION_KEY] = key
    return key
