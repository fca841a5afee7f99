"""The demo's offers: what a shop admin would configure in the upsell admin, written down as data.

One coherent set, so a shopper walking through the shop meets helpful offers at the right moment:
more storage when they pick the smallest phone, protection for a new phone, a work set for a
laptop, a subscription for things that run out, a lighter option when they take something out,
and one small thank-you after the order. Products are named by slug. Every text ships in English
and Japanese (``ja``), as an admin would enter them on the offer's two language tabs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: The languages the demo's offer texts are written in; English is the shop's default.
LANGUAGES = ("en", "ja")


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
    placement: str = "popup"  # or "page": shown where the shop placed {% upsell_slot %}
    follow_up: tuple[str, int] = ()  # also mailed: (moment, days), see docs/follow-up-mail.md
    ja: tuple[str, str] = ("", "")  # headline, value message in Japanese

    def texts(self) -> dict[str, dict[str, str]]:
        """The offer's texts per language (the admin's language tabs)."""
        headline, message = self.ja
        texts: dict[str, dict[str, str]] = {
            "en": {"headline": self.headline, "value_message": self.value_message},
            "ja": {"headline": headline, "value_message": message},
        }
        for language, terms in self.subscription.get("texts", {}).items():
            texts[language].update(terms)
        return texts

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
            "placement": self.placement,
            "is_active": True,
            "interval_count": None,
            "interval_unit": "",
            "minimum_deliveries": None,
            "shipping_fee": None,
        }
        fields.update({k: v for k, v in self.subscription.items() if k != "texts"})
        return fields


def _subscription(every: int, unit: str, minimum: int, shipping_fee: Decimal) -> dict[str, Any]:
    """Every term 特定商取引法 12条の6 wants before consent, in both languages."""
    if minimum:
        period_en = (
            f"At least {minimum} deliveries, then renews automatically with each delivery "
            "until you cancel"
        )
        period_ja = (
            f"{minimum}回のお届けまでが契約期間です。"
            "以降は解約されるまでお届けごとに自動で継続します"
        )
        deadline_en = f"From delivery {minimum} on, up to 5 days before the next delivery"
        deadline_ja = f"{minimum}回目のお届け以降、次回お届けの5日前まで"
    else:
        period_en = "No fixed period: renews automatically with each delivery until you cancel"
        period_ja = "期間の定めはありません。解約されるまでお届けごとに自動で継続します"
        deadline_en = "Any time up to 5 days before the next delivery"
        deadline_ja = "次回お届けの5日前までいつでも"
    return {
        "interval_count": every,
        "interval_unit": unit,
        "minimum_deliveries": minimum,
        "shipping_fee": shipping_fee,
        "texts": {
            "en": {
                "first_delivery": "Ships with this order",
                "payment_method": "The payment method you choose at checkout",
                "payment_timing": "Charged when each delivery ships",
                "contract_period": period_en,
                "cancellation": "Cancel or skip online in My account, or by e-mail to the shop",
                "cancellation_deadline": deadline_en,
            },
            "ja": {
                "first_delivery": "今回のご注文と一緒に発送します",
                "payment_method": "ご注文手続きで選んだお支払い方法",
                "payment_timing": "各回の発送時にお支払い",
                "contract_period": period_ja,
                "cancellation": (
                    "マイページからオンラインで、またはショップへのメールで解約・スキップできます"
                ),
                "cancellation_deadline": deadline_ja,
            },
        },
    }


Of = OfferData

OFFERS: tuple[OfferData, ...] = (
    # -- upsell: a better tier of what is in the cart ---------------------------------------------
    Of("Phone 128 GB: more storage", "upsell", ("add_to_cart", "cart_view"),
      "More room for photos and apps?",
      "Twice the storage for {difference} more.",
      sources=("aozora-phone-128",),
      targets=("aozora-phone-256", "aozora-phone-pro-256"), priority=300,
      ja=("写真やアプリのための容量、増やしませんか？",
          "あと{difference}で容量が2倍になります。")),
    Of("Phone 256 GB: go Pro", "upsell", ("add_to_cart", "cart_view"),
      "Go Pro for {difference} more?",
      "Triple camera with 5x optical zoom and a 120 Hz display, same 256 GB of storage.",
      sources=("aozora-phone-256",), targets=("aozora-phone-pro-256",), priority=290,
      ja=("あと{difference}でProにしませんか？",
          "光学5倍ズームのトリプルカメラと120 Hzディスプレイ。容量は同じ256 GBです。")),
    Of("Sora Book 13: double the memory", "upsell", ("add_to_cart",),
      "Double the memory and storage?",
      "16 GB memory and 512 GB storage for {difference} more: smooth with many apps open.",
      sources=("sora-book-13",), targets=("sora-book-13-16gb",), priority=280,
      ja=("メモリとストレージを2倍にしませんか？",
          "あと{difference}で16 GBメモリと512 GBストレージ。たくさんのアプリを開いても快適です。")),
    Of("Cloud Basic: Premium plan", "upsell", ("add_to_cart", "cart_view"),
      "20 times the space for {difference} more a year",
      "2 TB for the whole family's photos and videos, shared with up to 5 people.",
      sources=("kumo-cloud-basic-100gb",), targets=("kumo-cloud-premium-2tb",), priority=270,
      ja=("年あと{difference}で20倍の容量",
          "家族みんなの写真と動画に2 TB。最大5人で共有できます。")),
    # -- cross-sell: what completes the purchase --------------------------------------------------
    Of("Phone essentials", "cross_sell", ("add_to_cart",),
      "Protect your new phone from day one",
      "Made to fit every Aozora Phone, delivered in the same parcel.",
      source_categories="phones",
      targets=("aozora-case-clear", "glass-screen-protector", "nami-earbuds"), priority=200,
      ja=("新しいスマホを初日から守りましょう",
          "すべてのAozora Phoneにぴったり。同じ荷物でお届けします。")),
    Of("Memory card for the 128 GB phone", "cross_sell", ("cart_view",),
      "Extra room for photos",
      "{product} slots into your {source}: about 30,000 more photos for {price}.",
      sources=("aozora-phone-128", "aozora-phone-128-refurbished"),
      targets=("microsd-128gb",), priority=150,
      ja=("写真の保存容量をもっと",
          "{product}は{source}に挿すだけ。{price}で写真約30,000枚分の容量が増えます。")),
    # -- in the page: the kettle's page lists what is bought with it, ticked, with their price --
    # (On a page whose own moments have no pop-up: a slot shown counts against restraint too.)
    Of("Kettle page: often bought together", "cross_sell", ("product_view",),
      "Often bought together",
      "A Hasami mug and our Hinata Blend: everything for the first pour-over.",
      sources=("gooseneck-kettle",),
      targets=("hasami-mug", "hinata-blend-200g"), priority=200, placement="page",
      follow_up=("after_delivery", 7),
      ja=("よく一緒に購入されている商品",
          "波佐見焼のマグとひなたブレンドで、はじめてのハンドドリップがそろいます。")),
    # -- in the page: the cart page's slot, below the cart, for a water filter pitcher ---------
    Of("Pitcher in the cart: spare cartridges", "cross_sell", ("cart_view",),
      "Spare cartridges for your pitcher",
      "{product}: six months of filtered water for {price}.",
      sources=("shizuku-pitcher",), targets=("water-filter-cartridge-3",), priority=150,
      placement="page",
      ja=("ポット用の交換カートリッジ",
          "{product}：6か月分のろ過水が{price}。")),
    # Learned from order history (manage.py upsell_associations): the quietest offer, shown only
    # when no hand-picked one fits the moment.
    Of("Customers who bought this also bought", "cross_sell", ("cart_view", "add_to_cart"),
      "Customers who bought this also bought",
      "{product} for {price}, a favourite with shoppers who chose {source}.",
      source_categories="phones,laptops,audio,accessories,cloud,coffee,tea,home",
      target_source="learned", priority=60,
      ja=("この商品を買った人はこんな商品も買っています",
          "{source}を選んだお客様に人気の{product}（{price}）。")),
    # -- bundle: the laptop work set, cheaper together ---------------------------------------------
    Of("Laptop work set", "bundle", ("cart_view",),
      "Make it a work set and save {saving}",
      "The wool felt sleeve and the quiet mouse with your {source}: {saving} off as a set.",
      sources=("sora-book-lite-13", "sora-book-13", "sora-book-13-16gb"),
      targets=("sora-sleeve-13", "quiet-mouse"), priority=250,
      discount_type="fixed", discount_value=Decimal("1500"),
      ja=("仕事用セットにして{saving}お得に",
          "ウールフェルトのスリーブと静音マウスを{source}と一緒に。セットで{saving}引きです。")),
    # -- subscription switch: things that run out -------------------------------------------
    Of("Coffee beans every 2 weeks", "subscription", ("cart_view", "checkout_start"),
      "Fresh beans every 2 weeks, 10% off",
      "{price} per delivery instead of {original_price}. No minimum: skip or cancel online.",
      sources=("hinata-blend-200g", "hinata-blend-500g", "yirgacheffe-200g"), priority=220,
      discount_type="percent", discount_value=Decimal("10"),
      subscription=_subscription(2, "week", 0, Decimal("0")),
      ja=("2週間ごとに新鮮な豆を10%オフで",
          "1回あたり{original_price}のところ{price}。回数の縛りなし、オンラインでスキップ・解約できます。")),
    Of("Drip bags and tea every month", "subscription", ("cart_view", "checkout_start"),
      "Never run out: monthly delivery, 10% off",
      "{price} per delivery instead of {original_price}. No minimum: skip or cancel online.",
      sources=("drip-bags-10", "drip-bags-30", "shizuoka-sencha-100g", "genmaicha-25",
               "uji-matcha-30g"), priority=210,
      discount_type="percent", discount_value=Decimal("10"),
      subscription=_subscription(1, "month", 0, Decimal("0")),
      ja=("毎月お届けで切らさない、10%オフ",
          "1回あたり{original_price}のところ{price}。回数の縛りなし、オンラインでスキップ・解約できます。")),
    Of("Filter cartridge every 2 months", "subscription", ("cart_view", "checkout_start"),
      "A fresh cartridge every 2 months, 15% off",
      "{price} per delivery instead of {original_price}, for a minimum of 3 deliveries.",
      sources=("water-filter-cartridge",), priority=205,
      discount_type="percent", discount_value=Decimal("15"),
      subscription=_subscription(2, "month", 3, Decimal("0")),
      ja=("2か月ごとに新しいカートリッジを15%オフで",
          "1回あたり{original_price}のところ{price}。最低3回のお届けが条件です。")),
    # -- downsell: a lighter option when something is taken out -----------------------------
    Of("Phone removed: a lighter option", "downsell", ("item_removed",),
      "Still want an Aozora Phone?",
      "The same display and all-day battery, for less than the {source}.",
      sources=("aozora-phone-pro-256", "aozora-phone-256"),
      targets=("aozora-phone-128", "aozora-phone-128-refurbished"), priority=300,
      ja=("Aozora Phoneはまだご検討中ですか？",
          "同じディスプレイと一日もつバッテリーを、{source}よりお手頃に。")),
    Of("Laptop removed: the Lite", "downsell", ("item_removed",),
      "A lighter laptop?",
      "{product} handles study and everyday work for {saving} less.",
      sources=("sora-book-pro-14", "sora-book-13-16gb", "sora-book-13"),
      targets=("sora-book-lite-13",), priority=290,
      ja=("もっと軽いノートPCはいかがですか？",
          "{product}なら勉強も普段の仕事もこなせて、{saving}お安くなります。")),
    Of("Earbuds removed: compact buds", "downsell", ("item_removed",),
      "Everyday earbuds for less?",
      "{product}: clear calls and 6 hours per charge for {saving} less.",
      sources=("nami-earbuds",), targets=("nami-buds-compact",), priority=280,
      ja=("普段使いのイヤホンをお手頃に",
          "{product}：クリアな通話と1回の充電で6時間。{saving}お安くなります。")),
    # -- post-purchase: one small thank-you, for every order --------------------------------------
    Of("Thank-you coffee after the order", "cross_sell", ("order_completed",),
      "Thank you for your order! A coffee break for later?",
      "Ten drip bags of our Hinata Blend for {price}, {saving} off for today's customers.",
      targets=("drip-bags-10",), priority=100,
      discount_type="percent", discount_value=Decimal("20"),
      ja=("ご注文ありがとうございます！あとでコーヒーブレイクはいかが？",
          "ひなたブレンドのドリップバッグ10袋が{price}。本日ご注文のお客様は{saving}引きです。")),
)
