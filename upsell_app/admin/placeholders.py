"""Placeholders chosen from a list: each with what it stands for, inserted by a button.

The pop-up fills ``{product}``, ``{difference}`` ... with the offer's own names and prices; the
shop owner picks "商品名" or "差額" under the field instead of typing codes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Each placeholder's button label and what it becomes in the pop-up, in the owner's words
#: (one for each of ``upsell_app.offers.validation.PLACEHOLDERS``).
MEANINGS: dict[str, tuple[Promise, Promise]] = {
    "product": (_("Offered product"), _("The name of the product offered.")),
    "source": (
        _("Product in the cart"),
        _("The name of the product in the cart the offer starts from."),
    ),
    "price": (_("Price"), _("What the shopper pays for the offered product, after the discount.")),
    "original_price": (_("Regular price"), _("The offered product's price before the discount.")),
    "difference": (
        _("Price difference"),
        _("How much more (or less) it costs than the product in the cart."),
    ),
    "saving": (_("Saving"), _("How much the shopper saves with the discount.")),
    "discount": (_("Discount"), _("The discount itself, such as ¥500 or 10%.")),
}


def placeholder_choices() -> list[dict[str, Any]]:
    return [
        {"code": "{" + name + "}", "label": label, "meaning": meaning}
        for name, (label, meaning) in MEANINGS.items()
    ]


class PlaceholderInput(forms.TextInput):
    """A text input followed by buttons that insert a placeholder where the cursor is."""

    template_name = "admin/upsell_app/offer/widgets/placeholder_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["placeholders"] = placeholder_choices()
        return context
