"""A decision as the pop-up shows it: the ``offer`` object of the API contract.

Everything the shopper reads is produced here, on the server: placeholders filled, money formatted,
labels translated, and each choice's price signed into a quote the accept request must hand back.
The admin's preview calls :func:`present_decision` with ``sign=False``, so staff see exactly what
shoppers see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from string import Formatter
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .adapters import CartSummary
from .conf import upsell_settings
from .pricing import Quote, format_money, quote_choice, round_money
from .selection.types import (
    Choice,
    Decision,
    DiscountType,
    Kind,
    OfferRule,
    ProductInfo,
    SubscriptionTerms,
    Trigger,
)
from .validation import PLACEHOLDERS

#: Salt of quote tokens: a signature made for anything else never verifies as a quote.
QUOTE_SALT = "upsell_app.quote"


# -- money --------------------------------------------------------------------------------------
def money(amount: Decimal) -> str:
    """A money value as the API sends it: a plain decimal string, rounded once (``"1500"``)."""
    rounded = round_money(amount, upsell_settings.PRICE_DECIMAL_PLACES)
    return str(rounded if rounded else abs(rounded))  # never "-0"


def money_display(amount: Decimal) -> str:
    return format_money(
        amount, upsell_settings.CURRENCY_SYMBOL, upsell_settings.PRICE_DECIMAL_PLACES
    )


def signed_money_display(amount: Decimal) -> str:
    """A difference: ``+¥500`` when the shopper pays more, ``-¥300`` when less, else ``¥0``."""
    shown = money_display(amount)
    return f"+{shown}" if round_money(amount, upsell_settings.PRICE_DECIMAL_PLACES) > 0 else shown


def quote_for(rule: OfferRule, choice: Choice, decision: Decision) -> Quote:
    """The server's price of one choice (a bundle is priced as the whole package)."""
    items = decision.choices if rule.kind is Kind.BUNDLE else ()
    return quote_choice(rule, choice, upsell_settings.PRICE_DECIMAL_PLACES, bundle_items=items)


def amount_to_pay(rule: OfferRule, quote: Quote) -> Decimal:
    """What accepting costs: the unit price of the line, or the discounted price of a bundle."""
    return quote.difference if rule.kind is Kind.BUNDLE else quote.unit_price


# -- quotes -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuoteBinding:
    """Whom a quote was shown to and where it came from, sealed into it (see ``sign_quote``)."""

    shopper: str  # the shopper token (:func:`upsell_app.moments.shopper_token`)
    impression: str  # the impression's id (the uid of its ``impression`` event)
    moment: int | None = None  # the stamp of the proof of an event moment


def sign_quote(
    rule: OfferRule,
    choice: Choice | None,
    amount: Decimal,
    trigger: Trigger,
    context_product_id: int | None,
    items: tuple[int, ...] = (),
    binding: QuoteBinding | None = None,
) -> str:
    """A signed, timestamped token of what was offered at which price, to whom.

    Besides the contract's offer, product, line and price it carries the moment (trigger and the
    product it was about) and a bundle's items, so the accept request can re-run the very same
    decision on the current cart. It names the shopper it was shown to, the impression and the
    proof of the moment, and the product on the line it changes: a quote is no bearer token, and
    it changes only the line the shopper saw. Its age is checked against ``QUOTE_MAX_AGE_SECONDS``.
    """
    line = choice.source_line if choice is not None else None
    payload: dict[str, Any] = {
        "o": rule.id,
        "p": None if rule.kind is Kind.BUNDLE or choice is None else choice.product.id,
        "l": line.line_id if line else None,
        "b": line.product_id if line else None,
        "u": money(amount),
        "t": trigger.value,
        "c": context_product_id,
    }
    if binding is not None:
        payload.update(s=binding.shopper, v=binding.impression, m=binding.moment)
    if items:
        payload["i"] = list(items)
    return signing.dumps(payload, salt=QUOTE_SALT, compress=False)


def read_quote(token: str) -> dict[str, Any]:
    """The payload of a quote; raises ``signing.SignatureExpired`` / ``signing.BadSignature``."""
    return signing.loads(token, salt=QUOTE_SALT, max_age=upsell_settings.QUOTE_MAX_AGE_SECONDS)


