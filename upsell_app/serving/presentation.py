"""A decision as the pop-up shows it: the ``offer`` object of the API contract.

Everything the shopper reads is produced here, on the server: placeholders filled, money formatted,
labels translated, and each choice's price signed into a quote the accept request must hand back.
The admin's preview calls :func:`present_decision` with ``sign=False``, so staff see exactly what
shoppers see.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from string import Formatter
from typing import Any

from django.core import signing
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ..adapters import PLAN_TEXT_FIELDS, CartSummary, SubscriptionPlan, get_catalog_adapter
from ..conf import tax_label, upsell_settings
from ..models.product_keys import key_to_json, to_key_or_none
from ..offers.texts import Text, default_language, localize, shopper_chain
from ..offers.validation import PLACEHOLDERS
from ..selection.pricing import Quote, format_money, quote_choice, round_money
from ..selection.tax import ShownQuote, TaxPolicy, shown_quote
from ..selection.tax import shown as shown_amount
from ..selection.types import (
    CartLine,
    Choice,
    Decision,
    Discount,
    DiscountType,
    Kind,
    OfferRule,
    ProductInfo,
    SubscriptionTerms,
    Trigger,
)

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


def price_display(amount: Decimal) -> str:
    """A price as the pop-up shows it: with the shop's tax label (``¥1,078 税込``) if it uses one,
    so the pop-up's prices read like every other price on the shop's page."""
    label = tax_label()
    text = money_display(amount)
    return f"{text} {label}" if label else text


def signed_money_display(amount: Decimal) -> str:
    """A difference: ``+¥500`` when the shopper pays more, ``-¥300`` when less, else ``¥0``."""
    text = price_display(amount)
    return f"+{text}" if round_money(amount, upsell_settings.PRICE_DECIMAL_PLACES) > 0 else text


def shown_for(
    rule: OfferRule, choice: Choice, quote: Quote, decision: Decision, policy: TaxPolicy
) -> ShownQuote:
    """``quote``'s figures as the shopper sees them: tax included, line by line, when the
    catalogue's prices are stated without it (see docs/tax.md)."""
    items = decision.choices if rule.kind is Kind.BUNDLE else ()
    return shown_quote(rule.kind, choice, quote, policy, bundle_items=items)


def shown_price(amount: Decimal, rate: Decimal) -> Decimal:
    """One line's price on the shop's basis, as the shopper sees it."""
    return shown_amount(amount, rate, get_catalog_adapter().tax_policy())


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
    #: The placed order an accepted thank-you offer joins (its number); None: a new cart.
    order: str | None = None
    #: The follow-up mail whose link presented the offer: accepted at that mail's price, on
    #: its own terms (the offer was not decided for this visit's moment).
    mail: int | None = None


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
        "p": None if rule.kind is Kind.BUNDLE or choice is None else key_to_json(choice.product.id),
        "l": line.line_id if line else None,
        "b": key_to_json(line.product_id) if line else None,
        "u": money(amount),
        "t": trigger.value,
        "c": key_to_json(context_product_id),
    }
    if choice is not None and choice.because_of is not None:
        # The item a learned choice goes with: the accept measures its fit against that item.
        payload["w"] = key_to_json(choice.because_of)
    if binding is not None:
        payload.update(s=binding.shopper, v=binding.impression, m=binding.moment)
        if binding.order is not None:
            payload["n"] = binding.order
        if binding.mail is not None:
            payload["f"] = binding.mail
    if items:
        payload["i"] = [key_to_json(item) for item in items]
    return signing.dumps(payload, salt=QUOTE_SALT, compress=False)


def read_quote(token: str) -> dict[str, Any]:
    """The payload of a quote; raises ``signing.SignatureExpired`` / ``signing.BadSignature``.

    Product keys travel as JSON (a UUID as its text) and come back as the product model's keys.
    """
    claims = signing.loads(token, salt=QUOTE_SALT, max_age=upsell_settings.QUOTE_MAX_AGE_SECONDS)
    if isinstance(claims, dict):
        for name in ("p", "b", "c", "w"):
            if claims.get(name) is not None:
                claims[name] = to_key_or_none(claims[name])
        if isinstance(claims.get("i"), list):
            claims["i"] = [to_key_or_none(item) for item in claims["i"]]
    return claims


