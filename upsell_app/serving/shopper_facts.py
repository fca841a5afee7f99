"""What the shop knows of a shopper, for offers aimed at an audience: gathered here, matched in
:mod:`upsell_app.selection.audiences`.

Two kinds of facts. The request's own (logged in or a guest, device class from the User-Agent,
the page's language, where the visit came from) cost nothing to read. The shopper's history (past
orders and lifetime spend from the app's purchase history, current subscriptions from the
subscriptions the app agreed) costs queries: it is read once and kept in the cache per customer,
read with the decision's other keys in its one round trip, so a warm offers request runs no SQL
for it. A completed order forgets it (the next request reads the new history).

Whose history: the customer key the shop sends with ``order_completed``. A logged-in customer's
is ``CUSTOMER_KEY_OF_USER`` (``"user:{pk}"``, the convention of the demo shop and the oscar
integration); a guest's is remembered in the session when their order completes, so a guest who
ordered before in this browser session is a returning customer too. A guest the app has not seen
order is a first-time customer, and costs no query at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.cache import caches
from django.http import HttpRequest
from django.utils import translation

from ..conf import upsell_settings
from ..selection.audiences import DESKTOP, PHONE, TABLET, ShopperFacts, segment
from .outages import CACHE_ERRORS, report

#: The customer key of the shop's last completed order in this session (a guest's history).
SESSION_CUSTOMER = "_upsell_customer"
#: Where this visit first came from: a referrer's host or a utm_source (first touch wins).
SESSION_CAME_FROM = "_upsell_came_from"

# A minimal device classifier: a dependency-free reading of the User-Agent good enough for the
# three classes an owner chooses between. Tablets first: their User-Agents often say "Mobile"
# too (Android tablets running phone browsers do not, which is how Android tells them apart).
# iPadOS 13+ Safari asks for desktop pages and says "Macintosh": it counts as a computer, as
# the shop's own pages would treat it.
_TABLET = re.compile(r"ipad|tablet|kindle|silk/|playbook|(android(?!.*mobile))", re.IGNORECASE)
_PHONE = re.compile(
    r"mobi|iphone|ipod|windows phone|blackberry|bb10|opera mini|android.*mobile", re.IGNORECASE
)


def classify_device(user_agent: str) -> str:
    """``"phone"``, ``"tablet"`` or ``"desktop"`` for a User-Agent header (empty: desktop)."""
    if _TABLET.search(user_agent or ""):
        return TABLET
    if _PHONE.search(user_agent or ""):
        return PHONE
    return DESKTOP


def _cache() -> Any:
    return caches[upsell_settings.CACHE_ALIAS]


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def customer_key(request: HttpRequest) -> str:
    """The key the shop files this shopper's orders under, or ``""`` for a new guest."""
    user_id = _user_id(request)
    if user_id is not None:
        return upsell_settings.CUSTOMER_KEY_OF_USER.format(pk=user_id)
    session = getattr(request, "session", None)
    return str(session.get(SESSION_CUSTOMER, "")) if session is not None else ""


def facts_key(key: str) -> str:
    return f"upsell:facts:{key}"


def key_to_read(request: HttpRequest) -> str | None:
    """The cache key of this shopper's history facts, for the decision's batched read."""
    key = customer_key(request)
    return facts_key(key) if key else None