# -- text ---------------------------------------------------------------------------------------
def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    """``str.format_map`` restricted to :data:`~upsell_app.validation.PLACEHOLDERS`.

    Admin-written text is data: a field it may not use (``{product.__class__}``, ``{x}``) or a
    stray brace is shown literally instead of being evaluated or breaking the pop-up.
    """
    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return template
    if all(
        name is None or (name in PLACEHOLDERS and not spec and not conversion)
        for _, name, spec, conversion in fields
    ):
        return template.format_map({name: values.get(name, "") for name in PLACEHOLDERS})
    out: list[str] = []
    for literal, name, spec, conversion in fields:
        out.append(literal)
        if name is None:
            continue
        if name in PLACEHOLDERS:
            out.append(values.get(name, ""))
        else:
            raw = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            out.append("{" + raw + "}")
    return "".join(out)


def discount_text(rule: OfferRule) -> str:
    if rule.discount.type is DiscountType.PERCENT:
        return f"{rule.discount.value.normalize():f}%"
    if rule.discount.type is DiscountType.FIXED:
        return money_display(rule.discount.value)
    return ""


def accept_label(rule: OfferRule, choices: tuple[Choice, ...]) -> str:
    if rule.kind is Kind.UPSELL:
        return _("Upgrade")
    if rule.kind is Kind.BUNDLE:
        return _("Add the set")
    if rule.kind is Kind.SUBSCRIPTION:
        return _("Switch to subscription")
    if rule.kind is Kind.DOWNSELL and choices and choices[0].source_line is not None:
        return _("Switch to this")
    return _("Add to cart")


def reason_text(choices: tuple[Choice, ...], products: Mapping[int, ProductInfo]) -> str | None:
    """Why a learned cross-sell is shown: the cart product it is often bought with."""
    titles: list[str] = []
    for choice in choices:
        if choice.because_of is None:
            continue
        product = products.get(choice.because_of)
        if (
            product is None
            and choice.source_product
            and choice.source_product.id == choice.because_of
        ):
            product = choice.source_product
        if product is not None and product.title not in titles:
            titles.append(product.title)
    if not titles:
        return None
    return _("Often bought together with %(products)s") % {"products": ", ".join(titles)}


def subscription_terms(
    terms: SubscriptionTerms, choice: Choice, unit_price: Decimal
) -> list[dict[str, str]]:
    """Every term Japan's 特定商取引法 requires before consent, in the order the law lists them."""
    quantity = choice.source_line.quantity if choice.source_line else 1
    if terms.interval_unit == "week":
        interval = ngettext(
            "Every %(count)d week", "Every %(count)d weeks", terms.interval_count
        ) % {"count": terms.interval_count}
    else:
        interval = ngettext(
            "Every %(count)d month", "Every %(count)d months", terms.interval_count
        ) % {"count": terms.interval_count}
    if terms.minimum_deliveries:
        commitment = ngettext(
            "At least %(count)d delivery", "At least %(count)d deliveries", terms.minimum_deliveries
        ) % {"count": terms.minimum_deliveries}
    else:
        commitment = _("None: cancel any time")
    per_delivery = money_display(unit_price * quantity)
    if quantity > 1:
        per_delivery = _("%(total)s (%(quantity)d × %(unit)s)") % {
            "total": per_delivery,
            "quantity": quantity,
            "unit": money_display(unit_price),
        }
    return [
        {"label": _("Product"), "value": choice.product.title},
        {"label": _("Quantity per delivery"), "value": str(quantity)},
        {"label": _("Price per delivery"), "value": per_delivery},
        {"label": _("Delivery interval"), "value": interval},
        {"label": _("First delivery"), "value": terms.first_delivery},
        {"label": _("Payment timing"), "value": terms.payment_timing},
        {"label": _("Minimum commitment"), "value": commitment},
        {"label": _("How to cancel"), "value": terms.cancellation},
    ]


