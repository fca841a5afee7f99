"""The sample shop's catalogue and its offers: what a shop admin would enter in oscar's
dashboard and the upsell admin, written down as data. Prices are yen, tax included."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ProductData:
    sku: str
    title: str
    category: str
    price: int
    description: str = ""


PRODUCTS: tuple[ProductData, ...] = (
    ProductData("phone-128", "Aozora Phone 128 GB", "Phones", 98000, "6.1-inch display."),
    ProductData(
        "phone-pro-256",
        "Aozora Phone Pro 256 GB",
        "Phones",
        128000,
        "Triple camera, 120 Hz display, twice the storage.",
    ),
    ProductData("clear-case", "Clear Case", "Accessories", 2500, "Fits every Aozora Phone."),
    ProductData("earbuds", "Nami Earbuds", "Audio", 12000, "Noise cancelling."),
    ProductData("camera", "Sora Camera", "Cameras", 64000, "24 MP mirrorless."),
    ProductData("sd-card-128", "SD Card 128 GB", "Accessories", 3800, "V30, for 4K video."),
    ProductData("camera-bag", "Camera Bag", "Accessories", 5200, "Padded, rain cover."),
    ProductData("coffee-500", "Hinata Coffee Beans 500 g", "Coffee", 2400, "Medium roast."),
    ProductData("drip-bags", "Drip Bags x10", "Coffee", 1200, "Single-serve."),
    ProductData("mug", "Hasami Mug", "Home", 1800, "Porcelain, 300 ml."),
    ProductData("laptop-pro-14", "Sora Book Pro 14", "Laptops", 248000, "32 GB, 1 TB."),
    ProductData("laptop-air-13", "Sora Book Air 13", "Laptops", 148000, "16 GB, 512 GB."),
)

SUBSCRIPTION = {
    "interval_count": 1,
    "interval_unit": "month",
    "first_delivery": "Ships with this order",
    "payment_timing": "Charged when each delivery ships",
    "minimum_deliveries": 0,
    "cancellation": "Cancel or skip online any time up to 5 days before the next delivery.",
    "shipping_fee": Decimal("0"),
    "payment_method": "The payment method you choose at checkout",
    "contract_period": "No fixed period: renews each month until you cancel",
    "cancellation_deadline": "Up to 5 days before the next delivery",
}


@dataclass(frozen=True)
class OfferData:
    name: str
    kind: str
    triggers: tuple[str, ...]
    headline: str
    value_message: str
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    source_categories: str = ""
    discount_type: str = "none"
    discount_value: Decimal = Decimal("0")
    priority: int = 100
    target_source: str = "manual"
    subscription: dict[str, Any] = field(default_factory=dict)


OFFERS: tuple[OfferData, ...] = (
    OfferData(
        "Phone: go Pro",
        "upsell",
        ("add_to_cart",),
        "Go Pro for {difference} more?",
        "Twice the storage and the triple camera, {saving} off today.",
        sources=("phone-128",),
        targets=("phone-pro-256",),
        discount_type="fixed",
        discount_value=Decimal("8000"),
        priority=300,
    ),
    OfferData(
        "Phone: a case",
        "cross_sell",
        ("cart_view",),
        "Protect your new phone",
        "{product} for {price}, 20% off with your phone.",
        sources=("phone-128", "phone-pro-256"),
        targets=("clear-case",),
        discount_type="percent",
        discount_value=Decimal("20"),
        priority=200,
    ),
    OfferData(
        "Camera travel set",
        "bundle",
        ("add_to_cart",),
        "Make it a travel set and save {saving}",
        "A card and a bag with your {source}, {saving} off as a set.",
        sources=("camera",),
        targets=("sd-card-128", "camera-bag"),
        discount_type="fixed",
        discount_value=Decimal("1500"),
        priority=250,
    ),
    OfferData(
        "Coffee every month",
        "subscription",
        ("add_to_cart", "cart_view"),
        "Fresh beans every month, 10% off",
        "{price} per delivery instead of {original_price}. No minimum.",
        sources=("coffee-500",),
        discount_type="percent",
        discount_value=Decimal("10"),
        priority=220,
        subscription=SUBSCRIPTION,
    ),
    OfferData(
        "Laptop removed: the Air",
        "downsell",
        ("item_removed",),
        "A lighter laptop?",
        "{product} handles everyday work for {saving} less.",
        sources=("laptop-pro-14",),
        targets=("laptop-air-13",),
        discount_type="fixed",
        discount_value=Decimal("5000"),
        priority=290,
    ),
    OfferData(
        "Customers who bought this also bought",
        "cross_sell",
        ("cart_view",),
        "Customers who bought this also bought",
        "{product} for {price}, a favourite with shoppers who chose {source}.",
        source_categories="phones,accessories,audio,cameras,coffee,home,laptops",
        target_source="learned",
        priority=60,
    ),
)

#: Past orders of the sample shop (before the app was installed): "also bought" learns from them.
HISTORY: tuple[tuple[str, ...], ...] = (
    ("coffee-500", "mug"),
    ("coffee-500", "mug", "drip-bags"),
    ("coffee-500", "mug"),
    ("drip-bags", "mug"),
    ("phone-128", "clear-case"),
    ("phone-128", "earbuds"),
    ("phone-pro-256", "earbuds"),
    ("camera", "sd-card-128"),
    ("camera", "sd-card-128", "camera-bag"),
)
