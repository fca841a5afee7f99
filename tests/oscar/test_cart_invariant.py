"""The oscar sample shop holds the cart invariant whatever a shopper does, in any order, a voucher
of the shop's own included: oscar's basket and order totals are the catalogue prices less exactly
what is still agreed, less what the voucher takes (see :mod:`tests.cart_invariant`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client
from oscar.core.loading import get_model

from tests.cart_invariant import PageDriver, ok, relax, run_machine
from upsell_app.conf import upsell_settings

from .journeys import ADDRESS

# Not yet in make test: they still find open problems (docs/cart-invariant.md).
pytestmark = [pytest.mark.django_db, pytest.mark.cart_invariant]

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
VOUCHER = "THANKS10"
HAND_PICKED = (
    "phone-128",
    "phone-pro-256",
    "clear-case",
    "camera",
    "sd-card-128",
    "coffee-500",
    "laptop-pro-14",
    "laptop-air-13",
)


def shop_voucher() -> None:
    """The shop's own 10 % voucher on everything, non-exclusive (it stacks with other offers)."""
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    everything = Range.objects.create(name="Everything", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="Thank-you voucher",
        offer_type=ConditionalOffer.VOUCHER,
        exclusive=False,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
    )
    voucher = Voucher.objects.create(
        name="Thank you",
        code=VOUCHER,
        usage=Voucher.MULTI_USE,
        start_datetime="2000-01-01T00:00Z",
        end_datetime="2999-01-01T00:00Z",
    )
    voucher.offers.add(offer)


class OscarShop(PageDriver):
    """A browser in the oscar sample shop: oscar's pages and the pop-up's API."""

    name = "oscar_demo"
    has_thank_you = False  # the sample shop configured no offer for after the order
    has_vouchers = True

    def start(self) -> None:
        self.client = Client(raise_request_exception=False)  # a 500 is a finding
        self.page = None
        self._basket: Any = None

    def prices(self) -> dict[int, Decimal]:
        return dict(StockRecord.objects.values_list("product_id", "price"))

    def basket(self) -> Any:
        """The shopper's basket as oscar's basket page totals it (strategy, then offers), read
        once per state of the basket: the lines, the total and the voucher come from one read."""
        if self._basket is None:
            response = ok(self.client.get("/basket/", headers={"X-Upsell-Refresh": "1"}))
            self._basket = response.wsgi_request.basket
        return self._basket

    def navigate(self, response: Any) -> None:
        self._basket = None
        super().navigate(response)

    def post(self, url: str, body: dict | None = None) -> Any:
        self._basket = None
        return super().post(url, body)

    def lines(self) -> dict[str, tuple[int, int]]:
        basket = self.basket()
        if not basket.id:
            return {}
        return {str(x.pk): (x.product_id, x.quantity) for x in basket.all_lines()}

    def formset(self, line_id: str, **fields: str) -> dict[str, str]:
        lines = [x for x in self.basket().all_lines()]
        data = {
            "form-TOTAL_FORMS": str(len(lines)),
            "form-INITIAL_FORMS": str(len(lines)),
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        }
        for i, line in enumerate(lines):
            data[f"form-{i}-id"] = str(line.pk)
            data[f"form-{i}-quantity"] = str(line.quantity)
            if str(line.pk) == line_id:
                data.update({f"form-{i}-{k}": v for k, v in fields.items()})
        return data

    def add(self, product_id: int) -> None:
        self.navigate(self.client.post(f"/basket/add/{product_id}/", {"quantity": 1}, follow=True))

    def set_quantity(self, line_id: str, quantity: int) -> None:
        self.navigate(
            self.client.post("/basket/", self.formset(line_id, quantity=str(quantity)), follow=True)
        )

    def remove(self, line_id: str) -> None:
        self.navigate(self.client.post("/basket/", self.formset(line_id, DELETE="on"), follow=True))

    def view_cart(self) -> None:
        self.navigate(self.client.get("/basket/"))

    def start_checkout(self) -> None:
        self.navigate(self.client.get("/checkout/"))

    def apply_voucher(self) -> None:
        self.navigate(self.client.post("/basket/vouchers/add/", {"code": VOUCHER}, follow=True))

    def same_total(self, shown: Decimal, expected: Decimal) -> bool:
        """Oscar prices a line by one unit price to the cent: a line whose units cost different
        amounts (agreed units and more, a set's share) carries its unit price rounded up, so its
        total may exceed the exact sum by less than a cent a unit, never fall below it. Exact
        in the shop's currency (yen: whole yen)."""
        places = Decimal(1).scaleb(-upsell_settings.PRICE_DECIMAL_PLACES)
        return (
            shown.quantize(places, rounding=ROUND_HALF_UP)
            == expected.quantize(places, rounding=ROUND_HALF_UP)
            and shown >= expected
        )

    def voucher_discount(self) -> Decimal:
        basket = self.basket()
        if not basket.id:
            return Decimal("0")
        return sum((d["discount"] for d in basket.grouped_voucher_discounts), Decimal("0"))

    def cart_total(self) -> Decimal:
        return self.basket().total_incl_tax

    def place_order(self) -> Decimal:
        client = self.client
        self._basket = None
        ok(client.post("/checkout/", {"username": "hanako@example.com", "options": "anonymous"}))
        ok(client.post("/checkout/shipping-address/", ADDRESS))
        ok(client.get("/checkout/shipping-method/", follow=True))
        ok(client.get("/checkout/payment-method/", follow=True))
        ok(client.get("/checkout/preview/"))
        before = set(Order.objects.values_list("pk", flat=True))
        self.navigate(client.post("/checkout/preview/", {"action": "place_order"}, follow=True))
        (order,) = Order.objects.exclude(pk__in=before)
        return order.total_incl_tax


def test_basket_and_order_totals_are_the_shops_prices_less_exactly_what_is_still_agreed(
    settings, products
):
    relax(settings)
    shop_voucher()
    OscarShop.products = [products[sku].pk for sku in HAND_PICKED]
    run_machine(OscarShop)