# -- the payload --------------------------------------------------------------------------------
def present_decision(
    decision: Decision,
    trigger: Trigger,
    *,
    sign: bool = True,
    context_product_id: int | None = None,
    products: Mapping[int, ProductInfo] | None = None,
    binding: QuoteBinding | None = None,
) -> dict[str, Any]:
    """The contract's ``offer`` object for ``decision``; quotes are empty when ``sign`` is false.

    ``products`` (the offer index's catalogue) names the cart product a learned cross-sell goes
    with; ``context_product_id`` is the product the moment was about, sealed into the quotes
    with ``binding`` (the shopper, impression and proven moment they were shown for).
    """
    rule = decision.rule
    quotes = [quote_for(rule, choice, decision) for choice in decision.choices]
    bundle_token = ""
    if sign and rule.kind is Kind.BUNDLE and quotes:
        bundle_token = sign_quote(
            rule,
            None,
            amount_to_pay(rule, quotes[0]),
            trigger,
            context_product_id,
            items=tuple(c.product.id for c in decision.choices),
            binding=binding,
        )
    choices = []
    for choice, quote in zip(decision.choices, quotes, strict=True):
        if not sign:
            token = ""
        elif rule.kind is Kind.BUNDLE:
            token = bundle_token
        else:
            token = sign_quote(
                rule, choice, quote.unit_price, trigger, context_product_id, binding=binding
            )
        choices.append(_present_choice(choice, quote, token))
    first = decision.choices[0] if decision.choices else None
    values = _placeholder_values(rule, first, quotes[0] if quotes else None, decision)
    return {
        "id": rule.id,
        "kind": rule.kind.value,
        "trigger": trigger.value,
        "headline": fill_placeholders(rule.headline, values),
        "message": fill_placeholders(rule.value_message, values),
        "reason": reason_text(decision.choices, products or {}),
        "accept_label": accept_label(rule, decision.choices),
        "decline_label": _("No thanks"),
        "choices": choices,
        "bundle": _present_bundle(decision, quotes[0])
        if rule.kind is Kind.BUNDLE and quotes
        else None,
        "subscription": (
            _present_subscription(rule, first, quotes[0])
            if rule.kind is Kind.SUBSCRIPTION and first is not None and rule.subscription
            else None
        ),
    }


def _present_choice(choice: Choice, quote: Quote, token: str) -> dict[str, Any]:
    return {
        "product_id": choice.product.id,
        "line_id": choice.source_line.line_id if choice.source_line else None,
        "title": choice.product.title,
        "image_url": choice.product.image_url,
        "url": choice.product.url,
        "price": money(quote.unit_price),
        "price_display": money_display(quote.unit_price),
        "original_price": money(quote.original_price),
        "original_price_display": money_display(quote.original_price),
        "difference": money(quote.difference),
        "difference_display": signed_money_display(quote.difference),
        "saving": money(quote.saving),
        "saving_display": money_display(quote.saving) if quote.saving > 0 else "",
        "source_title": choice.source_product.title if choice.source_product else None,
        "quote": token,
    }


def _present_bundle(decision: Decision, quote: Quote) -> dict[str, Any]:
    first = decision.choices[0]
    items = [first.source_product.title] if first.source_product else []
    items.extend(choice.product.title for choice in decision.choices)
    return {
        "items": items,
        "package_price_display": money_display(quote.original_price - quote.saving),
        "list_price_display": money_display(quote.original_price),
        "saving_display": money_display(quote.saving) if quote.saving > 0 else "",
    }


def _present_subscription(rule: OfferRule, choice: Choice, quote: Quote) -> dict[str, Any]:
    assert rule.subscription is not None
    return {
        "terms": subscription_terms(rule.subscription, choice, quote.unit_price),
        "consent_label": _("I have read these terms and want to switch to a subscription."),
    }


def _placeholder_values(
    rule: OfferRule, choice: Choice | None, quote: Quote | None, decision: Decision
) -> dict[str, str]:
    if choice is None or quote is None:
        return {"discount": discount_text(rule)}
    product = choice.product.title
    price, original = quote.unit_price, quote.original_price
    if rule.kind is Kind.BUNDLE:
        product = ", ".join(c.product.title for c in decision.choices)
        price, original = quote.original_price - quote.saving, quote.original_price
    return {
        "product": product,
        "source": choice.source_product.title if choice.source_product else "",
        "price": money_display(price),
        "original_price": money_display(original),
        "difference": money_display(abs(quote.difference)),
        "saving": money_display(quote.saving),
        "discount": discount_text(rule),
    }


def present_cart(summary: CartSummary) -> dict[str, Any]:
    """The cart as the accept response reports it (the widget re-renders totals from it)."""
    return {
        "lines": [
            {
                "line_id": str(line["line_id"]),
                "product_id": line["product_id"],
                "title": str(line["title"]),
                "quantity": line["quantity"],
                "unit_price": money(line["unit_price"]),
                "line_total": money(line["line_total"]),
                "is_subscription": bool(line.get("is_subscription", False)),
            }
            for line in summary.lines
        ],
        "discounts": [
            {"key": d["key"], "label": str(d["label"]), "amount": money(d["amount"])}
            for d in summary.discounts
        ],
        "subtotal": money(summary.subtotal),
        "total": money(summary.total),
        "subtotal_display": money_display(summary.subtotal),
        "total_display": money_display(summary.total),
    }
