"""The spend-threshold nudge on the cart page: the I/O around :mod:`upsell_app.selection.nudge`.

``{% upsell_spend_nudge %}`` asks :func:`cart_nudge`: the shop's cart adapter says how the cart
stands toward the thresholds (``threshold_state``; the app never computes shipping), the active
thresholds come from the admin, the cart's learned partners from the association cache and the
catalogue from the catalogue adapter; the pure selection picks the threshold and the items that
close the gap.

Each item is quoted under the threshold's own offer exactly as a pop-up choice is (a signed quote
bound to this shopper and to the impression), so adding one goes through the ordinary accept
(idempotency key, lock, re-check, price on the server, events, Undo) and is measured like any
offer. The accept's re-check runs :func:`redecide` on the locked cart.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import signals
from ..adapters import CartAdapter, SimpleCartAdapter, get_cart_adapter
from ..analytics import visits
from ..conf import upsell_settings
from ..models import SpendThreshold
from ..models.product_keys import key_to_json
from ..selection.holdout import is_held_out
from ..selection.nudge import Gap, closing_items, gap_to_next
from ..selection.types import (
    CartSnapshot,
    Choice,
    Decision,
    Kind,
    OfferRule,
    TargetSource,
    Trigger,
)
from ..shop import catalogue
from . import moments
from .inline_offers import REFRESH_HEADER, mark_personal
from .presentation import QuoteBinding, money, money_display, quote_for, sign_quote
from .shoppers import shopper_id

#: The moment a nudge's quotes name: the cart page (not an event the shop must prove).
NUDGE_TRIGGER = Trigger.CART_VIEW
#: How many learned partners of the cart are read: most cost less than the gap and drop out.
PARTNERS_READ = 30


@dataclass(frozen=True)
class NudgeItem:
    """One product that closes the gap, as the cart page shows it."""

    product_id: Any
    title: str
    price: str
    price_display: str
    image_url: str
    url: str
    quote: str
    learned: bool


@dataclass(frozen=True)
class Nudge:
    """What the cart page shows: the remaining amount, and the items that close it."""

    code: str
    remaining: Decimal
    remaining_display: str
    message: str
    offer_id: int
    accept_url: str
    items: tuple[NudgeItem, ...] = field(default_factory=tuple)


def active_thresholds() -> list[SpendThreshold]:
    return list(
        SpendThreshold.objects.filter(is_active=True, offer__isnull=False)
        .select_related("offer")
        .prefetch_related("translations")
    )


def nudge_rule(threshold: SpendThreshold) -> OfferRule:
    """The threshold's offer as the decision and the quotes see it: the items at their price."""
    return OfferRule(
        id=threshold.offer_id,
        kind=Kind.CROSS_SELL,
        name=threshold.offer.name if threshold.offer else threshold.code,
        priority=0,
        triggers=frozenset(),
        source_product_ids=frozenset(),
        source_categories=frozenset(),
        target_product_ids=(),
        target_source=TargetSource.LEARNED,
    )


def _partners(cart: CartSnapshot) -> list[tuple[int, int]]:
    """The cart's learned partners, best first: ``(product, the cart product it goes with)``."""
    cart_ids = [line.product_id for line in cart.lines]
    if not cart_ids:
        return []
    from ..associations import ranking, storage

    partners = storage.get_partners_for(cart_ids)
    found = ranking.recommend(cart_ids, partners, exclude=cart.product_ids, k=PARTNERS_READ)
    return [(r.product_id, r.because_of) for r in found]


def _decide(
    adapter: CartAdapter | SimpleCartAdapter, thresholds: list[SpendThreshold]
) -> tuple[SpendThreshold, Gap, Decision | None, CartSnapshot] | None:
    """The threshold the cart is nudged towards, and the items that close the gap."""
    state = adapter.threshold_state()
    if state is None or not thresholds:
        return None
    gap = gap_to_next([t.as_threshold() for t in thresholds], state)
    if gap is None:
        return None
    threshold = next(t for t in thresholds if t.pk == gap.threshold.id)
    cart = adapter.snapshot()
    items = closing_items(
        gap.remaining,
        catalogue.get_products(None),  # the cheapest closer may be any product of the shop
        cart.product_ids,
        _partners(cart),
        limit=upsell_settings.MAX_CHOICES,
    )
    decision = None
    if items:
        choices = tuple(Choice(product=i.product, because_of=i.because_of) for i in items)
        decision = Decision(rule=nudge_rule(threshold), choices=choices)
    return threshold, gap, decision, cart


