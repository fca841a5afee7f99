"""The sample decision the preview builds: the same shapes the engine would produce."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import CategoryFactory, OfferFactory, ProductFactory
from upsell_app.admin.preview import build_preview
from upsell_app.selection.types import Trigger

from .offer_form import SUBSCRIPTION_TERMS

pytestmark = pytest.mark.django_db


def test_upsell_preview_replaces_the_source_line_with_each_target():
    phone = ProductFactory(price=Decimal("1000"))
    pro, max_ = ProductFactory(price=Decimal("1500")), ProductFactory(price=Decimal("2000"))
    offer = OfferFactory(kind="upsell", sources=[phone], targets=[pro, max_])

    preview = build_preview(offer)

    choices = preview.decision.choices
    assert [c.product.id for c in choices] == [pro.pk, max_.pk]
    assert all(c.source_line.product_id == phone.pk for c in choices)


def test_subscription_preview_converts_the_source_product_itself():
    coffee = ProductFactory(price=Decimal("1500"))
    offer = OfferFactory(
        kind="subscription", triggers=["cart_view"], sources=[coffee], **SUBSCRIPTION_TERMS
    )

    preview = build_preview(offer)

    (choice,) = preview.decision.choices
    assert choice.product.id == coffee.pk and choice.source_line is not None
    assert preview.trigger is Trigger.CART_VIEW


def test_bundle_preview_offers_every_target_of_the_package():
    laptop = ProductFactory()
    parts = ProductFactory.create_batch(5)
    offer = OfferFactory(kind="bundle", sources=[laptop], targets=parts)

    preview = build_preview(offer)

    assert {c.product.id for c in preview.decision.choices} == {p.pk for p in parts}


def test_downsell_preview_on_item_removed_has_no_cart_line_to_replace():
    large, small = ProductFactory(price=Decimal("3000")), ProductFactory(price=Decimal("1000"))
    offer = OfferFactory(
        kind="downsell", triggers=["item_removed"], sources=[large], targets=[small]
    )

    preview = build_preview(offer)

    (choice,) = preview.decision.choices
    assert choice.source_line is None and choice.source_product.id == large.pk


def test_learned_cross_sell_preview_shows_sample_products_and_says_so():
    source = ProductFactory()
    others = ProductFactory.create_batch(2)
    offer = OfferFactory(kind="cross_sell", target_source="learned", sources=[source])

    preview = build_preview(offer)

    assert {c.product.id for c in preview.decision.choices} == {p.pk for p in others}
    assert all(c.because_of == source.pk for c in preview.decision.choices)
    assert any("sample products" in note for note in preview.notes)


def test_category_offer_preview_takes_a_product_of_that_category_as_source():
    coffee = CategoryFactory(slug="coffee")
    beans = ProductFactory(category=coffee)
    mug = ProductFactory()
    offer = OfferFactory(kind="cross_sell", source_categories="coffee", targets=[mug])

    preview = build_preview(offer)

    assert preview.decision.choices[0].source_product.id == beans.pk


def test_preview_uses_the_first_moment_the_offer_is_shown_at():
    offer = OfferFactory(triggers=["order_completed", "cart_view"])

    assert build_preview(offer).trigger is Trigger.CART_VIEW
