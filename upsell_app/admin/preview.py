"""Sample decisions for the admin's "Preview pop-up": an offer shown as a shopper would see it.

The preview builds the same :class:`~upsell_app.selection.types.Decision` the engine would, from
the offer's own sources and targets read through the catalogue adapter, so the pop-up a store admin
sees is priced and worded by the same code the shop runs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..adapters import ModelCatalogAdapter, get_catalog_adapter
from ..conf import upsell_settings
from ..selection.engine import OfferIndex, select_offer
from ..selection.types import (
    CartLine,
    CartSnapshot,
    Choice,
    Context,
    Decision,
    Kind,
    OfferRule,
    ProductInfo,
    ShopperState,
    TargetSource,
    Trigger,
)
from ..serving.offer_index import rule_from_offer

#: How many catalogue rows the preview reads at most when it has to look for sample products.
SAMPLE_SCAN_LIMIT = 200


@dataclass(frozen=True)
class Preview:
    decision: Decision
    trigger: Trigger
    notes: list[str] = field(default_factory=list)
    cart_titles: list[str] = field(default_factory=list)  # the chosen cart, when one was given
    cart_total: Decimal | None = None


def draft_offer(form) -> Any:  # noqa: ANN001 - a valid OfferAdminForm
    """The offer as edited in the admin form, unsaved: its lists taken from the form."""
    offer = form.save(commit=False)
    offer.source_list = list(form.cleaned_data.get("source_products") or ())
    offer.target_list = list(form.cleaned_data.get("target_products") or ())
    offer.variant_list = []  # A/B arms are previewed with the saved offer
    # The texts as edited, every language of the form; a language it has no text in, as saved.
    edited = form.translation_rows()
    written = {row.language_code for row in edited}
    saved = list(offer.translations.all()) if offer.pk is not None else []
    offer.translation_list = [row for row in saved if row.language_code not in written] + edited
    if offer.pk is None:
        offer.pk = 0
    return offer


def preview_trigger(rule: OfferRule) -> Trigger:
    """The first moment the offer is shown at, in the shop's order of moments."""
    for trigger in Trigger:
        if trigger in rule.triggers:
            return trigger
    return Trigger.CART_VIEW


def build_preview(
    offer,  # noqa: ANN001 - an Offer (saved, or a draft from draft_offer)
    catalog: ModelCatalogAdapter | None = None,
    cart_product_ids: Sequence[int] | None = None,
) -> Preview:
    """A decision for ``offer`` with sample choices; ``notes`` say what was made up for it.

    With ``cart_product_ids`` the shop's own decision runs for that cart (one of each product),
    so the admin sees whether, and how, the offer shows for it.
    """
    catalog = catalog or get_catalog_adapter()
    rule = rule_from_offer(offer)
    trigger = preview_trigger(rule)
    if cart_product_ids:
        return _for_cart(rule, trigger, list(cart_product_ids), catalog)
    notes: list[str] = []
    products = catalog.get_products(set(rule.source_product_ids) | set(rule.target_product_ids))
    source = _sample_source(rule, products, catalog)
    if source is None:
        notes.append(
            _("The offer has no source product in the catalogue: choices are shown alone.")
        )
    line = (
        CartLine(line_id="preview", product_id=source.id, quantity=1, unit_price=source.price)
        if source is not None
        else None
    )
    targets = [products[i] for i in rule.target_product_ids if i in products]
    if not targets and rule.target_source is not TargetSource.MANUAL:
        targets = _sample_learned(rule, source, catalog)
        if targets:
            notes.append(
                _("Targets are learned from order history; the preview shows sample products.")
            )
    choices = _choices(rule, trigger, source, line, targets)
    if not choices:
        notes.append(
            _("Nothing to show yet: choose the products this offer starts from and offers.")
        )
    return Preview(Decision(rule=rule, choices=tuple(choices)), trigger, notes)


