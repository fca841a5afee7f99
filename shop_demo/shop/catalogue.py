"""The demo shop's catalogue as data: categories and products, loaded by ``manage.py load_demo``.

Prices are yen, tax included, as Japanese shops show them. ``cost`` is what the shop pays, so the
admin can reason about margin. ``icon`` names the illustration in ``static/shop/img/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    position: int


@dataclass(frozen=True)
class ProductData:
    slug: str
    name: str
    category: str
    price: int
    cost: int
    icon: str
    description: str
    family: str = ""
    stock: int = 50
    subscribable: bool = False

    @property
    def price_decimal(self) -> Decimal:
        return Decimal(self.price)

    @property
    def cost_decimal(self) -> Decimal:
        return Decimal(self.cost)


CATEGORIES: tuple[CategoryData, ...] = (
    CategoryData("phones", "Phones", 10),
    CategoryData("laptops", "Laptops", 20),
    CategoryData("audio", "Audio", 30),
    CategoryData("accessories", "Accessories", 40),
    CategoryData("cloud", "Cloud storage", 50),
    CategoryData("coffee", "Coffee", 60),
    CategoryData("tea", "Tea", 70),
    CategoryData("home", "Home", 80),
)

P = ProductData

PRODUCTS: tuple[ProductData, ...] = (
    # -- phones: one family in three tiers, a refurbished alternative and a sold-out top model --
    P("aozora-phone-128", "Aozora Phone 128 GB", "phones", 89_800, 63_000, "phone",
      "6.1-inch OLED display, dual camera and an all-day battery. A microSD slot for extra room.",
      family="aozora-phone", stock=40),
    P("aozora-phone-256", "Aozora Phone 256 GB", "phones", 104_800, 72_000, "phone",
      "The same Aozora Phone with twice the storage for photos, video and apps.",
      family="aozora-phone", stock=35),
    P("aozora-phone-pro-256", "Aozora Phone Pro 256 GB", "phones", 139_800, 94_000, "phone-pro",
      "Triple camera with 5x optical zoom, a 120 Hz display and a titanium frame.",
      family="aozora-phone", stock=20),
    P("aozora-phone-pro-512", "Aozora Phone Pro 512 GB", "phones", 169_800, 112_000, "phone-pro",
      "The Pro with 512 GB for 4K video. Back in stock soon.",
      family="aozora-phone", stock=0),
    P("aozora-phone-128-refurbished", "Aozora Phone 128 GB (Certified Refurbished)", "phones",
      64_800, 44_000, "phone-refurbished",
      "Inspected and tested in our Osaka workshop, new battery, 1-year warranty.",
      family="aozora-phone", stock=12),
    # -- laptops ----------------------------------------------------------------------------------
    P("sora-book-lite-13", "Sora Book Lite 13", "laptops", 98_800, 72_000, "laptop-lite",
      "Light 13-inch laptop for study and everyday work. 8 GB memory, 256 GB storage.",
      family="sora-book", stock=25),
    P("sora-book-13", "Sora Book 13 (8 GB / 256 GB)", "laptops", 148_800, 104_000, "laptop",
      "1.1 kg aluminium body, 18-hour battery, SD card reader and two USB-C ports.",
      family="sora-book", stock=30),
    P("sora-book-13-16gb", "Sora Book 13 (16 GB / 512 GB)", "laptops", 178_800, 121_000,
      "laptop", "Twice the memory and storage: smooth with many apps and browser tabs open.",
      family="sora-book", stock=18),
    P("sora-book-pro-14", "Sora Book Pro 14", "laptops", 248_800, 168_000, "laptop-pro",
      "14-inch mini-LED display, 32 GB memory and 1 TB storage for photo and video work.",
      family="sora-book", stock=8),
    # -- audio ------------------------------------------------------------------------------------
    P("nami-earbuds", "Nami Wireless Earbuds (Noise Cancelling)", "audio", 19_800, 11_500,
      "earbuds", "Active noise cancelling for the train, 8 hours per charge, wireless case.",
      family="nami", stock=60),
    P("nami-buds-compact", "Nami Buds Compact", "audio", 7_980, 4_300, "earbuds-compact",
      "Small, light everyday earbuds with clear calls. 6 hours per charge.",
      family="nami", stock=80),
    P("nami-headphones", "Nami Over-ear Headphones", "audio", 34_800, 21_000, "headphones",
      "Foldable over-ear headphones with 30-hour battery. Sold out, more arriving next month.",
      family="nami", stock=0),
    # -- accessories ------------------------------------------------------------------------------
    P("aozora-case-clear", "Aozora Phone Clear Case", "accessories", 2_980, 900, "case",
      "Slim, shock-absorbing clear case that fits every Aozora Phone.", stock=120),
    P("aozora-case-leather", "Aozora Phone Leather Case (Indigo)", "accessories", 5_980, 2_100,
      "case-leather", "Tochigi leather dyed in indigo; ages beautifully. Fits every Aozora Phone.",
      stock=40),
    P("glass-screen-protector", "Tempered Glass Screen Protector", "accessories", 1_980, 450,
      "screen-protector", "9H glass with an alignment frame for a bubble-free fit.", stock=150),
    P("microsd-128gb", "microSD Card 128 GB", "accessories", 2_480, 1_200, "memory-card",
      "Room for about 30,000 more photos in your phone's microSD slot.", stock=100),
    P("sd-card-256gb", "SD Card 256 GB (UHS-II)", "accessories", 6_980, 3_600, "sd-card",
      "Fast card for cameras and the Sora Book's card reader.", stock=45),
    P("usb-c-charger-35w", "USB-C Charger 35 W (2 ports)", "accessories", 3_980, 1_700, "charger",
      "Charges a phone and a laptop at once; folding plug.", stock=90),
    P("sora-sleeve-13", "Laptop Sleeve 13\" (Wool Felt)", "accessories", 4_480, 1_600, "sleeve",
      "Wool felt sleeve with a pocket for the charger. Fits the Sora Book 13 and Lite 13.",
      stock=50),
    P("quiet-mouse", "Quiet Wireless Mouse", "accessories", 3_280, 1_300, "mouse",
      "Silent clicks for the library and the office, 12 months on one battery.", stock=70),
    P("usb-c-hub", "USB-C Hub 7-in-1", "accessories", 5_480, 2_400, "hub",
      "HDMI, SD reader, two USB-A ports and pass-through charging.", stock=35),
    # -- cloud storage: yearly plans, paid once ---------------------------------------------------
    P("kumo-cloud-basic-100gb", "Kumo Cloud Basic 100 GB (1 year)", "cloud", 3_800, 900,
      "cloud", "Back up photos and documents from phone and laptop. One-time payment for a year.",
      family="kumo-cloud", stock=9_999),
    P("kumo-cloud-premium-2tb", "Kumo Cloud Premium 2 TB (1 year)", "cloud", 15_800, 4_200,
      "cloud-premium", "2 TB for the whole family's photos and videos, shared with up to 5 people.",
      family="kumo-cloud", stock=9_999),
    # -- coffee: consumables, sold one-time and subscribable -------------------------------------
    P("hinata-blend-200g", "Hinata Blend Coffee Beans 200 g", "coffee", 1_680, 640,
      "coffee-beans", "Medium roast with notes of chocolate and roasted nuts. Roasted to order.",
      family="hinata-blend", stock=200, subscribable=True),
    P("hinata-blend-500g", "Hinata Blend Coffee Beans 500 g", "coffee", 3_780, 1_450,
      "coffee-beans", "Our house blend in the big bag, for households that brew every day.",
      family="hinata-blend", stock=150, subscribable=True),
    P("yirgacheffe-200g", "Ethiopia Yirgacheffe Beans 200 g", "coffee", 2_180, 900,
      "coffee-beans-light", "Light roast, floral and bright with a hint of citrus.",
      stock=80, subscribable=True),
    P("drip-bags-10", "Drip Bag Coffee (10 bags)", "coffee", 1_200, 420, "drip-bags",
      "Hinata Blend in single-cup drip bags: just add hot water, at home or at work.",
      family="drip-bags", stock=300, subscribable=True),
    P("drip-bags-30", "Drip Bag Coffee Value Pack (30 bags)", "coffee", 3_240, 1_150,
      "drip-bags", "Thirty drip bags for the office or a busy month.",
      family="drip-bags", stock=120, subscribable=True),
    # -- tea --------------------------------------------------------------------------------------
    P("shizuoka-sencha-100g", "Shizuoka Sencha Green Tea 100 g", "tea", 1_296, 520, "tea-leaves",
      "First-flush sencha from the hills of Shizuoka, sweet and grassy.",
      stock=120, subscribable=True),
    P("genmaicha-25", "Genmaicha Tea Bags (25)", "tea", 864, 300, "tea-bags",
      "Green tea with toasted brown rice, mellow and nutty.", stock=160, subscribable=True),
    P("uji-matcha-30g", "Uji Matcha 30 g", "tea", 2_160, 980, "matcha",
      "Stone-ground matcha from Uji for usucha and lattes.", stock=60, subscribable=True),
    # -- home -------------------------------------------------------------------------------------
    P("water-filter-cartridge", "Water Filter Cartridge", "home", 1_980, 700, "filter-cartridge",
      "Replacement cartridge for the Shizuku pitcher; one lasts about 2 months.",
      family="shizuku-filter", stock=200, subscribable=True),
    P("water-filter-cartridge-3", "Water Filter Cartridges (3-pack)", "home", 5_480, 2_000,
      "filter-cartridge", "Three cartridges, about six months of filtered water.",
      family="shizuku-filter", stock=80),
    P("shizuku-pitcher", "Shizuku Water Filter Pitcher 1.4 L", "home", 3_480, 1_400, "pitcher",
      "Fits in the fridge door; comes with one cartridge.", family="shizuku-filter", stock=40),
    P("hasami-mug", "Hasami Porcelain Mug", "home", 2_200, 800, "mug",
      "Stackable porcelain mug from Hasami, Nagasaki. 300 ml.", stock=60),
    P("gooseneck-kettle", "Gooseneck Electric Kettle 0.8 L", "home", 7_980, 3_900, "kettle",
      "Precise pour and temperature control for pour-over coffee and green tea.", stock=25),
)
