"""Next to each learned list the admin reads the fit rule and which partners it leaves out."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from shop_demo.shop.models import Product
from upsell_app.associations import storage
from upsell_app.models import ProductPartners

pytestmark = pytest.mark.django_db


@pytest.fixture
def learned_lists():
    call_command("load_demo", verbosity=0)
    call_command("demo_order_history", orders=1500, verbosity=0)
    call_command("upsell_associations", "--full", "--no-progress", verbosity=0)
    return ProductPartners.objects.filter(storage.valid_at(storage.current_generation_id()))


def test_learned_list_page_explains_the_fit_rule_and_names_what_it_leaves_out(
    admin_client, learned_lists
):
    earbuds = Product.objects.get(slug="nami-earbuds")
    row = learned_lists.get(product_id=earbuds.pk)
    lifts = {r["product_id"]: r["lift"] for r in storage.partner_table(earbuds.pk)}
    partners = Product.objects.filter(pk__in=lifts)
    misfits = [
        p
        for p in partners
        if lifts[p.pk] <= 1.0
        or (p.family and p.family == earbuds.family)
        or (p.category_id == earbuds.category_id and lifts[p.pk] < 1.5)
        or p.price > 3 * earbuds.price
    ]
    fits = [p for p in partners if p not in misfits]
    assert misfits and fits, "the demo history pairs earbuds with both kinds"

    response = admin_client.get(
        reverse("admin:upsell_app_productpartners_change", args=[row.pk])
    )

    html = response.content.decode()
    assert "more often than chance (lift above 1)" in html
    assert "at most 3 times the item it is shown with" in html
    explained = html[html.index("more often than chance") :]
    for product in misfits:
        assert f"{escape(product.name)}: left out:" in explained
    for product in fits:
        assert f"{escape(product.name)}: left out:" not in explained
