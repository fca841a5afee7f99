"""Loaders for the real basket data in ``../shared/data`` (see each folder's README).

Each loader returns a :class:`Baskets`: one tuple of distinct integer item codes per basket, the
item
names, and a time per basket (None for groceries, which has no time stamps).
"""

from __future__ import annotations

import csv
import gzip
import os
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("UPSELL_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)

#: Stock codes that are not products (postage, fees, manual lines...): README of online_retail.
NON_PRODUCTS = {"POST", "DOT", "M", "m", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK"}


#: Online retail ships no categories. Ours are built from each stock code's description by a
#: fixed, documented rule (:func:`category_of`): the product *type* a shop would file the item
#: under, found by keyword. The first group (in this order) with a keyword that appears as a
#: whole word of the description wins; a description with none of them gets no category (the
#: fit rule then has no category to act on). Pattern and colour words ("RETROSPOT", "PINK") are
#: never keywords: they cut across types.
CATEGORY_KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (name, frozenset(words.split()))
    for name, words in (
        ("baking", "CASES BAKING MOULD CAKESTAND CAKE-STAND ICING"),
        ("candles and lights", "CANDLE CANDLES T-LIGHT T-LIGHTS LANTERN LIGHTS LIGHT "
         "NIGHTLIGHT LAMP INCENSE"),
        ("jewellery", "NECKLACE EARRINGS BRACELET RING CHARM BEAD BEADS BROOCH PENDANT"),
        ("bags", "BAG BAGS SHOPPER TOTE"),
        ("cards and wrap", "CARD CARDS WRAP TAG TAGS ENVELOPE ENVELOPES STICKERS STICKER"),
        ("stationery", "NOTEBOOK PEN PENS PENCIL PENCILS ERASER BOOK TAPE JOURNAL CALENDAR"),
        ("tableware", "MUG MUGS CUP CUPS PLATE PLATES BOWL BOWLS CUTLERY TEAPOT SAUCER "
         "TRAY DISH NAPKINS SPOON SPOONS BOTTLE BEAKER"),
        ("boxes and storage", "BOX BOXES TIN TINS BASKET STORAGE JAR JARS CASE"),
        ("toys", "TOY TOYS JIGSAW GAME GAMES DOLL PUZZLE BALL SKIPPING PLAYHOUSE KIT"),
        ("home decor", "CUSHION CLOCK FRAME MIRROR SIGN DOORMAT HOOK HOOKS HANGER DRAWER "
         "KNOB CABINET WREATH GARLAND BUNTING DECORATION ORNAMENT VASE PLANTER COVER TILE "
         "PLAQUE HOLDER"),
        ("accessories", "UMBRELLA HAIR CLIP CLIPS SCARF GLOVES HAT WALLET PURSE WARMER "
         "TISSUES APRON"),
    )
)


def category_of(description: str) -> str:
    """The product type of an online retail description (see :data:`CATEGORY_KEYWORDS`)."""
    words = set(description.upper().replace(",", " ").split())
    for name, keywords in CATEGORY_KEYWORDS:
        if not words.isdisjoint(keywords):
            return name
    return ""


@dataclass
class Baskets:
    name: str
    baskets: list[tuple[int, ...]]
    item_names: list[str]
    times: list[float] | None  # epoch seconds per basket
    #: Per item code (same order as ``item_names``), where the data knows them: the median unit
    #: price, and the family (variants of one product, e.g. online retail's 85123A / 85123B).
    prices: list[float] | None = None
    families: list[str] | None = None
    #: Per item code, where built (see :data:`CATEGORY_KEYWORDS`): its category, "" for none.
    categories: list[str] | None = None


def _encode(raw: list[list[str]]) -> tuple[list[tuple[int, ...]], list[str]]:
    codes: dict[str, int] = {}
    baskets = []
    for items in raw:
        seen = dict.fromkeys(codes.setdefault(i, len(codes)) for i in items)
        baskets.append(tuple(seen))
    return baskets, list(codes)


def groceries() -> Baskets:
    with open(DATA_DIR / "groceries" / "groceries.csv", encoding="utf-8") as f:
        raw = [[i.strip() for i in line.split(",") if i.strip()] for line in f if line.strip()]
    baskets, names = _encode(raw)
    return Baskets("groceries", baskets, names, None)


def breadbasket() -> Baskets:
    by_tx: dict[str, list[str]] = {}
    when: dict[str, float] = {}
    with open(DATA_DIR / "breadbasket" / "BreadBasket_DMS.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["Item"] == "NONE":
                continue
            tx = row["Transaction"]
            by_tx.setdefault(tx, []).append(row["Item"])
            date = row["Date"].lstrip("\x00")  # one value starts with a stray NUL (README)
            ts = datetime.fromisoformat(f"{date}T{row['Time']}").timestamp()
            when[tx] = max(when.get(tx, ts), ts)
    order = sorted(by_tx, key=lambda t: (when[t], int(t)))
    baskets, names = _encode([by_tx[t] for t in order])
    return Baskets("breadbasket", baskets, names, [when[t] for t in order])


def online_retail() -> Baskets:
    """Sales baskets per README: no C/A invoices, quantity and price > 0, product codes only."""
    by_inv: dict[str, list[str]] = {}
    when: dict[str, float] = {}
    unit_prices: dict[str, list[float]] = {}
    descriptions: dict[str, Counter] = {}
    path = DATA_DIR / "online_retail" / "online_retail.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            inv, code = row["InvoiceNo"], row["StockCode"]
            if inv[:1] in ("C", "A") or code in NON_PRODUCTS or code.startswith("gift_0001"):
                continue
            if float(row["Quantity"]) <= 0 or float(row["UnitPrice"]) <= 0:
                continue
            by_inv.setdefault(inv, []).append(code)
            when.setdefault(inv, datetime.fromisoformat(row["InvoiceDate"]).timestamp())
            unit_prices.setdefault(code, []).append(float(row["UnitPrice"]))
            descriptions.setdefault(code, Counter())[row["Description"]] += 1
    order = sorted(by_inv, key=lambda i: (when[i], i))
    baskets, names = _encode([by_inv[i] for i in order])
    prices = [statistics.median(unit_prices[code]) for code in names]
    # A stock code is five digits, a letter suffix marks a variant (colour, size) of one product.
    families = [code[:5] if code[:5].isdigit() else code for code in names]
    # A code's most common description (ties: the first in sorted order) names its type.
    categories = [
        category_of(min(descriptions[code].items(), key=lambda kv: (-kv[1], kv[0]))[0])
        for code in names
    ]
    return Baskets(
        "online_retail",
        baskets,
        names,
        [when[i] for i in order],
        prices=prices,
        families=families,
        categories=categories,
    )


LOADERS = {"groceries": groceries, "breadbasket": breadbasket, "online_retail": online_retail}
