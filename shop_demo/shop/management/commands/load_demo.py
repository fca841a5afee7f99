"""``manage.py load_demo``: the demo catalogue, its offers and a demo admin. Safe to run again."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.templatetags.static import static

from shop_demo.shop.cart import FREE_SHIPPING, FREE_SHIPPING_FROM
from shop_demo.shop.catalogue import CATEGORIES, PRODUCTS
from shop_demo.shop.demo_offers import LANGUAGES, OFFERS, OfferData
from shop_demo.shop.models import Category, Product
from upsell_app.models import FollowUp, Offer, SpendThreshold
from upsell_app.validation import validate_offer_fields, validate_offer_products


class Command(BaseCommand):
    help = "Load the demo shop's catalogue and offers (idempotent) and a demo admin user."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            products = self.load_catalogue()
            offers = self.load_offers(products)
            self.load_thresholds()
        self.create_admin()
        self.report(products, offers)

    def load_catalogue(self) -> dict[str, Product]:
        categories = {}
        for data in CATEGORIES:
            categories[data.slug], _ = Category.objects.update_or_create(
                slug=data.slug, defaults={"name": data.name, "position": data.position}
            )
        products = {}
        for data in PRODUCTS:
            products[data.slug], _ = Product.objects.update_or_create(
                slug=data.slug,
                defaults={
                    "name": data.name,
                    "category": categories[data.category],
                    "family": data.family,
                    "description": data.description,
                    "price": data.price_decimal,
                    "cost": data.cost_decimal,
                    "stock": data.stock,
                    "image_url": static(f"shop/img/{data.icon}.svg"),
                    "is_subscribable": data.subscribable,
                    "is_active": True,
                },
            )
        return products

    def load_offers(self, products: dict[str, Product]) -> list[Offer]:
        offers = []
        for data in OFFERS:
            sources = [self.product(products, slug, data) for slug in data.sources]
            targets = [self.product(products, slug, data) for slug in data.targets]
            offer = Offer.objects.filter(name=data.name).first() or Offer(name=data.name)
            for name, value in data.model_fields().items():
                setattr(offer, name, value)
            # One translation per language, as the admin's language tabs would save them; each
            # is checked as the admin form checks the tab it saves.
            for language, texts in data.texts().items():
                offer.set_current_language(language)
                for name, value in texts.items():
                    setattr(offer, name, value)
                self.check_offer(offer, data, sources, targets)
            offer.set_current_language(LANGUAGES[0])
            offer.save()
            offer.source_products.set(sources)
            offer.target_products.set(targets)
            if data.follow_up:
                moment, days = data.follow_up
                FollowUp.objects.update_or_create(
                    offer=offer, defaults={"moment": moment, "days": days, "is_active": True}
                )
            offers.append(offer)
        return offers

    def load_thresholds(self) -> None:
        """The shop's free shipping, named in django-upsell for the cart page's nudge: the
        shop charges shipping below this amount (``cart.shipping_for``)."""
        threshold = SpendThreshold.objects.filter(code=FREE_SHIPPING).first() or SpendThreshold(
            code=FREE_SHIPPING
        )
        threshold.amount = FREE_SHIPPING_FROM
        threshold.show_within = Decimal("2000")
        threshold.is_active = True
        for language, benefit in (("en", "free shipping"), ("ja", "送料無料")):
            threshold.set_current_language(language)
            threshold.benefit = benefit
        threshold.set_current_language(LANGUAGES[0])
        threshold.save()

    @staticmethod
    def product(products: dict[str, Product], slug: str, data: OfferData) -> Product:
        try:
            return products[slug]
        except KeyError:
            raise CommandError(f"Offer {data.name!r} names an unknown product {slug!r}.") from None

    @staticmethod
    def check_offer(
        offer: Offer, data: OfferData, sources: list[Product], targets: list[Product]
    ) -> None:
        """The admin form's rules: the demo must not ship an offer the admin would refuse."""
        errors = validate_offer_fields(offer)
        errors.update(
            validate_offer_products(
                data.kind,
                offer.target_source,
                [(p.name, p.price) for p in sources],
                [(p.name, p.price) for p in targets],
                bool(data.source_categories),
            )
        )
        if errors:
            raise CommandError(f"Demo offer {data.name!r} is invalid: {errors}")

    def create_admin(self) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            return
        user_model.objects.create_superuser("admin", "admin@example.com", "admin")
        self.stdout.write(
            self.style.WARNING(
                "Created superuser admin / admin: for the local demo only, never in production."
            )
        )

    def report(self, products: dict[str, Product], offers: list[Offer]) -> None:
        per_category = Counter(p.category.slug for p in products.values())
        sold_out = sorted(p.name for p in products.values() if p.stock == 0)
        summary = f"Loaded {len(products)} products in {len(per_category)} categories:"
        self.stdout.write(self.style.SUCCESS(summary))
        for slug, count in per_category.items():
            self.stdout.write(f"  {slug:<12} {count}")
        if sold_out:
            self.stdout.write(f"  sold out: {', '.join(sold_out)}")
        kinds = Counter(o.kind for o in offers)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(offers)} offers:"))
        for offer in offers:
            self.stdout.write(f"  [{offer.kind}] {offer.name} (on {', '.join(offer.triggers)})")
        self.stdout.write("  by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