def history_facts(key: str, user_id: int | None = None) -> dict[str, Any]:
    """Past orders, lifetime spend and whether a subscription is running (two queries)."""
    from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

    from ..models import OfferAcceptance, OfferKind, PurchaseLine
    from ..models.acceptance import AcceptanceStatus

    lines = PurchaseLine.objects.filter(customer_key=key)
    totals = lines.aggregate(
        orders=Count("order_id", distinct=True),
        spend=Sum(
            ExpressionWrapper(
                F("quantity") * F("unit_price"),
                output_field=DecimalField(max_digits=20, decimal_places=4),
            )
        ),
    )
    # A subscription the app agreed that went through an order and was not taken back.
    ordered = Q(order_id__in=lines.values("order_id"))
    if user_id is not None:
        ordered |= Q(user_id=user_id)
    subscriber = (
        OfferAcceptance.objects.filter(ordered, kind=OfferKind.SUBSCRIPTION)
        .filter(status=AcceptanceStatus.APPLIED)
        .exclude(order_id="")
        .exists()
    )
    return {
        "orders": totals["orders"] or 0,
        "spend": str(totals["spend"] or Decimal("0")),
        "subscriber": subscriber,
    }


def arrival(request: HttpRequest) -> str:
    """Where this request says the visit came from: a utm_source, else another site's host.

    The page's own query string first, then its Referer's (the offers request is sent from the
    landing page, whose address still carries the campaign's ``utm_source``).
    """
    source = request.GET.get("utm_source", "")
    referer = request.META.get("HTTP_REFERER", "")
    if not source and referer:
        parts = urlsplit(referer)
        source = (parse_qs(parts.query).get("utm_source") or [""])[0]
        if not source and parts.hostname and parts.hostname != request.get_host().split(":")[0]:
            source = parts.hostname
    return source.strip()[:100]


def note_arrival(request: HttpRequest) -> str:
    """The visit's source, remembered in the session the first time a request shows one."""
    session = getattr(request, "session", None)
    known = session.get(SESSION_CAME_FROM, "") if session is not None else ""
    if known:
        return known
    source = arrival(request)
    if source and session is not None:
        session[SESSION_CAME_FROM] = source
    return source


def gather(
    request: HttpRequest, cached: Mapping[str, Any]
) -> tuple[ShopperFacts, tuple[str, Any, int] | None]:
    """The shopper's facts, and the cache entry to write when their history was read now.

    ``cached``: the decision's batched read, which asked for :func:`key_to_read`.
    """
    key = customer_key(request)
    history: dict[str, Any] | None = None
    entry = None
    if key:
        history = cached.get(facts_key(key))
        if history is None:
            history = history_facts(key, _user_id(request))
            entry = (facts_key(key), history, upsell_settings.SHOPPER_STATE_TTL_SECONDS)
    history = history or {}
    facts = ShopperFacts(
        past_orders=int(history.get("orders", 0)),
        lifetime_spend=Decimal(str(history.get("spend", "0"))),
        is_subscriber=bool(history.get("subscriber", False)),
        logged_in=_user_id(request) is not None,
        device=classify_device(request.META.get("HTTP_USER_AGENT", "")),
        came_from=note_arrival(request),
        language=getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "",
    )
    return facts, entry


def remember_order(request: Any, key: str) -> None:
    """An order completed: its customer's history changed, and a guest's session learns whose
    history is theirs."""
    if not key:
        return
    session = getattr(request, "session", None) if request is not None else None
    if session is not None and _user_id(request) is None:
        session[SESSION_CUSTOMER] = key
    from django.db import transaction

    def forget() -> None:
        try:
            _cache().delete(facts_key(key))
        except CACHE_ERRORS as exc:
            report("shopper facts", exc, "the customer's audience facts refresh when they expire")

    # Once the order's history is committed: a request in between would cache the old one.
    transaction.on_commit(forget)


def audience_of(request: Any) -> str:
    """The audience label an answer (an accept) is recorded with; ``""`` when it cannot be told.

    Accepting is not the hot path: on a cache miss the history is read from the database.
    """
    if request is None:
        return ""
    try:
        key = key_to_read(request)
        cached: dict[str, Any] = {}
        if key is not None:
            try:
                value = _cache().get(key)
            except CACHE_ERRORS:
                value = None
            if value is not None:
                cached[key] = value
        facts, _entry = gather(request, cached)
    except Exception:  # noqa: BLE001 - an event without its audience beats no event
        return ""
    return segment(facts)
