"""The demo's offers: what a shop admin would configure in the upsell admin, written down as data.

One coherent set, so a shopper walking through the shop meets helpful offers at the right moment:
more storage when they pick the smallest phone, protection for a new phone, a work set for a
laptop, a subscription for things that run out, a lighter option when they take something out,
and one small thank-you after the order. Products are named by slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

NO_MINIMUM_CANCEL = "Cancel or skip online any time up to 5 days before the next delivery."


@dataclass(frozen=True)
class OfferData:
    name: str
    kind: str
    triggers: tuple[str, ...]
    headline: str
    value_message: str
    sources: tuple[str, ...] = ()
    source_categories: str = ""
    targets: tuple[str, ...] = ()
    priority: int = 100
    discount_type: str = "none"
    discount_value: Decimal = Decimal("0")
    subscription: dict[str, Any] = field(default_factory=dict)
    target_source: str = "manual"

    def model_fields(self) -> dict[str, Any]:
        """The Offer fields besides its product relations."""
        fields = {
            "kind": self.kind,
            "triggers": list(self.triggers),
            "headline": self.headline,
            "value_message": self.value_message,
            "source_categories": self.source_categories,
            "priority": self.priority,
            "discount_type": self.discount_type,
            "discount_value": self.discount_value,
            "target_source": self.target_source,
            "is_active": True,
            "interval_count": None,
            "interval_unit": "",
            "first_delivery": "",
            "payment_timing": "",
            "minimum_deliveries": None,
            "cancellation": "",
        }
        fields.update(self.subscription)
        return fields


def _subscription(every: int, unit: str, minimum: int, cancellation: str) -> dict[str, Any]:
    return {
        "interval_count": every,
        "interval_unit": unit,
        "first_delivery": "Ships with this order",
        "payment_timing": "Charged when each delivery ships",
        "minimum_deliveries": minimum,
        "cancellation": cancellation,
    }


Of = OfferData

OFFERS: tuple[OfferData, ...] = (
    # -- upsell: a better tier of what is in the cart ---------------------------------------------
    Of("Phone 128 GB: more storage", "upsell", ("add_to_cart", "cart_view"),
      "More room for photos and apps?",
      "Twice the storage for {difference} more.",
      sources=("aozora-phone-128",),
      targets=("aozora-phone-256", "aozora-phone-pro-256"), priority=300),
    Of("Phone 256 GB: go Pro", "upsell", ("add_to_cart", "cart_view"),
      "Go Pro for {difference} more?",
      "Triple camera with 5x optical zoom and a 120 Hz display, same 256 GB of storage.",
      sources=("aozora-phone-256",), targets=("aozora-phone-pro-256",), priority=290),
    Of("Sora Book 13: double the memory", "upsell", ("add_to_cart",),
      "Double the memory and storage?",
      "16 GB memory and 512 GB storage for {difference} more: smooth with many apps open.",
      sources=("sora-book-13",), targets=("sora-book-13-16gb",), priority=280),
    Of("Cloud Basic: Premium plan", "upsell", ("add_to_cart", "cart_view"),
      "20 times the space for {difference} more a year",
      "2 TB for the whole family's photos and videos, shared with up to 5 people.",
      sources=("kumo-cloud-basic-100gb",), targets=("kumo-cloud-premium-2tb",), priority=270),
    # -- cross-sell: what completes the purchase --------------------------------------------------
    Of("Phone essentials", "cross_sell", ("add_to_cart",),
      "Protect your new phone from day one",
      "Made to fit every Aozora Phone, delivered in the same parcel.",
      source_categories="phones",
      targets=("aozora-case-clear", "glass-screen-protector", "nami-earbuds"), priority=200),
    Of("Memory card for the 128 GB phone", "cross_sell", ("cart_view",),
      "Extra room for photos",
      "{product} slots into your {source}: about 30,000 more photos for {price}.",
      sources=("aozora-phone-128", "aozora-phone-128-refurbished"),
      targets=("microsd-128gb",), priority=150),
    # Learned from order history (manage.py upsell_associations): the quietest offer, shown only
    # when no hand-picked one fits the moment.
    Of("Customers who bought this also bought", "cross_sell", ("cart_view", "add_to_cart"),
      "Customers who bought this also bought",
      "{product} for {price}, a favourite with shoppers who chose {source}.",
      source_categories="phones,laptops,audio,accessories,cloud,coffee,tea,home",
      target_source="learned", priority=60),
    # -- bundle: the laptop work set, cheaper together ---------------------------------------------
    Of("Laptop work set", "bundle", ("cart_view",),
      "Make it a work set and save {saving}",
      "The wool felt sleeve and the quiet mouse with your {source}: {saving} off as a set.",
      sources=("sora-book-lite-13", "sora-book-13", "sora-book-13-16gb"),
      targets=("sora-sleeve-13", "quiet-mouse"), priority=250,
      discount_type="fixed", discount_value=Decimal("1500")),
    # -- subscription switch: things that run out -------------------------------------------
    Of("Coffee beans every 2 weeks", "subscription", ("cart_view", "checkout_start"),
      "Fresh beans every 2 weeks, 10% off",
      "{price} per delivery instead of {original_price}. No minimum: skip or cancel online.",
      sources=("hinata-blend-200g", "hinata-blend-500g", "yirgacheffe-200g"), priority=220,
      discount_type="percent", discount_value=Decimal("10"),
      subscription=_subscription(2, "week", 0, NO_MINIMUM_CANCEL)),
    Of("Drip bags and tea every month", "subscription", ("cart_view", "checkout_start"),
      "Never run out: monthly delivery, 10% off",
      "{price} per delivery instead of {original_price}. No minimum: skip or cancel online.",
      sources=("drip-bags-10", "drip-bags-30", "shizuoka-sencha-100g", "genmaicha-25",
               "uji-matcha-30g"), priority=210,
      discount_type="percent", discount_value=Decimal("10"),
      subscription=_subscription(1, "month", 0, NO_MINIMUM_CANCEL)),
    Of("Filter cartridge every 2 months", "subscription", ("cart_view", "checkout_start"),
      "A fresh cartridge every 2 months, 15% off",
      "{price} per delivery instead of {original_price}, for a minimum of 3 deliveries.",
      sources=("water-filter-cartridge",), priority=205,
      discount_type="percent", discount_value=Decimal("15"),
      subscription=_subscription(
          2, "month", 3,
          "After the 3rd delivery, cancel or skip online any time up to 5 days before the next "
          "delivery.",
      )),
    # -- downsell: a lighter option when something is taken out -----------------------------
    Of("Phone removed: a lighter option", "downsell", ("item_removed",),
      "Still want an Aozora Phone?",
      "The same display and all-day battery, for less than the {source}.",
      sources=("aozora-phone-pro-256", "aozora-phone-256"),
      targets=("aozora-phone-128", "aozora-phone-128-refurbished"), priority=300),
    Of("Laptop removed: the Lite", "downsell", ("item_removed",),
      "A lighter laptop?",
      "{product} handles study and everyday work for {saving} less.",
      sources=("sora-book-pro-14", "sora-book-13-16gb", "sora-book-13"),
      targets=("sora-book-lite-13",), priority=290),
    Of("Earbuds removed: compact buds", "downsell", ("item_removed",),
      "Everyday earbuds for less?",
      "{product}: clear calls and 6 hours per charge for {saving} less.",
      sources=("nami-earbuds",), targets=("nami-buds-compact",), priority=280),
    # -- post-purchase: one small thank-you, for every order --------------------------------------
    Of("Thank-you coffee after the order", "cross_sell", ("order_completed",),
      "Thank you for your order! A coffee break for later?",
      "Ten drip bags of our Hinata Blend for {price}, {saving} off for today's customers.",
      targets=("drip-bags-10",), priority=100,
      discount_type="percent", discount_value=Decimal("20")),
)