def _for_cart(
    rule: OfferRule, trigger: Trigger, cart_ids: list[int], catalog: ModelCatalogAdapter
) -> Preview:
    """The engine's own decision for this offer alone, on a cart of the chosen products."""
    from ..serving.decision_service import learned_targets, limits

    whole = rule.target_source is not TargetSource.MANUAL
    products = catalog.get_products(
        None if whole else {*cart_ids, *rule.target_product_ids, *rule.source_product_ids}
    )
    chosen = [products[i] for i in cart_ids if i in products]
    removed = None
    if trigger is Trigger.ITEM_REMOVED and chosen:
        removed, chosen = chosen[0], chosen[1:]  # the first product is the one taken out
    lines = tuple(
        CartLine(line_id=f"preview-{p.id}", product_id=p.id, quantity=1, unit_price=p.price)
        for p in chosen
    )
    cart = CartSnapshot(lines=lines, subtotal=sum((p.price for p in chosen), Decimal("0")))
    anchor = removed.id if removed else (chosen[0].id if chosen else None)
    index = OfferIndex([rule], products)
    context = Context(
        trigger=trigger, cart=cart, now=timezone.now(), epoch=time.time(), product_id=anchor
    )
    learned = learned_targets(index, trigger, cart, anchor) if whole else ()
    decision = select_offer(index, context, ShopperState(), limits(), learned)
    titles = [p.title for p in chosen]
    if removed is not None:
        titles.insert(0, _("%(product)s (removed)") % {"product": removed.title})
    notes: list[str] = []
    if decision is None:
        notes.append(
            _(
                "With this cart the offer is not shown: its source products are not in the cart, "
                "its targets are already there or sold out, the cart is outside its subtotal "
                "bounds, or it is not live now."
            )
        )
        decision = Decision(rule=rule, choices=())
    return Preview(decision, trigger, notes, titles, cart.subtotal)


def _choices(
    rule: OfferRule,
    trigger: Trigger,
    source: ProductInfo | None,
    line: CartLine | None,
    targets: list[ProductInfo],
) -> list[Choice]:
    if rule.kind is Kind.SUBSCRIPTION:
        return [Choice(product=source, source_line=line, source_product=source)] if source else []
    if rule.kind is Kind.BUNDLE:
        # A bundle is offered whole: every target is part of the package.
        return [Choice(product=t, source_product=source) for t in targets]
    limit = upsell_settings.MAX_CHOICES
    if rule.kind is Kind.DOWNSELL and trigger is Trigger.ITEM_REMOVED:
        line = None  # the source left the cart: the downsell offers to add the cheaper one
    if rule.kind in (Kind.UPSELL, Kind.DOWNSELL):
        return [Choice(product=t, source_line=line, source_product=source) for t in targets][:limit]
    learned = rule.target_source is not TargetSource.MANUAL and not rule.target_product_ids
    because = source.id if (learned and source is not None) else None
    return [Choice(product=t, source_product=source, because_of=because) for t in targets][:limit]


def _sample_source(
    rule: OfferRule, products: Mapping[int, ProductInfo], catalog: ModelCatalogAdapter
) -> ProductInfo | None:
    for product_id in sorted(rule.source_product_ids):
        if product_id in products:
            return products[product_id]
    if rule.source_categories:
        for info in _scan(catalog):
            if not rule.source_categories.isdisjoint(info.categories):
                return info
    return None


def _sample_learned(
    rule: OfferRule, source: ProductInfo | None, catalog: ModelCatalogAdapter
) -> list[ProductInfo]:
    excluded = set(rule.source_product_ids) | ({source.id} if source else set())
    found: list[ProductInfo] = []
    for info in _scan(catalog):
        if info.id not in excluded and info.in_stock:
            found.append(info)
        if len(found) >= upsell_settings.MAX_CHOICES:
            break
    return found


def _scan(catalog: ModelCatalogAdapter):  # noqa: ANN202 - an iterator of ProductInfo
    for obj in catalog.get_queryset()[:SAMPLE_SCAN_LIMIT]:
        yield catalog.to_info(obj)
