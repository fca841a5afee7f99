"""The in-memory index of active offers, rebuilt only when the offer set changes.

Each process keeps one :class:`~upsell_app.selection.engine.OfferIndex`. A version token in the
shared cache says when it is stale: saving an offer (or a product) writes a new token, and every
process rebuilds on its next request. A warm request thus costs one cache read and no SQL.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable

from django.core.cache import caches
from django.db.models import Prefetch
from django.utils import timezone

from ..adapters import get_catalog_adapter
from ..conf import upsell_settings
from ..offers.texts import TEXT_FIELDS, default_language, localize, shopper_chain
from ..selection.audiences import Audience
from ..selection.engine import OfferIndex
from ..selection.types import (
    Discount,
    DiscountType,
    Kind,
    OfferRule,
    OfferTexts,
    Placement,
    SubscriptionTerms,
    TargetSource,
    Trigger,
    VariantRule,
)
from ..shop.capabilities import configured_adapter_class, unsupported_kinds
from ..shop.catalogue import sellable
from .outages import CACHE_ERRORS, report

VERSION_KEY = "upsell:offers:version"
#: The version of an index built while the cache was unreachable: any real version differs.
UNAVAILABLE = "cache-unavailable"

_lock = threading.Lock()
_state: dict[str, object] = {"index": None, "checked_at": 0.0}


def _cache():
    return caches[upsell_settings.CACHE_ALIAS]


def current_version() -> str:
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate() -> None:
    """Mark every process's index stale (call after offers or products change).

    When the cache cannot be reached, this process rebuilds at once and tells the others on its
    first request that reaches the cache again: an offer paused during an outage is not served on
    from a version that outlived it.
    """
    _state["index"] = None
    _publish_new_version()


def _publish_new_version() -> None:
    try:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, None)
    except CACHE_ERRORS as exc:
        _state["invalidation_pending"] = True
        report("offer index", exc, "other processes learn of the offer change later")
    else:
        _state["invalidation_pending"] = False


def version_check_due() -> bool:
    """Whether the next :func:`get_offer_index` compares its index with the shared version."""
    return (
        _state["index"] is None
        or time.monotonic() - _state["checked_at"] >= upsell_settings.INDEX_VERSION_CHECK_SECONDS
    )


def get_offer_index(version: str | None = None) -> OfferIndex:
    """This process's index, rebuilt when stale.

    ``version`` is the shared token when the caller has just read it (batched with its own cache
    reads, saving a round trip); otherwise it is read here when a check is due.
    """
    if _state.get("invalidation_pending"):
        _publish_new_version()
        version = None
    index = _state["index"]
    now = time.monotonic()
    if version is None and not version_check_due():
        return index  # type: ignore[return-value]
    if version is None:
        try:
            version = current_version()
        except CACHE_ERRORS as exc:
            report("offer index", exc, "this process serves its offer index as it is")
            if index is not None:
                return index  # type: ignore[return-value]
            version = UNAVAILABLE  # built once from the database, replaced when the cache is back
    if index is None or index.version != version:  # type: ignore[union-attr]
        with _lock:
            index = _state["index"]
            if index is None or index.version != version:  # type: ignore[union-attr]
                index = build_index(version)
                _state["index"] = index
    _state["checked_at"] = now
    return index  # type: ignore[return-value]


def build_index(version: object = None) -> OfferIndex:
    from ..models import Offer, OfferVariant

    now = timezone.now()
    offers = list(
        Offer.objects.active()
        .exclude(ends_at__lte=now)
        # A spend threshold's offer is shown by the cart page's nudge, never as a pop-up.
        .filter(spend_threshold__isnull=True)
        .prefetch_related(
            Prefetch("source_products", to_attr="source_list"),
            Prefetch("target_products", to_attr="target_list"),
            Prefetch("translations", to_attr="translation_list"),
            # A/B arms (analytics, issue 4)
            Prefetch(
                "variants",
                queryset=OfferVariant.objects.filter(is_active=True).prefetch_related(
                    "target_products", Prefetch("translations", to_attr="translation_list")
                ),
                to_attr="variant_list",
            ),
        )
    )
    # An offer the shop's cart adapter cannot apply would fail at "accept": never show it
    # (manage.py check reports it as upsell_app.E022).
    unsupported = unsupported_kinds(configured_adapter_class())
    rules = [rule_from_offer(offer) for offer in offers if offer.kind not in unsupported]
    catalog = get_catalog_adapter()
    needs_whole_catalogue = any(
        r.source_categories or r.target_source != TargetSource.MANUAL for r in rules
    )
    ids: set[int] | None = None
    if not needs_whole_catalogue:
        ids = set()
        for rule in rules:
            ids.update(rule.source_product_ids)
            ids.update(rule.target_product_ids)
            for variant in rule.variants:  # A/B arms may offer other products (issue 4)
                ids.update(variant.target_product_ids or ())
    products = sellable(catalog.get_products(ids))  # never offer a product at ¥0 or less
    return OfferIndex(rules, products, version=version)


def rule_from_offer(offer) -> OfferRule:  # noqa: ANN001 - an Offer with prefetched lists
    sources: Iterable = getattr(offer, "source_list", None) or offer.source_products.all()
    targets: Iterable = getattr(offer, "target_list", None) or offer.target_products.all()
    translations = texts_from_offer(offer)
    # The rule's own texts are the default language's (with the usual fallback), for code that
    # needs one text; the pop-up picks per shopper from ``translations``.
    default = {
        name: text.value
        for name, text in localize(translations, {}, shopper_chain(default_language())).items()
    }
    terms = None
    if offer.kind == Kind.SUBSCRIPTION:
        terms = SubscriptionTerms(
            interval_count=offer.interval_count or 1,
            interval_unit=offer.interval_unit or "month",
            first_delivery=default["first_delivery"],
            payment_timing=default["payment_timing"],
            minimum_deliveries=offer.minimum_deliveries or 0,
            cancellation=default["cancellation"],
            payment_method=default["payment_method"],
            contract_period=default["contract_period"],
            cancellation_deadline=default["cancellation_deadline"],
            shipping_fee=offer.shipping_fee,
        )
    return OfferRule(
        id=offer.pk,
        kind=Kind(offer.kind),
        name=offer.name,
        priority=offer.priority,
        triggers=frozenset(Trigger(t) for t in offer.triggers if t in Trigger._value2member_map_),
        source_product_ids=frozenset(p.pk for p in sources),
        source_categories=offer.category_keys,
        target_product_ids=tuple(p.pk for p in sorted(targets, key=lambda p: p.pk)),
        discount=Discount(DiscountType(offer.discount_type), offer.discount_value),
        starts_at=offer.starts_at,
        ends_at=offer.ends_at,
        min_subtotal=offer.min_subtotal,
        max_subtotal=offer.max_subtotal,
        headline=default["headline"],
        value_message=default["value_message"],
        target_source=TargetSource(offer.target_source),
        subscription=terms,
        variants=variants_from_offer(offer),
        translations=translations,
        audience=audience_of(offer),
        placement=Placement(offer.placement),
    )


def audience_of(offer) -> Audience | None:  # noqa: ANN001 - an Offer
    """The offer's audience, or ``None`` when every shopper may see it."""
    audience = Audience.from_json(getattr(offer, "audience", None))
    return None if audience.is_everyone else audience


