"""The two oscar site offers that carry the app's terms into oscar's totals.

This app's migration creates them; they are ordinary oscar offers a shop admin sees (and may
rename) in oscar's dashboard. Suspending one stops the app's prices from reaching the basket: the
app then reports the difference on the next order (see README).
"""

from __future__ import annotations

from typing import Any

PACKAGE = "upsell_app.contrib.oscar"
AGREED_PRICE_CONDITION = f"{PACKAGE}.conditions.AgreedPriceCondition"
AGREED_PRICE_BENEFIT = f"{PACKAGE}.benefits.AgreedPriceBenefit"
SET_DISCOUNT_CONDITION = f"{PACKAGE}.conditions.SetDiscountCondition"
SET_DISCOUNT_BENEFIT = f"{PACKAGE}.benefits.SetDiscountBenefit"

#: Applied before the shop's own offers: a price the shopper accepted comes first.
PRIORITY = 1_000_000

OFFERS = (
    {
        "name": "Offer price",
        "slug": "upsell-offer-price",
        "description": "Prices you accepted in an offer on this site.",
        "condition": AGREED_PRICE_CONDITION,
        "benefit": AGREED_PRICE_BENEFIT,
    },
    {
        "name": "Set discount",
        "slug": "upsell-set-discount",
        "description": "Sets you accepted in an offer on this site, cheaper than apart.",
        "condition": SET_DISCOUNT_CONDITION,
        "benefit": SET_DISCOUNT_BENEFIT,
    },
)


def ensure_offers(conditional_offer: Any, condition: Any, benefit: Any) -> int:
    """Create the offers that are missing (found by their condition class); return how many.

    Takes the model classes so a migration can pass its historical models.
    """
    created = 0
    for spec in OFFERS:
        if conditional_offer._default_manager.filter(
            condition__proxy_class=spec["condition"]
        ).exists():
            continue
        name = spec["name"]
        taken = conditional_offer._default_manager.filter(name=name).exists()
        conditional_offer._default_manager.create(
            name=f"{name} (upsell)" if taken else name,
            slug=spec["slug"],
            description=spec["description"],
            offer_type="Site",
            exclusive=False,
            priority=PRIORITY,
            max_basket_applications=1,
            status="Open",
            condition=condition._default_manager.create(proxy_class=spec["condition"]),
            benefit=benefit._default_manager.create(proxy_class=spec["benefit"]),
        )
        created += 1
    return created
