"""The associations' admin: per product, its partners by name with count, support, confidence,
lift and score, as the generation in service has them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ProductFactory
from upsell_app.associations import history, refresh, storage
from upsell_app.models import ProductPartners

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought_together(settings):
    """A camera bought with a memory card in three orders, with a strap in one."""
    settings.UPSELL = {**settings.UPSELL, "ASSOCIATIONS_MIN_COUNT": 1}
    camera = ProductFactory(name="Kumo Camera")
    card = ProductFactory(name="Kumo Memory Card")
    strap = ProductFactory(name="Leather Strap")
    for n in range(3):
        history.record_order(f"o{n}", [history.OrderLine(camera.pk), history.OrderLine(card.pk)])
    history.record_order("o3", [history.OrderLine(camera.pk), history.OrderLine(strap.pk)])
    assert refresh.refresh("full").status == "succeeded"
    return camera, card, strap


def row_of(product) -> ProductPartners:
    gen = storage.current_generation_id()
    return ProductPartners.objects.filter(storage.valid_at(gen)).get(product_id=product.pk)


def test_partner_list_names_each_product_and_its_top_partners(admin_client, bought_together):
    camera, card, strap = bought_together

    response = admin_client.get(reverse("admin:upsell_app_productpartners_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Kumo Camera (#{camera.pk})" in html
    assert "Kumo Memory Card (3), Leather Strap (1)" in html


def test_partner_detail_page_shows_the_table_with_names_and_measures(
    admin_client, bought_together
):
    camera, card, strap = bought_together
    url = reverse("admin:upsell_app_productpartners_change", args=[row_of(camera).pk])

    response = admin_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    card_row = f"<tr><td>{card.pk}</td><td>Kumo Memory Card</td><td>3</td><td>0.7500</td>"
    assert card_row in html
    assert f"<td>{strap.pk}</td><td>Leather Strap</td><td>1</td><td>0.2500</td>" in html
    assert f"Kumo Camera (#{camera.pk})" in html


def test_a_partner_the_catalogue_no_longer_has_keeps_its_id(admin_client, bought_together):
    camera, card, strap = bought_together
    strap_id = strap.pk
    strap.delete()

    response = admin_client.get(reverse("admin:upsell_app_productpartners_changelist"))

    html = response.content.decode()
    assert f"#{strap_id} (1)" in html
    assert f"#{strap_id} (not in the catalogue)" in html