def redecide(
    adapter: CartAdapter | SimpleCartAdapter, offer_id: int
) -> tuple[Decision | None, CartSnapshot]:
    """The accept's re-check: the nudge of the threshold measured as ``offer_id``, decided
    again on the current cart and a fresh catalogue read (``None`` when it no longer shows)."""
    thresholds = active_thresholds()
    decided = _decide(adapter, thresholds)
    if decided is None or decided[0].offer_id != offer_id:
        return None, adapter.snapshot()
    return decided[2], decided[3]


def is_nudge_offer(offer: Any) -> bool:
    """Whether ``offer`` (an ``Offer``) is a spend threshold's: accepted through the nudge."""
    return SpendThreshold.objects.filter(offer_id=offer.pk).exists()


def _is_seen(request: HttpRequest) -> bool:
    """The page is opened to be shown, or its cart region is redrawn after a change; not a
    browser's prefetch, which nobody sees."""
    headers = request.headers
    purpose = headers.get("Sec-Purpose") or headers.get("Purpose") or ""
    if "prefetch" in purpose.lower():
        return False
    if headers.get(REFRESH_HEADER):
        return True
    return headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def benefit_text(threshold: SpendThreshold) -> str:
    """The benefit in the page's language, else in any language the admin wrote it in."""
    text = threshold.safe_translation_getter("benefit", default="", any_language=True)
    return text or threshold.code


def cart_nudge(request: HttpRequest | None) -> Nudge | None:
    """The cart page's nudge for this shopper, or ``None``; shown items count as an impression
    of the threshold's offer."""
    if request is None or not hasattr(request, "session"):
        return None
    share = visits.holdout_share()
    if share > 0 and is_held_out(shopper_id(request), share):
        return None  # the shop-wide holdout sees nothing of the app, this nudge included
    thresholds = active_thresholds()
    if not thresholds:
        return None
    decided = _decide(get_cart_adapter(request), thresholds)
    if decided is None:
        return None
    threshold, gap, decision, cart = decided
    remaining = money_display(gap.remaining)
    message = _("Add %(amount)s more for %(benefit)s") % {
        "amount": remaining,
        "benefit": benefit_text(threshold),
    }
    items: tuple[NudgeItem, ...] = ()
    if decision is not None:
        impression = uuid.uuid4().hex
        token = moments.shopper_token(request, create=True) or ""
        binding = QuoteBinding(token, impression, None)
        rule = decision.rule
        presented = []
        for choice in decision.choices:
            quote = quote_for(rule, choice, decision)
            presented.append(
                NudgeItem(
                    product_id=key_to_json(choice.product.id),
                    title=choice.product.title,
                    price=money(quote.unit_price),
                    price_display=money_display(quote.unit_price),
                    image_url=choice.product.image_url,
                    url=choice.product.url,
                    quote=sign_quote(
                        rule, choice, quote.unit_price, NUDGE_TRIGGER, None, binding=binding
                    ),
                    learned=choice.because_of is not None,
                )
            )
        items = tuple(presented)
        mark_personal(request)  # quotes bound to this shopper: never from a shared cache
        if _is_seen(request):
            signals.offer_shown.send(
                sender=Decision,
                request=request,
                recorded=False,
                offer_id=rule.id,
                variant_id=None,
                trigger=NUDGE_TRIGGER,
                is_control=False,
                cart_subtotal=cart.subtotal,
                decision=decision,
                impression_id=impression,
            )
    return Nudge(
        code=threshold.code,
        remaining=gap.remaining,
        remaining_display=remaining,
        message=message,
        offer_id=threshold.offer_id,
        accept_url=reverse("upsell:offer-accept", args=[threshold.offer_id]),
        items=items,
    )
