"""Shared factory_boy factories. Append yours; don't rewrite others'."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from shop_demo.shop.models import Category, Product
from upsell_app.models import Offer


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    slug = factory.Sequence(lambda n: f"product-{n}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)
    price = Decimal("1000")
    stock = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("pw")


class StaffUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class OfferFactory(factory.django.DjangoModelFactory):
    """A live cross-sell shown on add-to-cart; pass ``sources=[...]`` / ``targets=[...]``."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Offer {n}")
    kind = "cross_sell"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The texts are the shop's default language's, whatever language an earlier request in
        # this thread left active (parler saves new texts in the active language).
        from django.conf import settings
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            return super()._create(model_class, *args, **kwargs)

    triggers = factory.LazyFunction(lambda: ["add_to_cart"])
    headline = "Goes well with {product}"
    value_message = "Only {price}"

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.source_products.set(extracted)

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_products.set(extracted)


# -- API / acceptance (appended by the API engineer) ----------------------------------------------
class SubscriptionOfferFactory(OfferFactory):
    """A subscription switch with every term the law wants shown; pass ``sources=[...]``."""

    kind = "subscription"
    triggers = factory.LazyFunction(lambda: ["cart_view"])
    headline = "Subscribe to {product}"
    value_message = "Save {saving} on every delivery"
    discount_type = "percent"
    discount_value = Decimal("10")
    interval_count = 1
    interval_unit = "month"
    minimum_deliveries = 0
    shipping_fee = Decimal("0")
    first_delivery = "Ships with this order"
    payment_method = "The card used for this order"
    payment_timing = "Charged when each delivery ships"
    contract_period = "No fixed period: renews with each delivery until cancelled"
    cancellation = "Cancel or skip any time from your account page"
    cancellation_deadline = "Until 5 days before the next delivery"


class CartFactory(factory.django.DjangoModelFactory):
    """The demo shop's cart; pass the shopper's ``session_key``."""

    class Meta:
        model = "shop.Cart"

    session_key = factory.Sequence(lambda n: f"session-{n:032d}")


class CartLineFactory(factory.django.DjangoModelFactory):
    """A cart line at the product's price unless ``unit_price`` is given."""

    class Meta:
        model = "shop.CartLine"

    cart = factory.SubFactory(CartFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = 1
    unit_price = factory.LazyAttribute(lambda o: o.product.price)


# -- analytics (appended by the analytics engineer, issue 4) ---------------------------------------
class OfferVariantFactory(factory.django.DjangoModelFactory):
    """An A/B arm of an offer; ``is_control=True`` for the holdout that sees no offer."""

    class Meta:
        model = "upsell_app.OfferVariant"

    offer = factory.SubFactory(OfferFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")
    weight = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # ``headline=`` / ``value_message=`` are the shop's default language's texts, as for the
        # offer; ``texts={"ja": {"headline": ...}}`` adds texts in other languages.
        from django.conf import settings
        from django.utils import translation

        texts = kwargs.pop("texts", None) or {}
        with translation.override(settings.LANGUAGE_CODE):
            variant = model_class(*args, **kwargs)
            for language, own in texts.items():
                variant.set_current_language(language)
                for name, value in own.items():
                    setattr(variant, name, value)
            variant.set_current_language(settings.LANGUAGE_CODE)
            variant.save()
        return variant


class OfferEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "upsell_app.OfferEvent"

    type = "impression"
    offer = factory.SubFactory(OfferFactory)
    shopper_key = factory.Sequence(lambda n: f"shopper-{n}")


class OfferAcceptanceFactory(factory.django.DjangoModelFactory):
    """An accepted offer as the acceptance service records it (APPLIED unless told otherwise)."""

    class Meta:
        model = "upsell_app.OfferAcceptance"

    offer = factory.SubFactory(OfferFactory)
    kind = factory.LazyAttribute(lambda o: o.offer.kind)
    shopper_key = factory.Sequence(lambda n: f"session-{n:032d}")
    idempotency_key = factory.Sequence(lambda n: f"idem-{n}")
    product_id = 0
    unit_price = Decimal("1000")
    value = Decimal("1000")
    status = "applied"


class SpendThresholdFactory(factory.django.DjangoModelFactory):
    """Free shipping at ¥5,000, nudged within ¥2,000; ``benefit_ja`` adds the Japanese text."""

    class Meta:
        model = "upsell_app.SpendThreshold"
        skip_postgeneration_save = True

    code = "free_shipping"
    amount = Decimal("5000")
    show_within = Decimal("2000")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from django.conf import settings
        from django.utils import translation

        japanese = kwargs.pop("benefit_ja", "送料無料")
        english = kwargs.pop("benefit", "free shipping")
        obj = model_class(*args, **kwargs)
        with translation.override(settings.LANGUAGE_CODE):
            obj.set_current_language("en")
            obj.benefit = english
            obj.set_current_language("ja")
            obj.benefit = japanese
            obj.set_current_language("en")
            obj.save()
        return obj
