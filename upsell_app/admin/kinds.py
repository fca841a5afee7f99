"""One offer form per kind: the fields each kind uses, and the kinds in the owner's words.

A subscription switch converts the cart line itself, so it has no products to offer; an upsell,
a downsell and a subscription start from what is in the cart, so only cross-sells and bundles may
learn their targets from order history. The form shows a kind's fields and nothing else, and the
server validates only those (what the form does not show, it does not read).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import OfferKind
from .audiences import AUDIENCE_DESCRIPTION, AUDIENCE_FIELDS

#: The texts an admin writes per language, for every kind.
MESSAGE_TEXTS = ("headline", "value_message")
#: The subscription's terms written per language (the rest of its terms are numbers, shared).
TERM_TEXTS = (
    "first_delivery",
    "payment_method",
    "payment_timing",
    "contract_period",
    "cancellation",
    "cancellation_deadline",
)

#: What each kind offers (the "What" section): its own fields, in order.
WHAT_FIELDS: dict[str, tuple[str, ...]] = {
    OfferKind.UPSELL: ("target_products", "discount_type", "discount_value"),
    OfferKind.CROSS_SELL: ("target_source", "target_products", "discount_type", "discount_value"),
    OfferKind.BUNDLE: ("target_source", "target_products", "discount_type", "discount_value"),
    # The subscriber's discount comes off the cart line being converted: no product to offer.
    OfferKind.SUBSCRIPTION: ("discount_type", "discount_value"),
    OfferKind.DOWNSELL: ("target_products", "discount_type", "discount_value"),
}

#: Each kind as the shop owner would explain it, shown where the kind is chosen.
KIND_DESCRIPTIONS: dict[str, Promise] = {
    OfferKind.UPSELL: _(
        "Suggest a better version of what the shopper chose (a larger size, a higher model). "
        "The shopper pays the difference."
    ),
    OfferKind.CROSS_SELL: _(
        "Suggest something that goes with what is in the cart, such as a case for a phone."
    ),
    OfferKind.BUNDLE: _(
        "Suggest completing a set: items added together with one discount on the whole set."
    ),
    OfferKind.SUBSCRIPTION: _(
        "Suggest regular delivery of what is in the cart, for a subscriber's discount. The "
        "shopper sees every term of the subscription before agreeing."
    ),
    OfferKind.DOWNSELL: _(
        "When a shopper hesitates or removes an item, suggest a cheaper alternative instead of "
        "losing the sale."
    ),
}

#: What the "What" section says, per kind.
WHAT_DESCRIPTIONS: dict[str, Promise] = {
    OfferKind.UPSELL: _("The better products offered instead of the one in the cart."),
    OfferKind.CROSS_SELL: _("The products offered alongside what is in the cart."),
    OfferKind.BUNDLE: _("The products that complete the set, and the set's discount."),
    OfferKind.SUBSCRIPTION: _(
        "The discount a subscriber gets on each delivery of the product in the cart."
    ),
    OfferKind.DOWNSELL: _("The cheaper products offered instead of the one removed."),
}


def kind_or_none(value: Any) -> str | None:
    """``value`` when it names a kind of offer, else ``None``."""
    return value if value in OfferKind.values else None


def kind_fieldsets(kind: str | None, languages: list[str]) -> list[tuple[Any, dict[str, Any]]]:
    """The form's sections for ``kind``: only the fields that kind uses.

    Texts appear once per language (``headline__ja``), each on a row of its own so the language
    tabs can show one language at a time. Without a kind (a post that lost it) the form asks for
    the kind and shows only what every kind shares.
    """

    def per_language(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"{name}__{code}" for name in names for code in languages)

    sections: list[tuple[Any, dict[str, Any]]] = [
        (_("Offer"), {"fields": ("name", "kind", "is_active", "priority")}),
        (_("When"), {"fields": ("triggers", "placement", "starts_at", "ends_at")}),
        (
            _("Who"),
            {"fields": ("source_products", "source_categories", "min_subtotal", "max_subtotal")},
        ),
    ]
    if kind is not None:
        sections.append(
            (
                _("Who sees this offer"),
                {"fields": AUDIENCE_FIELDS, "description": AUDIENCE_DESCRIPTION},
            )
        )
        sections.append(
            (_("What"), {"fields": WHAT_FIELDS[kind], "description": WHAT_DESCRIPTIONS[kind]})
        )
    sections.append((_("Message"), {"fields": per_language(MESSAGE_TEXTS)}))
    if kind == OfferKind.SUBSCRIPTION:
        sections.append(
            (
                _("Subscription terms"),
                {
                    "description": _(
                        "Every term is shown to the shopper before they agree to the "
                        "subscription."
                    ),
                    "fields": (
                        ("interval_count", "interval_unit"),
                        "minimum_deliveries",
                        "shipping_fee",
                        *per_language(TERM_TEXTS),
                    ),
                },
            )
        )
    if kind is not None:
        sections.append(
            (
                _("Preview"),
                {
                    "description": _(
                        "“Preview as edited” shows the pop-up for the offer as it is in this "
                        "form, before saving, for the cart chosen here."
                    ),
                    "fields": ("preview_cart",),
                },
            )
        )
    return sections


def text_names(kind: str | None) -> tuple[str, ...]:
    """The texts written per language that an offer of ``kind`` uses."""
    if kind == OfferKind.SUBSCRIPTION:
        return MESSAGE_TEXTS + TERM_TEXTS
    return MESSAGE_TEXTS