def texts_from_offer(offer) -> tuple[OfferTexts, ...]:  # noqa: ANN001 - an Offer
    """The offer's texts per language, as parler stores them (one row per language)."""
    rows = getattr(offer, "translation_list", None)
    if rows is None:
        rows = offer.translations.all()
    return tuple(
        OfferTexts(
            row.language_code,
            tuple((name, getattr(row, name)) for name in TEXT_FIELDS if getattr(row, name)),
        )
        for row in sorted(rows, key=lambda r: r.language_code)
    )


def variants_from_offer(offer) -> tuple[VariantRule, ...]:  # noqa: ANN001 - an Offer
    """The offer's active A/B arms (analytics, issue 4); empty overrides keep the offer's values."""
    rows = getattr(offer, "variant_list", None)
    if rows is None:
        rows = offer.variants.filter(is_active=True).prefetch_related(
            "target_products", Prefetch("translations", to_attr="translation_list")
        )
    arms = []
    for v in rows:
        targets = tuple(sorted(p.pk for p in v.target_products.all()))
        translations = tuple(
            OfferTexts(language, tuple(texts.items()))
            for language, texts in v.texts_by_language().items()
        )
        # The arm's one text for code that needs one: the default language's, with the fallback.
        default = localize(translations, {}, shopper_chain(default_language()))
        arms.append(
            VariantRule(
                id=v.pk,
                name=v.name,
                weight=v.weight,
                is_control=v.is_control,
                headline=default["headline"].value or None,
                value_message=default["value_message"].value or None,
                discount=(
                    Discount(DiscountType(v.discount_type), v.discount_value or 0)
                    if v.discount_type
                    else None
                ),
                target_product_ids=targets or None,
                triggers=frozenset(
                    Trigger(t) for t in v.triggers if t in Trigger._value2member_map_
                )
                or None,
                translations=translations,
            )
        )
    return tuple(arms)
