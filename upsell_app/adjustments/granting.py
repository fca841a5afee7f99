"""Applying an accepted offer to a cart that holds only lines: the shop changes its lines through
its :class:`~upsell_app.adapters.SimpleCartAdapter`, the app records the terms it agreed."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ..adapters import SimpleCartAdapter, plan_for
from ..models import OfferAcceptance
from ..selection.types import CartSnapshot, Choice, Decision, Kind
from . import store
from .terms import current_lines, split


def grant(
    adapter: SimpleCartAdapter,
    acceptance: OfferAcceptance,
    *,
    decision: Decision,
    choice: Choice,
    unit_price: Decimal,
    item_prices: dict[int, Decimal],
    bundle_discount: Decimal,
    bundle_label: str,
    cart: CartSnapshot,
    picks: tuple[tuple[Choice, Decimal], ...] = (),
) -> tuple[list[str], str]:
    """Change the cart and record the agreed terms; ``(line ids it depends on, set key)``.

    The agreed price covers the units the pop-up priced: the whole line an upgrade, downgrade or
    subscription acts on (its quantity now), one unit of an added product.

    ``cart`` is the snapshot the acceptance was re-checked on (its source line is in it);
    ``picks`` are several ticked cross-sell choices with their agreed unit prices.
    """
    rule = decision.rule
    cart_key = adapter.cart_key()
    acceptance.cart_key = cart_key
    line = choice.source_line
    if rule.kind is Kind.SUBSCRIPTION and line is not None and rule.subscription is not None:
        # The shop's line stays as it is; the plan and its price per delivery live in the app.
        plan = plan_for(
            rule, unit_price, choice.product.title, line.quantity, choice.product.tax_rate
        )
        store.record_line(
            acceptance, cart_key, line_id=line.line_id, product_id=line.product_id,
            unit_price=unit_price, label=_("Subscription price"), plan=plan,
            quantity=line.quantity,
        )
        return [line.line_id], ""
    if rule.kind in (Kind.UPSELL, Kind.DOWNSELL) and line is not None:
        line_id = str(adapter.replace_line(line.line_id, choice.product.id))
        label = _("Upgrade offer price") if rule.kind is Kind.UPSELL else _("Offer price")
        store.record_line(
            acceptance, cart_key, line_id=line_id, product_id=choice.product.id,
            unit_price=unit_price, label=label, quantity=line.quantity,
        )
        _drop_swapped_away(adapter, cart_key)
        return [line_id], ""
    if rule.kind is Kind.BUNDLE:
        return _grant_bundle(
            adapter, acceptance, cart_key, decision, item_prices, bundle_discount, bundle_label,
            cart,
        )
    if picks:  # several ticked cross-sell choices: one line each, in this transaction
        added = []
        for pick, price in picks:
            pick_line = str(adapter.add_line(pick.product.id, 1))
            store.record_line(
                acceptance, cart_key, line_id=pick_line, product_id=pick.product.id,
                unit_price=price, label=_("Offer price"),
            )
            added.append(pick_line)
        return added, ""
    line_id = str(adapter.add_line(choice.product.id, 1))
    store.record_line(
        acceptance, cart_key, line_id=line_id, product_id=choice.product.id,
        unit_price=unit_price, label=_("Offer price"),
    )
    return [line_id], ""


def _drop_swapped_away(adapter: SimpleCartAdapter, cart_key: str) -> None:
    """What earlier acceptances agreed for the product the line held (an earlier upgrade, a plan,
    a set it completed) is lost now, not at the next total: the cart is locked, so its lines and
    the terms agree and no grace is needed."""
    now = timezone.now()
    lines = current_lines(adapter.get_lines())
    _, lost = split(store.live(cart_key, now), lines, settled_before=now)
    store.drop(lost, now)


def _grant_bundle(
    adapter: SimpleCartAdapter,
    acceptance: OfferAcceptance,
    cart_key: str,
    decision: Decision,
    item_prices: dict[int, Decimal],
    bundle_discount: Decimal,
    bundle_label: str,
    cart: CartSnapshot,
) -> tuple[list[str], str]:
    members: list[tuple[str, int]] = []
    source = decision.choices[0].source_product
    if source is not None:
        # The set is earned by the product it goes with too: losing it loses the set price.
        source_line = next((x for x in cart.lines if x.product_id == source.id), None)
        if source_line is not None:
            members.append((source_line.line_id, source_line.product_id))
    for item in decision.choices:
        line_id = str(adapter.add_line(item.product.id, 1))
        members.append((line_id, item.product.id))
        store.record_line(
            acceptance, cart_key, line_id=line_id, product_id=item.product.id,
            unit_price=item_prices[item.product.id], label=_("Set item"),
        )
    key = f"upsell-bundle-{decision.rule.id}-{acceptance.pk}"
    if bundle_discount > 0:
        store.record_set_discount(
            acceptance, cart_key, key=key, amount=bundle_discount, label=bundle_label,
            members=members,
        )
    return [line_id for line_id, _ in members], key
