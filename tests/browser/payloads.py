"""Offer payloads shaped exactly like the API contract, for widget tests that stub the API.

The end-to-end tests (test_demo_shop.py) use the real API; these let the widget's own behaviour
(focus, keyboard, errors, retries) be specified without arranging a database for each case.
"""

from __future__ import annotations

import copy
from typing import Any

IMAGE = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='96' height='96'>"
    "<rect width='96' height='96' rx='12' fill='%23dbe4ff'/>"
    "<circle cx='48' cy='44' r='22' fill='%232747d1'/></svg>"
)


def choice(product_id: int, title: str, price: int, **extra: Any) -> dict[str, Any]:
    base = {
        "product_id": product_id,
        "line_id": None,
        "title": title,
        "image_url": IMAGE,
        "url": f"/products/{product_id}/",
        "price": str(price),
        "price_display": f"¥{price:,}",
        "original_price": str(price),
        "original_price_display": f"¥{price:,}",
        "difference": str(price),
        "difference_display": f"+¥{price:,}",
        "saving": "0",
        "saving_display": "",
        "source_title": None,
        "quote": f"signed-quote-{product_id}",
    }
    base.update(extra)
    return base


CART = {
    "lines": [
        {
            "line_id": "1",
            "product_id": 2,
            "title": "Espresso Pro",
            "quantity": 1,
            "unit_price": "2000",
            "line_total": "2000",
            "is_subscription": False,
        }
    ],
    "discounts": [],
    "subtotal": "2000",
    "total": "2000",
    "subtotal_display": "¥2,000",
    "total_display": "¥2,000",
}

UPSELL = {
    "id": 7,
    "kind": "upsell",
    "trigger": "add_to_cart",
    "headline": "Make it an Espresso Pro",
    "message": "Twice the pressure and a steam wand for +¥500.",
    "reason": None,
    "accept_label": "Upgrade",
    "decline_label": "No thanks",
    "choices": [
        choice(2, "Espresso Pro", 2000, line_id="1", difference="500", difference_display="+¥500",
               source_title="Espresso Basic"),
    ],
    "bundle": None,
    "subscription": None,
}

CROSS_SELL_CHOICES = {
    "id": 8,
    "kind": "cross_sell",
    "trigger": "add_to_cart",
    "headline": "Complete your setup",
    "message": "Pick one accessory that fits your grinder.",
    "reason": "Often bought together with Hand Grinder",
    "accept_label": "Add to cart",
    "decline_label": "No thanks",
    "choices": [
        choice(11, "Burr Brush", 400),
        choice(12, "Dosing Cup", 900, original_price="1000", original_price_display="¥1,000",
               saving="100", saving_display="¥100"),
        choice(13, "Tamper", 1200),
    ],
    "bundle": None,
    "subscription": None,
}

SUBSCRIPTION = {
    "id": 9,
    "kind": "subscription",
    "trigger": "cart_view",
    "headline": "Get your beans delivered and save 10%",
    "message": "Fresh beans every month for ¥1,350 instead of ¥1,500.",
    "reason": None,
    "accept_label": "Switch to subscription",
    "decline_label": "No thanks",
    "choices": [
        choice(21, "House Blend Beans 500g", 1350, line_id="4", original_price="1500",
               original_price_display="¥1,500", difference="-150", difference_display="-¥150",
               saving="150", saving_display="¥150"),
    ],
    "bundle": None,
    "subscription": {
        "terms": [
            {"label": "Quantity", "value": "1 per delivery"},
            {"label": "Price per delivery", "value": "¥1,350 (tax included)"},
            {"label": "Delivery interval", "value": "Every 1 month"},
            {"label": "First delivery", "value": "Ships with this order"},
            {"label": "Payment", "value": "Charged when each delivery ships"},
            {"label": "Minimum commitment", "value": "None"},
            {"label": "How to cancel", "value": "Cancel or skip any time in My account"},
        ],
        "consent_label": "Switch to subscription",
    },
}


def offer(template: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of a payload with top-level fields changed."""
    data = copy.deepcopy(template)
    data.update(changes)
    return data
