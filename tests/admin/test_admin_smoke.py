"""Every admin page of the app opens for staff, on the demo's real data, in English and Japanese.

The pages are found from the admin's own URL patterns, not from a hand-kept list: a page a later
change adds is opened too (and the test says so when it has no row to open it on). Django's admin
turns some errors of a display function into "-" (a read-only field that raises ``ValueError``, a
list cell that raises ``ObjectDoesNotExist``), so every display function is also called directly
on every row, where an error cannot hide.

When you register a new model of the app in the admin, give it a row in :func:`smoke_data`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import lookup_field
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import models
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse
from django.utils import timezone

from tests.factories import UserFactory
from upsell_app.adjustments import store
from upsell_app.models import (
    FollowUp,
    FollowUpMail,
    MailConsent,
    Offer,
    OfferAcceptance,
    OfferDecline,
    OfferKind,
    OfferPause,
    ReplenishmentInterval,
    SubscriptionConsent,
)

pytestmark = pytest.mark.django_db

APP = "upsell_app"
#: Rows whose change (and history, delete) pages are opened, per model; every offer is opened.
ROWS_PER_MODEL = 3
ROWS_FOR_DISPLAY_FUNCTIONS = 50


@pytest.fixture
def smoke_data() -> None:
    """The demo shop's catalogue and offers, order history, associations, simulated traffic, and
    one record of each kind a shopper leaves (acceptance, decline) or the guard makes (a pause)."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("demo_order_history", orders=200, refresh=True, stdout=out)
    call_command("upsell_simulate_traffic", days=2, shoppers_per_day=20, stdout=out)
    for offer in Offer.objects.all():
        acceptance = OfferAcceptance.objects.create(
            offer=offer,
            kind=offer.kind,
            shopper_key=f"shopper-{offer.pk}",
            idempotency_key=f"key-{offer.pk}",
            product_id=offer.target_products.values_list("pk", flat=True).first() or 1,
            unit_price=Decimal("1200"),
            value=Decimal("1200"),
        )
        if offer.kind == OfferKind.SUBSCRIPTION:
            SubscriptionConsent.objects.create(
                acceptance=acceptance,
                language="ja",
                terms=[{"key": "total", "label": "支払総額", "value": "¥5,049", "lang": "ja"}],
                terms_digest="0" * 64,
            )
    # What the app keeps for a cart (a line's agreed price, a set discount), and an order that
    # was charged other than agreed.
    acceptance = OfferAcceptance.objects.order_by("pk").first()
    store.record_line(
        acceptance, "s:smoke", line_id="1", product_id=acceptance.product_id,
        unit_price=Decimal("1200"), label="Offer price",
    )
    store.record_set_discount(
        acceptance, "s:smoke", key="upsell-bundle-smoke", amount=Decimal("500"), label="Set",
        members=[("1", acceptance.product_id), ("2", 2)],
    )
    OfferAcceptance.objects.filter(pk=acceptance.pk).update(
        order_id="HM-SMOKE", order_mismatch="product 1 was charged 1500, agreed 1200"
    )
    shopper = UserFactory(username="hesitant")
    first = Offer.objects.order_by("pk").first()
    OfferDecline.objects.create(user=shopper, offer=first)
    OfferPause.objects.create(
        offer=first,
        decline_rate=0.6,
        window=50,
        threshold=0.5,
        reason="Declined by 60% of the last 50 shoppers.",
    )
    OfferPause.objects.create(
        offer=first,
        paused_at=timezone.now() - timezone.timedelta(days=3),
        decline_rate=0.7,
        window=50,
        threshold=0.5,
        reason="Declined by 70% of the last 50 shoppers.",
        resolved_at=timezone.now() - timezone.timedelta(days=1),
    )
    # Follow-up mail: a moment, an interval the admin set, a consent and a mail it queued.
    follow_up = FollowUp.objects.create(offer=first, moment="after_delivery", days=7)
    ReplenishmentInterval.objects.create(product_id=acceptance.product_id, days=30)
    MailConsent.objects.create(
        customer_key="smoke", email="smoke@example.com", language="ja",
        wording="メールを受け取る", wording_digest="0" * 64, source="checkout",
    )
    FollowUpMail.objects.create(
        follow_up=follow_up, customer_key="smoke", reference="order:HM-SMOKE",
        about_at=timezone.now(), product_id=acceptance.product_id, due_at=timezone.now(),
    )


def app_admins() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label == APP
        ),
        key=lambda pair: pair[0]._meta.model_name,
    )


def staff_request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def rows_to_open(model: type[models.Model], model_admin: admin.ModelAdmin, request: Any) -> list:
    rows = model_admin.get_queryset(request)
    if model is Offer:
        return list(rows)  # every offer: all five kinds, each with its own form and preview
    return list(rows[:ROWS_PER_MODEL])


