"""Loading the sample shop: oscar's catalogue, the app's offers and past orders.

Plain functions over oscar's models, used by ``manage.py load_oscar_demo`` and by the tests.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.sites.models import Site
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model

from upsell_app.models import Offer
from upsell_app.validation import validate_offer_fields, validate_offer_products

from .catalogue import HISTORY, OFFERS, PRODUCTS, OfferData

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Country = get_model("address", "Country")
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Free = get_class("shipping.methods", "Free")


class DemoDataError(ValueError):
    """The sample data would be refused by the upsell admin."""


@transaction.atomic
def load_catalogue(stock: int = 500) -> dict[str, Product]:
    """Products with a stock record each, in yen; idempotent (keyed by SKU / UPC)."""
    Site.objects.update_or_create(
        pk=1, defaults={"domain": "127.0.0.1:8001", "name": "Oscar × django-upsell"}
    )
    Country.objects.update_or_create(
        iso_3166_1_a2="JP",
        defaults={
            "iso_3166_1_a3": "JPN",
            "iso_3166_1_numeric": "392",
            "name": "Japan",
            "printable_name": "Japan",
            "is_shipping_country": True,
        },
    )
    product_class, _ = ProductClass.objects.get_or_create(
        name="Goods", defaults={"requires_shipping": True, "track_stock": True}
    )
    partner, _ = Partner.objects.get_or_create(name="Sample warehouse")
    products = {}
    for data in PRODUCTS:
        product, _ = Product.objects.update_or_create(
            upc=data.sku,
            defaults={
                "title": data.title,
                "description": data.description,
                "product_class": product_class,
                "structure": Product.STANDALONE,
                "is_public": True,
            },
        )
        category = create_from_breadcrumbs(data.category)
        ProductCategory.objects.get_or_create(product=product, category=category)
        StockRecord.objects.update_or_create(
            product=product,
            partner=partner,
            defaults={
                "partner_sku": data.sku,
                "price": Decimal(data.price),
                "price_currency": "JPY",
                "num_in_stock": stock,
            },
        )
        products[data.sku] = product
    return products


def _check(offer: Offer, data: OfferData, sources: list, targets: list, prices: dict) -> None:
    errors = validate_offer_fields(offer)
    errors.update(
        validate_offer_products(
            data.kind,
            offer.target_source,
            [(p.title, prices[p.pk]) for p in sources],
            [(p.title, prices[p.pk]) for p in targets],
            bool(data.source_categories),
        )
    )
    if errors:
        raise DemoDataError(f"Sample offer {data.name!r} is invalid: {errors}")


@transaction.atomic
def load_offers(products: dict[str, Product]) -> list[Offer]:
    """The app's offers, as a shop admin would configure them; idempotent (keyed by name)."""
    prices = {p.pk: p.stockrecords.first().price for p in products.values()}
    offers = []
    for data in OFFERS:
        sources = [products[sku] for sku in data.sources]
        targets = [products[sku] for sku in data.targets]
        offer = Offer.objects.filter(name=data.name).first() or Offer(name=data.name)
        fields = {
            "kind": data.kind,
            "triggers": list(data.triggers),
            "headline": data.headline,
            "value_message": data.value_message,
            "source_categories": data.source_categories,
            "priority": data.priority,
            "discount_type": data.discount_type,
            "discount_value": data.discount_value,
            "target_source": data.target_source,
            "is_active": True,
            **data.subscription,
        }
        for name, value in fields.items():
            setattr(offer, name, value)
        _check(offer, data, sources, targets, prices)
        offer.save()
        offer.source_products.set(sources)
        offer.target_products.set(targets)
        offers.append(offer)
    return offers


def place_order(products: list[Product], email: str, number: str) -> object:
    """An order placed the way oscar's checkout places it (its OrderCreator, its signals)."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    method = Free()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    order = OrderCreator().place_order(
        basket, total, method, charge, order_number=number, guest_email=email
    )
    basket.submit()
    return order


def load_history(products: dict[str, Product]) -> int:
    """The shop's past orders (once): what "customers who bought this also bought" learns from."""
    order_model = get_model("order", "Order")
    placed = 0
    for n, skus in enumerate(HISTORY, start=1):
        number = f"PAST-{n:04d}"
        if order_model.objects.filter(number=number).exists():
            continue
        place_order([products[sku] for sku in skus], f"customer{n % 5}@example.com", number)
        placed += 1
    return placed
