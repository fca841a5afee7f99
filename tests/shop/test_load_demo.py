"""``manage.py load_demo``: the catalogue and offers a visitor of the demo walks through."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from shop_demo.shop.models import Category, Product
from upsell_app.models import Offer

pytestmark = pytest.mark.django_db

CATEGORY_SLUGS = {"phones", "laptops", "cloud", "accessories", "audio", "coffee", "tea", "home"}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_loads_at_least_30_products():
    load_demo()
    assert Product.objects.filter(is_active=True).count() >= 30


def test_load_demo_fills_every_category():
    load_demo()
    filled = set(Category.objects.filter(products__isnull=False).values_list("slug", flat=True))
    assert filled == CATEGORY_SLUGS


def test_load_demo_has_sold_out_products():
    load_demo()
    assert Product.objects.filter(stock=0).count() >= 2


def test_load_demo_gives_every_product_a_price_a_cost_and_an_image():
    load_demo()
    for product in Product.objects.all():
        assert product.price > product.cost > 0, product.slug
        assert product.image_url.startswith("/static/shop/img/"), product.slug


def test_load_demo_prices_the_aozora_phone_family_in_yen():
    load_demo()
    prices = dict(Product.objects.filter(family="aozora-phone").values_list("name", "price"))
    assert prices["Aozora Phone 128 GB"] == 89_800
    assert prices["Aozora Phone 256 GB"] == 104_800
    assert prices["Aozora Phone Pro 256 GB"] == 139_800


def test_load_demo_creates_one_offer_of_each_kind_at_least():
    load_demo()
    kinds = set(Offer.objects.filter(is_active=True).values_list("kind", flat=True))
    assert kinds == {"upsell", "cross_sell", "bundle", "subscription", "downsell"}


def test_load_demo_creates_an_offer_for_every_moment():
    load_demo()
    moments = {t for triggers in Offer.objects.values_list("triggers", flat=True) for t in triggers}
    assert moments == {"add_to_cart", "cart_view", "checkout_start", "item_removed",
                       "order_completed", "product_view"}


def test_load_demo_places_offers_in_the_cart_page_and_a_product_page():
    load_demo()
    in_page = Offer.objects.filter(placement="page").values_list("triggers", flat=True)
    assert sorted(t for triggers in in_page for t in triggers) == ["cart_view", "product_view"]


def test_load_demo_subscription_offer_states_every_term():
    load_demo()
    offer = Offer.objects.get(name="Coffee beans every 2 weeks")
    assert (offer.interval_count, offer.interval_unit) == (2, "week")
    assert offer.first_delivery == "Ships with this order"
    assert offer.payment_timing == "Charged when each delivery ships"
    assert offer.minimum_deliveries == 0
    assert offer.shipping_fee == 0
    assert offer.payment_method and offer.contract_period and offer.cancellation
    assert "5 days before the next delivery" in offer.cancellation_deadline


def test_load_demo_offers_speak_english_and_japanese():
    load_demo()

    for offer in Offer.objects.all():
        assert sorted(offer.get_available_languages()) == ["en", "ja"], offer.name
        ja = offer.translations.get(language_code="ja")
        assert ja.headline and ja.headline != offer.translations.get(language_code="en").headline


def test_load_demo_subscription_terms_are_in_japanese_too():
    load_demo()
    offer = Offer.objects.get(name="Filter cartridge every 2 months")
    offer.set_current_language("ja")

    assert offer.first_delivery == "今回のご注文と一緒に発送します"
    assert "自動で継続" in offer.contract_period
    assert offer.cancellation_deadline.startswith("3回目のお届け以降")


def test_load_demo_bundles_the_laptop_with_sleeve_and_mouse_for_a_fixed_saving():
    load_demo()
    offer = Offer.objects.get(kind="bundle")
    assert set(offer.target_products.values_list("slug", flat=True)) == {
        "sora-sleeve-13", "quiet-mouse"
    }
    assert (offer.discount_type, offer.discount_value) == ("fixed", 1500)
    assert offer.triggers == ["cart_view"]


def test_load_demo_is_idempotent():
    load_demo()
    before = (Product.objects.count(), Category.objects.count(), Offer.objects.count(),
              sorted(Offer.objects.values_list("name", "target_products__slug")))
    load_demo()
    after = (Product.objects.count(), Category.objects.count(), Offer.objects.count(),
             sorted(Offer.objects.values_list("name", "target_products__slug")))
    assert after == before


def test_load_demo_restores_a_product_edited_since():
    load_demo()
    Product.objects.filter(slug="aozora-phone-128").update(price=1, is_active=False)
    load_demo()
    product = Product.objects.get(slug="aozora-phone-128")
    assert (product.price, product.is_active) == (89_800, True)


def test_load_demo_creates_the_demo_admin_once_and_says_it_is_for_the_demo_only():
    first = load_demo()
    second = load_demo()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("admin")
    assert "demo only" in first
    assert "admin / admin" not in second


def test_load_demo_mails_the_kettles_pairing_a_week_after_delivery():
    from upsell_app.models import FollowUp

    load_demo()
    load_demo()  # idempotent

    [follow_up] = FollowUp.objects.all()
    assert follow_up.offer.name == "Kettle page: often bought together"
    assert (follow_up.moment, follow_up.days, follow_up.is_active) == ("after_delivery", 7, True)