def page_urls(user: Any) -> tuple[list[tuple[str, str, int]], list[str]]:
    """``(url name, url, expected status)`` of every page of the app's admin, and the models
    that have no row to open their per-row pages on."""
    request = staff_request(user)
    pages = [("admin:index", reverse("admin:index"), 200)]
    pages.append(("admin:app_list", reverse("admin:app_list", args=[APP]), 200))
    missing_rows = []
    for model, model_admin in app_admins():
        rows = rows_to_open(model, model_admin, request)
        for pattern in model_admin.urls:
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue  # the bare "<id>/" redirect to the change page
            name = f"admin:{pattern.name}"
            if name.endswith("_delete_translation"):  # parler: per row and language
                pages += [
                    (name, reverse(name, args=[row.pk, code]), 200)
                    for row in rows
                    for code in row.get_available_languages()
                ]
                continue
            if "object_id" not in pattern.pattern.converters:
                pages.append((name, reverse(name), expected(model_admin, pattern.name, request)))
                continue
            if not rows:
                missing_rows.append(model._meta.label)
                continue
            for row in rows:
                url = reverse(name, kwargs={"object_id": row.pk})
                pages.append((name, url, expected(model_admin, pattern.name, request, row)))
        if model is Offer:
            add = reverse("admin:upsell_app_offer_add")
            pages += [
                ("admin:upsell_app_offer_add", f"{add}?kind={kind}", 200)
                for kind in OfferKind.values
            ]
    return pages, sorted(set(missing_rows))


def expected(model_admin: admin.ModelAdmin, url_name: str, request: Any, row: Any = None) -> int:
    """200, or 403 where the admin itself says staff may not (records are read-only), or 405
    for an address that only takes a POST (duplicating an offer: a link followed twice must not
    copy twice)."""
    if url_name.endswith("_duplicate"):
        return 405
    if url_name.endswith("_add"):
        return 200 if model_admin.has_add_permission(request) else 403
    if url_name.endswith("_delete"):
        return 200 if model_admin.has_delete_permission(request, row) else 403
    return 200


def in_language(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    return client


SIDEBAR_LINK = re.compile(r'<a [^>]*href="(\?[^"]*)"')


def changelist_variants(html: str) -> set[str]:
    """The query strings a changelist links to: filters, sorting, date drill-down, pages."""
    return {link.replace("&amp;", "&") for link in SIDEBAR_LINK.findall(html)}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_admin_page_of_the_app_opens_for_staff(
    admin_client, admin_user, smoke_data, language
):
    client = in_language(admin_client, language)
    pages, missing_rows = page_urls(admin_user)
    failures = []
    opened_names = set()
    for name, url, status in pages:
        response = client.get(url)
        opened_names.add(name)
        if response.status_code != status:
            failures.append(f"{url}: {response.status_code}, expected {status}")
            continue
        is_page = "text/html" in response["Content-Type"]
        # Filters and sorting run the same code in every language: once is enough.
        if language == "en" and name.endswith("_changelist") and status == 200 and is_page:
            for query in changelist_variants(response.content.decode()):
                variant = client.get(url + query)
                if variant.status_code != 200:
                    failures.append(f"{url}{query}: {variant.status_code}")

    assert failures == []
    assert missing_rows == [], "give these models a row in smoke_data()"
    assert {"admin:upsell_app_offer_preview", "admin:upsell_app_dashboard_export"} <= opened_names


def test_the_change_form_and_preview_of_each_kind_of_offer_are_opened(admin_user, smoke_data):
    pages, _missing = page_urls(admin_user)
    offers = {o.pk: o.kind for o in Offer.objects.all()}
    kinds_changed = {
        offers[_pk_in(url)] for name, url, _s in pages if name == "admin:upsell_app_offer_change"
    }
    kinds_previewed = {
        offers[_pk_in(url)] for name, url, _s in pages if name == "admin:upsell_app_offer_preview"
    }

    assert kinds_changed == set(OfferKind.values)
    assert kinds_previewed == set(OfferKind.values)


def _pk_in(url: str) -> int:
    return int(re.search(r"/offer/(\d+)/", url).group(1))


def test_the_dashboard_csv_export_is_a_csv_with_the_offers(admin_client, smoke_data):
    response = admin_client.get(reverse("admin:upsell_app_dashboard_export"))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    lines = body.decode("utf-8-sig").splitlines()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("Section,Offer,Variant")
    assert sum(line.startswith("Offer,") for line in lines) == Offer.objects.count()


def display_functions(model: type[models.Model], model_admin: admin.ModelAdmin, request, row):
    """Names in list_display and readonly_fields that are computed, not a plain model field."""
    names = [*model_admin.get_list_display(request), *model_admin.get_readonly_fields(request, row)]
    computed = []
    for name in dict.fromkeys(names):
        if callable(name):
            computed.append(name)
            continue
        if name == "__str__":
            computed.append(name)
            continue
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            computed.append(name)
    return computed


def test_every_display_function_of_the_app_admin_works_on_every_row(admin_user, smoke_data):
    request = staff_request(admin_user)
    failures = []
    called = 0
    for model, model_admin in app_admins():
        for row in model_admin.get_queryset(request)[:ROWS_FOR_DISPLAY_FUNCTIONS]:
            for name in display_functions(model, model_admin, request, row):
                try:
                    lookup_field(name, row, model_admin)  # raises what the admin would hide
                except Exception as exc:  # noqa: BLE001 - every failure is reported
                    failures.append(f"{model._meta.label} #{row.pk} {name}: {exc!r}")
                called += 1

    assert failures == []
    assert called > 100
