"""The dashboard in Django admin: staff only, permission-checked, numbers, verdicts and CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import (
    OfferEventFactory,
    OfferFactory,
    OfferVariantFactory,
    StaffUserFactory,
    UserFactory,
)
from upsell_app.analytics import dashboard
from upsell_app.analytics.recording import event_payload, write_events
from upsell_app.models import EventType

pytestmark = pytest.mark.django_db

URL = "/admin/upsell_app/dashboard/"


def shown(offer, variant, impressions, accepts):
    arm = {"variant_id": variant.pk}
    write_events(
        [event_payload(EventType.IMPRESSION, offer.pk, **arm) for _ in range(impressions)]
        + [event_payload(EventType.ACCEPT, offer.pk, **arm) for _ in range(accepts)]
    )


@pytest.fixture
def ab_test(settings):
    settings.UPSELL = {**settings.UPSELL, "AB_MIN_SAMPLE": 100}
    offer = OfferFactory(name="Card with camera")
    a = OfferVariantFactory(offer=offer, name="A")
    b = OfferVariantFactory(offer=offer, name="B")
    return offer, a, b


def test_dashboard_url_is_the_admin_changelist_of_the_dashboard_entry():
    assert reverse("admin:upsell_app_dashboard_changelist") == URL


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_non_staff_user_is_sent_to_the_admin_login(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_view_permission_gets_403(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403


def test_staff_with_the_view_permission_sees_the_dashboard(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_dashboard_shows_not_enough_data_until_the_minimum_sample(client, ab_test):
    offer, a, b = ab_test
    shown(offer, a, 60, 5)
    shown(offer, b, 60, 15)
    client.force_login(StaffUserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-verdict="not_enough_data"' in response.text
    assert "Not enough data yet" in response.text


def test_dashboard_shows_the_significance_verdict_with_enough_data(client, ab_test):
    offer, a, b = ab_test
    shown(offer, a, 400, 20)
    shown(offer, b, 400, 60)
    client.force_login(StaffUserFactory())
    response = client.get(URL)
    assert 'data-verdict="better"' in response.text
    assert "B is better than A" in response.text


def test_chart_data_is_embedded_as_json_not_html(client, ab_test):
    offer, a, _b = ab_test
    offer.name = "<script>alert(1)</script>"
    offer.save()
    shown(offer, a, 3, 1)
    client.force_login(StaffUserFactory())
    response = client.get(URL)
    assert '<script id="upsell-dashboard-data" type="application/json">' in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert response.context["chart_data"]["funnel"]["values"][0] == 3


def test_csv_export_lists_offers_and_variants(client, ab_test):
    offer, a, b = ab_test
    shown(offer, a, 400, 20)
    shown(offer, b, 400, 60)
    client.force_login(StaffUserFactory())
    response = client.get(URL + "export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    offer_row = next(r for r in rows if r["Section"] == "Offer")
    assert (offer_row["Offer"], offer_row["Impressions"], offer_row["Accepts"]) == (
        "Card with camera", "800", "80"
    )
    b_row = next(r for r in rows if r["Variant"] == "B")
    assert b_row["Take rate"] == "15.0%"
    assert b_row["Take rate verdict"].startswith("Better / B is better than A / +10.0 points")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    offer = OfferFactory(name="=HYPERLINK(\"http://evil\")")
    OfferEventFactory(offer=offer)
    client.force_login(StaffUserFactory())
    body = client.get(URL + "export.csv").content.decode()
    assert "'=HYPERLINK" in body


def test_kpis_compare_orders_with_and_without_an_accepted_offer():
    from django.utils import timezone

    from upsell_app.models import OrderOutcome

    now = timezone.now()
    OrderOutcome.objects.create(order_id="1", total=Decimal("6000"), had_accepted_offer=True,
                                ordered_at=now, customer_key="c1")
    OrderOutcome.objects.create(order_id="2", total=Decimal("4000"), had_accepted_offer=False,
                                ordered_at=now, customer_key="c2")
    OrderOutcome.objects.create(order_id="3", total=Decimal("2000"), had_accepted_offer=False,
                                ordered_at=now, customer_key="c2")
    kpis = dashboard.kpis(dashboard.Period.last_days(30))
    assert kpis.aov_with_offer == Decimal("6000") and kpis.aov_without_offer == Decimal("3000")
    # LTV = spend over 30 days scaled to a year x 30 % margin x 3 years (the stated defaults)
    assert kpis.ltv_with_offer == Decimal("65700")  # 6000 x 365/30 x 0.3 x 3
    assert kpis.ltv_without_offer == Decimal("65700")  # the same spend over two orders


def test_variant_revenue_per_visitor_is_compared_with_the_control_group(settings, ab_test):
    from django.utils import timezone

    from upsell_app.models import OrderExposure, OrderOutcome

    settings.UPSELL = {**settings.UPSELL, "AB_MIN_SAMPLE": 30}
    offer, a, _b = ab_test
    control = OfferVariantFactory(offer=offer, name="Holdout", is_control=True)
    now = timezone.now()
    for n in range(40):
        for arm, base in ((control, 4000), (a, 5000)):
            order = OrderOutcome.objects.create(
                order_id=f"{arm.pk}-{n}", total=Decimal(base + (n % 7) * 100), ordered_at=now
            )
            OrderExposure.objects.create(order=order, offer=offer, variant=arm,
                                         is_control=arm.is_control)
    rows = {r.name: r for r in dashboard.variant_rows(dashboard.Period.last_days(7))}
    assert rows["A"].rpv_verdict == "better"
    assert rows["A"].rpv_test.difference == pytest.approx(1000)
    assert rows["B"].rpv_verdict == "not_enough_data"  # no exposed shoppers yet


def test_revenue_per_visitor_counts_the_exposed_shoppers_who_bought_nothing(ab_test):
    from django.utils import timezone

    from upsell_app.models import OrderExposure, OrderOutcome

    offer, a, _b = ab_test
    write_events([
        event_payload(EventType.IMPRESSION, offer.pk, variant_id=a.pk, shopper_key=f"s{n}")
        for n in range(4) for _ in range(2)  # four shoppers, each shown it twice
    ])
    order = OrderOutcome.objects.create(
        order_id="1", shopper_key="s0", total=Decimal("6000"), ordered_at=timezone.now()
    )
    OrderExposure.objects.create(order=order, offer=offer, variant=a)
    rows = {r.name: r for r in dashboard.variant_rows(dashboard.Period.last_days(7))}
    assert rows["A"].visitors.n == 4
    assert rows["A"].revenue_per_visitor == 1500  # one order of 6,000 over four shoppers


def test_variant_revenue_is_what_its_accepts_added_not_the_lines_full_price(ab_test):
    from django.utils import timezone

    from upsell_app.models import Attribution, OrderOutcome

    offer, a, _b = ab_test
    now = timezone.now()
    order = OrderOutcome.objects.create(order_id="1", total=Decimal("104800"), ordered_at=now)
    Attribution.objects.create(offer=offer, variant=a, order=order, line_key="a", product_id=1,
                               revenue=Decimal("104800"), incremental=Decimal("15000"),
                               ordered_at=now)
    rows = {r.name: r for r in dashboard.variant_rows(dashboard.Period.last_days(7))}
    assert rows["A"].revenue == Decimal("15000")


def test_dashboard_lists_offers_paused_by_the_guard(client, settings):
    settings.UPSELL = {**settings.UPSELL, "GUARD_WINDOW": 10}
    offer = OfferFactory(name="Pushy warranty")
    write_events([event_payload(EventType.IMPRESSION, offer.pk) for _ in range(10)])
    write_events([event_payload(EventType.DECLINE, offer.pk) for _ in range(10)])
    client.force_login(StaffUserFactory())
    response = client.get(URL)
    assert "Paused by the pushiness guard" in response.text
    assert "Paused automatically: 100% of the last 10 impressions were declined" in response.text


def test_variant_admin_saves_timing_chosen_as_checkboxes(client):
    from upsell_app.models import OfferVariant

    offer = OfferFactory(triggers=["add_to_cart", "cart_view"])
    client.force_login(StaffUserFactory())
    response = client.post(
        "/admin/upsell_app/offervariant/add/",
        {"offer": offer.pk, "name": "At the cart", "weight": 2, "is_active": "on",
         "triggers": ["cart_view"]},
    )
    assert response.status_code == 302
    assert OfferVariant.objects.get().triggers == ["cart_view"]


def test_headline_is_the_incremental_revenue_with_downsells_kept_apart(client):
    from django.utils import timezone

    from upsell_app.models import Attribution, OrderOutcome

    now = timezone.now()
    order = OrderOutcome.objects.create(order_id="9", total=Decimal("204600"),
                                        had_accepted_offer=True, ordered_at=now)
    offer = OfferFactory(name="Bigger phone")
    lines = (("a", "104800", "15000", "0"), ("b", "100000", "0", "100000"))
    for key, revenue, added, kept in lines:
        Attribution.objects.create(offer=offer, order=order, line_key=key, product_id=1,
                                   revenue=Decimal(revenue), incremental=Decimal(added),
                                   kept=Decimal(kept), ordered_at=now)
    client.force_login(StaffUserFactory())
    cards = {card["label"]: card["value"] for card in client.get(URL).context["kpi_cards"]}
    assert cards["Incremental revenue"] == "¥15,000"  # not the lines' full ¥204,800
    assert cards["Kept by downsells"] == "¥100,000"


def test_offer_table_shows_what_each_offer_added_not_its_lines_full_price():
    from django.utils import timezone

    from upsell_app.analytics.admin import offer_table
    from upsell_app.models import Attribution, OrderOutcome

    now = timezone.now()
    order = OrderOutcome.objects.create(order_id="10", total=Decimal("104800"),
                                        had_accepted_offer=True, ordered_at=now)
    offer = OfferFactory(name="Bigger phone")
    Attribution.objects.create(offer=offer, order=order, line_key="a", product_id=1,
                               revenue=Decimal("104800"), incremental=Decimal("15000"),
                               ordered_at=now)
    [row] = offer_table(dashboard.offer_rows(dashboard.Period.last_days(30)))
    assert (row["incremental"], row["revenue"]) == ("¥15,000", "¥104,800")


def test_an_arms_returning_customers_bring_their_earlier_spend_for_cuped(ab_test):
    from datetime import timedelta

    from django.utils import timezone

    from upsell_app.models import OrderOutcome

    offer, a, _b = ab_test
    customer = UserFactory()
    write_events([
        event_payload(EventType.IMPRESSION, offer.pk, variant_id=a.pk, shopper_key="s1",
                      customer_id=customer.pk),
        event_payload(EventType.IMPRESSION, offer.pk, variant_id=a.pk, shopper_key="s2"),
    ])
    OrderOutcome.objects.create(order_id="old", visitor_id=f"u:{customer.pk}",
                                total=Decimal("8000"),
                                ordered_at=timezone.now() - timedelta(days=20))
    rows = {r.name: r for r in dashboard.variant_rows(dashboard.Period.last_days(7))}
    assert (rows["A"].visitors.n, rows["A"].visitors.x) == (2, 8000)