# -- text ---------------------------------------------------------------------------------------
def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    """``str.format_map`` restricted to :data:`~upsell_app.offers.validation.PLACEHOLDERS`.

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


def _interval_text(terms: SubscriptionTerms) -> str:
    if terms.interval_unit == "week":
        return ngettext("Every %(count)d week", "Every %(count)d weeks", terms.interval_count) % {
            "count": terms.interval_count
        }
    return ngettext("Every %(count)d month", "Every %(count)d months", terms.interval_count) % {
        "count": terms.interval_count
    }


def commitment_total(
    unit_price: Decimal, quantity: int, shipping_fee: Decimal | None, deliveries: int
) -> Decimal:
    """What the shopper pays over the minimum commitment (at least one delivery), rounded once."""
    per_delivery = unit_price * quantity + (shipping_fee or Decimal("0"))
    return round_money(per_delivery * max(deliveries, 1), upsell_settings.PRICE_DECIMAL_PLACES)


def subscription_terms(
    terms: SubscriptionTerms,
    choice: Choice,
    unit_price: Decimal,
    texts: Mapping[str, Text] | None = None,
) -> list[dict[str, str]]:
    """Every term 特定商取引法 12条の6 wants on the final confirmation, in the law's order.

    ``texts`` are the admin's texts as shown to this shopper (each with its language); without
    them the terms' own (default-language) texts are used. Each term says its ``lang``.
    """
    here = get_language() or default_language()
    shown = dict(texts or {})
    for name in (
        "first_delivery",
        "payment_method",
        "payment_timing",
        "contract_period",
        "cancellation",
        "cancellation_deadline",
    ):
        shown.setdefault(name, Text(getattr(terms, name), default_language()))
    quantity = choice.source_line.quantity if choice.source_line else 1
    if terms.minimum_deliveries:
        commitment = ngettext(
            "At least %(count)d delivery", "At least %(count)d deliveries", terms.minimum_deliveries
        ) % {"count": terms.minimum_deliveries}
    else:
        commitment = _("None: cancel any time")
    # The delivery's line as the shopper sees it: tax included (rounded on the whole line) when
    # the shop adds it to its prices.
    line = shown_price(unit_price * quantity, choice.product.tax_rate)
    per_delivery = price_display(line)
    if quantity > 1:
        per_delivery = _("%(total)s (%(quantity)d × %(unit)s)") % {
            "total": per_delivery,
            "quantity": quantity,
            "unit": price_display(shown_price(unit_price, choice.product.tax_rate)),
        }
    fee = terms.shipping_fee
    shipping = "" if fee is None else (_("Free") if not fee else money_display(fee))
    deliveries = max(terms.minimum_deliveries, 1)
    total = commitment_total(line, 1, fee, deliveries)
    each = price_display(line + (fee or Decimal("0")))
    if terms.minimum_deliveries:
        total_text = ngettext(
            "%(total)s (%(count)d delivery × %(each)s)",
            "%(total)s (%(count)d deliveries × %(each)s)",
            deliveries,
        ) % {"total": price_display(total), "count": deliveries, "each": each}
    else:
        total_text = _("%(total)s per delivery, no minimum number of deliveries") % {
            "total": price_display(total)
        }

    def term(key: str, label: str, value: str, language: str = here) -> dict[str, str]:
        return {"key": key, "label": label, "value": value, "lang": language}

    def admin_text(key: str, label: str) -> dict[str, str]:
        return term(key, label, shown[key].value, shown[key].language)

    return [
        term("product", _("Product"), choice.product.title),
        term("quantity", _("Quantity per delivery"), str(quantity)),
        term("price", _("Price per delivery"), per_delivery),
        term("shipping_fee", _("Shipping fee per delivery"), shipping),
        term("total", _("Total over the minimum commitment"), total_text),
        admin_text("payment_method", _("Payment method")),
        admin_text("payment_timing", _("Payment timing")),
        admin_text("first_delivery", _("First delivery")),
        term("interval", _("Delivery interval"), _interval_text(terms)),
        admin_text("contract_period", _("Contract period and renewal")),
        term("commitment", _("Minimum commitment"), commitment),
        admin_text("cancellation", _("How to cancel")),
        admin_text("cancellation_deadline", _("Cancel until")),
    ]


# -- the payload --------------------------------------------------------------------------------
#: Most choices a multi-pick pop-up prices every combination of (2**n live totals).
MAX_PICK_COMBINATIONS_CHOICES = 8


def is_multi_pick(decision: Decision) -> bool:
    """A cross-sell with several choices: the shopper ticks any of them, none ticked first."""
    return decision.rule.kind is Kind.CROSS_SELL and len(decision.choices) > 1


def present_decision(
    decision: Decision,
    trigger: Trigger,
    *,
    sign: bool = True,
    context_product_id: int | None = None,
    products: Mapping[int, ProductInfo] | None = None,
    binding: QuoteBinding | None = None,
    cart_total: Decimal | None = None,
    anchor: Choice | None = None,
) -> dict[str, Any]:
    """The contract's ``offer`` object for ``decision``; quotes are empty when ``sign`` is false.

    ``products`` (the offer index's catalogue) names the cart product a learned cross-sell goes
    with; ``context_product_id`` is the product the moment was about, sealed into the quotes
    with ``binding`` (the shopper, impression and proven moment they were shown for).
    ``cart_total`` (the cart's total now) gives a multi-pick pop-up its live totals.
    ``anchor`` (a product page's own product, "often bought together") comes first among the
    choices, at its own price: the offer's discount is for what goes with it.
    """
    rule = decision.rule
    quotes = [quote_for(rule, choice, decision) for choice in decision.choices]
    # Quotes stay on the shop's basis (what is signed and agreed); the shopper reads them shown.
    policy = get_catalog_adapter().tax_policy()
    views = [
        shown_for(rule, choice, quote, decision, policy)
        for choice, quote in zip(decision.choices, quotes, strict=True)
    ]
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
        choices.append(_present_choice(choice, quote, views[len(choices)], token))
    first = decision.choices[0] if decision.choices else None
    values = _placeholder_values(rule, first, views[0] if views else None, decision)
    texts = localize(rule.translations, _own_texts(rule), shopper_chain())
    several = rule.kind is not Kind.BUNDLE and len(decision.choices) > 1
    for presented, choice, view in zip(choices, decision.choices, views, strict=True):
        # Each choice's own value line: the value message filled for that choice alone.
        one = _placeholder_values(rule, choice, view, decision) if several else values
        presented["message"] = fill_placeholders(texts["value_message"].value, one)
    if several:
        # The headline speaks for every choice: never a figure that holds for one of them only.
        values = _set_values(rule, decision, views)
    multi = is_multi_pick(decision)
    if anchor is not None:
        quote = anchor_quote(rule, anchor)
        token = (
            sign_quote(rule, anchor, quote.unit_price, trigger, context_product_id, binding=binding)
            if sign
            else ""
        )
        view = shown_quote(Kind.CROSS_SELL, anchor, quote, policy)
        presented = _present_choice(anchor, quote, view, token)
        presented.update(message="", anchor=True)
        choices.insert(0, presented)
        quotes, views = [quote, *quotes], [view, *views]
        multi = True
    return {
        "id": rule.id,
        "kind": rule.kind.value,
        "trigger": trigger.value,
        "headline": fill_placeholders(texts["headline"].value, values),
        "message": fill_placeholders(texts["value_message"].value, values),
        # The language each admin-written text is actually in (a fallback may differ from the
        # page's); the widget marks it with ``lang`` so assistive technology reads it right.
        "languages": {
            "headline": texts["headline"].language,
            "message": texts["value_message"].language,
        },
        "reason": reason_text(decision.choices, products or {}),
        "accept_label": accept_label(rule, decision.choices),
        "decline_label": _("No thanks"),
        "choices": choices,
        "bundle": _present_bundle(decision, views[0])
        if rule.kind is Kind.BUNDLE and views
        else None,
        "subscription": (
            _present_subscription(rule, first, quotes[0], texts)
            if rule.kind is Kind.SUBSCRIPTION and first is not None and rule.subscription
            else None
        ),
        "multiple": multi,
        "selection": _selection_totals(views, cart_total) if multi else None,
        "order": None,  # the thank-you moment says where the item goes (decision_service)
    }


def anchor_quote(rule: OfferRule, anchor: Choice) -> Quote:
    """The page's own product at its own price, never discounted by the offer."""
    plain = replace(rule, kind=Kind.CROSS_SELL, discount=Discount())
    return quote_choice(plain, anchor, upsell_settings.PRICE_DECIMAL_PLACES)


def _selection_totals(quotes: list[ShownQuote], cart_total: Decimal | None) -> dict[str, Any]:
    """The live totals of a multi-pick pop-up, computed here so the browser never does money.

    ``totals[mask]`` is the combination whose bit ``i`` ticks choice ``i``: the picked items'
    price and the cart's total with them (when the cart total is known).
    """
    quotes = quotes[:MAX_PICK_COMBINATIONS_CHOICES]
    totals = []
    for mask in range(1 << len(quotes)):
        picked = sum(
            (q.unit_price for i, q in enumerate(quotes) if mask >> i & 1), Decimal("0")
        )
        totals.append(
            {
                "count": bin(mask).count("1"),
                "picked": money(picked),
                "picked_display": price_display(picked),
                "cart_total_display": (
                    price_display(cart_total + picked) if cart_total is not None else ""
                ),
            }
        )
    return {
        "picked_label": _("Selected items"),
        "cart_total_label": _("New cart total"),
        "cart_total_display": price_display(cart_total) if cart_total is not None else "",
        "totals": totals,
        "none_label": _("Tick the items you want to add."),
    }


def _set_values(rule: OfferRule, decision: Decision, quotes: list[ShownQuote]) -> dict[str, str]:
    """Placeholder values true of every choice: a shared figure, the range, or "up to"."""

    def spread(amounts: list[Decimal]) -> str:
        low, high = min(amounts), max(amounts)
        if low == high:
            return price_display(low)
        return _("%(low)s–%(high)s") % {"low": money_display(low), "high": price_display(high)}

    def highest(amounts: list[Decimal]) -> str:
        high = max(amounts)
        text = price_display(high)
        return text if high == min(amounts) else _("up to %(amount)s") % {"amount": text}

    titles = list(dict.fromkeys(c.product.title for c in decision.choices))
    sources = list(
        dict.fromkeys(c.source_product.title for c in decision.choices if c.source_product)
    )
    return {
        "product": ", ".join(titles),
        "source": ", ".join(sources),
        "price": spread([q.unit_price for q in quotes]),
        "original_price": spread([q.original_price for q in quotes]),
        "difference": spread([abs(q.difference) for q in quotes]),
        "saving": highest([q.saving for q in quotes]),
        "discount": discount_text(rule),
    }


def _present_choice(choice: Choice, quote: Quote, view: ShownQuote, token: str) -> dict[str, Any]:
    return {
        "product_id": choice.product.id,
        "line_id": choice.source_line.line_id if choice.source_line else None,
        "title": choice.product.title,
        "image_url": choice.product.image_url,
        "url": choice.product.url,
        "price": money(quote.unit_price),
        "price_display": price_display(view.unit_price),
        "original_price": money(quote.original_price),
        "original_price_display": price_display(view.original_price),
        "difference": money(quote.difference),
        "difference_display": signed_money_display(view.difference),
        "saving": money(quote.saving),
        "saving_display": price_display(view.saving) if view.saving > 0 else "",
        "source_title": choice.source_product.title if choice.source_product else None,
        "quote": token,
    }


def _present_bundle(decision: Decision, quote: ShownQuote) -> dict[str, Any]:
    first = decision.choices[0]
    items = [first.source_product.title] if first.source_product else []
    items.extend(choice.product.title for choice in decision.choices)
    return {
        "items": items,
        "package_price_display": price_display(quote.original_price - quote.saving),
        "list_price_display": price_display(quote.original_price),
        "saving_display": price_display(quote.saving) if quote.saving > 0 else "",
    }


def _own_texts(rule: OfferRule) -> dict[str, str]:
    """The rule's single-language texts (the default language's, or an A/B arm's override)."""
    own = {"headline": rule.headline, "value_message": rule.value_message}
    if rule.subscription is not None:
        own.update(_terms_texts(rule.subscription))
    return own


def _terms_texts(terms: SubscriptionTerms) -> dict[str, str]:
    return {name: getattr(terms, name) for name in PLAN_TEXT_FIELDS}


def plan_terms(plan: SubscriptionPlan) -> list[dict[str, str]]:
    """A switched line's terms on the final confirmation: the pop-up's very list, rendered now
    in the active language from the plan's figures and its texts per language."""
    texts = localize(plan.translations, _terms_texts(plan.terms), shopper_chain())
    unit = plan.price_per_delivery
    product = ProductInfo(id=0, title=plan.product_title, price=unit, tax_rate=plan.tax_rate)
    line = CartLine(line_id="", product_id=0, quantity=max(plan.quantity, 1), unit_price=unit)
    return subscription_terms(plan.terms, Choice(product, source_line=line), unit, texts)


def shown_terms(rule: OfferRule, choice: Choice, quote: Quote) -> list[dict[str, str]]:
    """The subscription terms exactly as this shopper (the active language) is shown them."""
    assert rule.subscription is not None
    texts = localize(rule.translations, _own_texts(rule), shopper_chain())
    return subscription_terms(rule.subscription, choice, quote.unit_price, texts)


def terms_digest(terms: list[dict[str, str]]) -> str:
    """A fingerprint of the terms as shown: the accept request hands it back as what was read."""
    canonical = json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _present_subscription(
    rule: OfferRule, choice: Choice, quote: Quote, texts: Mapping[str, Text]
) -> dict[str, Any]:
    assert rule.subscription is not None
    terms = subscription_terms(rule.subscription, choice, quote.unit_price, texts)
    return {
        "terms": terms,
        "terms_digest": terms_digest(terms),
        "consent_label": _("I have read these terms and want to switch to a subscription."),
    }


def _placeholder_values(
    rule: OfferRule, choice: Choice | None, quote: ShownQuote | None, decision: Decision
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
        "price": price_display(price),
        "original_price": price_display(original),
        "difference": price_display(abs(quote.difference)),
        "saving": price_display(quote.saving),
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
        "subtotal_display": price_display(summary.subtotal),
        "total_display": price_display(summary.total),
    }
