"""Benefits that apply the app's agreed prices and set discounts as oscar line discounts.

Amounts are in the terms oscar shows (tax included when the strategy knows the tax), so a line
accepted at ¥9,900 costs exactly ¥9,900 in the basket, the order and its tax breakdown. Both
offers are non-exclusive: the shop's non-exclusive offers may still add their own discount, its
exclusive offers leave these lines alone (oscar's rule).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_classes, get_model

from .prices import CENT, shown_unit_price
from .terms import basket_terms

Benefit = get_model("offer", "Benefit")
BasketDiscount, ZERO_DISCOUNT = get_classes("offer.results", ["BasketDiscount", "ZERO_DISCOUNT"])


def discount_line(line: Any, amount: Decimal, quantity: int, offer: Any) -> None:
    """Discount ``amount`` (in shown terms) off ``quantity`` items of ``line``.

    Oscar keeps one line's discounts either all tax-inclusive or all tax-exclusive; when the shop's
    own offer already discounted this line excluding tax, ours is converted to match.
    """
    incl_tax = bool(line.is_tax_known) and not line.discounts.excl_tax
    if line.is_tax_known and not incl_tax:
        amount = (amount * line._tax_ratio).quantize(CENT)
    line.discount(amount, quantity, incl_tax=incl_tax, offer=offer)


def remaining_unit_price(line: Any) -> Decimal:
    """What one item of the line still costs after the discounts applied so far."""
    line_total = shown_unit_price(line) * line.quantity
    return max((line_total - Decimal(line.discounts.total)) / line.quantity, Decimal("0"))


def _result(total: Decimal, labels: list[str]) -> Any:
    if total <= 0:
        return ZERO_DISCOUNT
    result = BasketDiscount(total)
    result.description = "; ".join(labels)
    return result


class AgreedPriceBenefit(Benefit):
    """Each line the shopper accepted in a pop-up costs the price the pop-up showed."""

    name = _("Prices accepted in offers")
    description = name

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Agreed offer price benefit")
        verbose_name_plural = _("Agreed offer price benefits")

    def apply(self, basket: Any, condition: Any, offer: Any, **kwargs: Any) -> Any:
        terms = basket_terms(basket)
        if terms is None:
            return ZERO_DISCOUNT
        total, labels = Decimal("0"), []
        for line in basket.all_lines():
            agreed = terms.lines.get(str(line.id))
            if agreed is None or agreed.product_id != line.product_id:
                continue
            per_item = shown_unit_price(line) - agreed.unit_price
            quantity = line.quantity_without_offer_discount(offer)
            if per_item <= 0 or quantity <= 0:
                continue  # the shop's price fell below the agreed one: the shopper pays less
            amount = per_item * quantity
            discount_line(line, amount, quantity, offer)
            total += amount
            labels.append(f"{agreed.label}: {line.product.get_title()}")
        return _result(total, labels)


class SetDiscountBenefit(Benefit):
    """A set accepted in a pop-up costs its set price while every item of it is in the basket.

    One item of each line of the set carries a share of the discount, in proportion to its price.
    """

    name = _("Set discounts accepted in offers")
    description = name

    class Meta:
        app_label = "upsell_oscar"
        proxy = True
        verbose_name = _("Set discount benefit")
        verbose_name_plural = _("Set discount benefits")

    def apply(self, basket: Any, condition: Any, offer: Any, **kwargs: Any) -> Any:
        terms = basket_terms(basket)
        if terms is None:
            return ZERO_DISCOUNT
        by_id = {str(line.id): line for line in basket.all_lines()}
        total, labels = Decimal("0"), []
        for discount in terms.discounts:
            lines = [by_id[i] for i in discount.line_ids if i in by_id]
            if len(lines) != len(discount.line_ids) or not lines:
                continue
            if any(line.quantity_without_offer_discount(offer) < 1 for line in lines):
                continue
            given = self._spread(lines, Decimal(discount.amount), offer)
            if given > 0:
                total += given
                labels.append(str(discount.label))
        return _result(total, labels)

    @staticmethod
    def _spread(lines: list[Any], amount: Decimal, offer: Any) -> Decimal:
        prices = [remaining_unit_price(line) for line in lines]
        amount = min(amount, sum(prices, Decimal("0")))
        if amount <= 0:
            return Decimal("0")
        base = sum(prices, Decimal("0"))
        given = Decimal("0")
        for index, (line, price) in enumerate(zip(lines, prices, strict=True)):
            if index == len(lines) - 1:
                share = amount - given  # the last item takes the rounding remainder
            else:
                share = (amount * price / base).quantize(CENT)
            share = min(share, price)
            if share > 0:
                discount_line(line, share, 1, offer)
                given += share
        return given
