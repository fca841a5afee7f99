"""The app's admin lists speak the shop owner's language: every column header, filter title, filter
choice and value is in Japanese (a translation with Japanese in the catalogue), and values read as
prices, products and shoppers, not as raw decimals, ids and keys. The offer form of each kind
speaks Japanese, without developer wording. The dashboard's CSV opens in Japanese Excel (UTF-8
with a BOM) with headers in the admin's language.

The admins are found from the admin site's registry, not from a hand-kept list: a model a later
change registers is checked too.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.db.models import DecimalField
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

from tests.factories import (
    OfferAcceptanceFactory,
    OfferEventFactory,
    OfferFactory,
    OfferVariantFactory,
    ProductFactory,
    SpendThresholdFactory,
    UserFactory,
)
from upsell_app.adjustments import store
from upsell_app.associations.history import record_order
from upsell_app.associations.refresh import refresh
from upsell_app.models import (
    FollowUp,
    FollowUpMail,
    MailConsent,
    OfferDecline,
    OfferPause,
    ReplenishmentInterval,
    SubscriptionConsent,
)

pytestmark = pytest.mark.django_db

APP = "upsell_app"


def app_admins() -> list[tuple[type, admin.ModelAdmin]]:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label == APP
        ),
        key=lambda pair: pair[0]._meta.model_name,
    )


def untranslated(label: object) -> str | None:
    """Why a header is not a Japanese translation, or ``None`` when it is one."""
    if not isinstance(label, Promise):
        return f"{label!r} is a fixed string, not gettext_lazy"
    msgid = getattr(label, "_args", (None,))[0]
    if not isinstance(msgid, str):
        return None  # a lazy format of translated parts, not a plain gettext_lazy
    catalog = trans_real.translation("ja")._catalog
    if msgid not in catalog or not catalog[msgid]:
        return f"{msgid!r} has no Japanese in the catalogue"
    return None


def header_problems(model: type, model_admin: admin.ModelAdmin) -> list[str]:
    problems = []
    for name in model_admin.list_display:
        if name in ("__str__", "action_checkbox"):
            continue
        label = label_for_field(name, model, model_admin)
        why = untranslated(label)
        if why:
            problems.append(f"{model.__name__} column {name}: {why}")
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            label = model._meta.get_field(entry).verbose_name
        elif isinstance(entry, tuple):
            label = model._meta.get_field(entry[0]).verbose_name
        else:
            label = entry.title
        why = untranslated(label)
        if why:
            problems.append(f"{model.__name__} filter {entry}: {why}")
    return problems


def test_every_column_header_and_filter_title_of_the_app_admin_has_japanese():
    problems = [p for model, ma in app_admins() for p in header_problems(model, ma)]

    assert problems == []


def test_every_field_the_app_admin_shows_has_a_japanese_verbose_name():
    problems = []
    for model, _model_admin in app_admins():
        if model._meta.proxy:
            continue  # the dashboard shows no fields of its own
        for field in model._meta.get_fields():
            if field.auto_created or not field.concrete:
                continue
            why = untranslated(field.verbose_name)
            if why:
                problems.append(f"{model.__name__}.{field.name}: {why}")

    assert problems == []


def test_products_means_products_not_a_count_in_japanese():
    with translation.override("ja"):
        assert translation.gettext("products") == "商品"


# -- the rendered lists ----------------------------------------------------------------------------
@pytest.fixture
def records(settings):
    """One row for every list of the app's admin, with a product, a member and a guest."""
    settings.UPSELL = {**settings.UPSELL, "CURRENCY_SYMBOL": "¥", "PRICE_DECIMAL_PLACES": 0}
    member = UserFactory()
    card = ProductFactory(name="メモリーカード 128GB")
    offer = OfferFactory(name="カードのご提案", kind="downsell")
    OfferVariantFactory(offer=offer, name="A")
    OfferEventFactory(offer=offer)
    guest_acceptance = OfferAcceptanceFactory(
        offer=offer, product_id=card.pk, unit_price=Decimal("1200"), value=Decimal("-297.00"),
        cart_key="s:1577cbf0e2aa41d9c0a5d4b0f1e2d3c4b5a69788",
    )
    member_acceptance = OfferAcceptanceFactory(
        offer=offer, product_id=card.pk, user=member, value=Decimal("1200"),
        cart_key=f"cart-of-{member.pk}",
    )
    store.record_line(
        guest_acceptance, guest_acceptance.cart_key, line_id="1", product_id=card.pk,
        unit_price=Decimal("1200"), label="ご提案価格",
    )
    store.record_set_discount(
        guest_acceptance, guest_acceptance.cart_key, key="set", amount=Decimal("297"),
        label="セット割引", members=[("1", card.pk)],
    )
    SubscriptionConsent.objects.create(
        acceptance=member_acceptance, language="ja", terms=[], terms_digest="0" * 64,
        price_per_delivery=Decimal("1512"),
    )
    OfferDecline.objects.create(user=member, offer=offer)
    SpendThresholdFactory(code="t1", benefit="送料無料", benefit_ja="送料無料")
    OfferPause.objects.create(
        offer=offer, decline_rate=0.6, window=50, threshold=0.5, reason="60%"
    )
    record_order(
        "HM-1", [{"product_id": card.pk, "quantity": 1, "unit_price": Decimal("1200")}],
        customer_key=f"user:{member.pk}", ordered_at=timezone.now(),
    )
    record_order(
        "HM-2", [{"product_id": card.pk, "quantity": 1, "unit_price": Decimal("1200")},
                 {"product_id": ProductFactory(name="ケース").pk, "quantity": 1,
                  "unit_price": Decimal("500")}],
        customer_key="guest:1577cbf0e2aa", ordered_at=timezone.now(),
    )
    follow_up = FollowUp.objects.create(offer=offer, moment="after_delivery", days=7)
    ReplenishmentInterval.objects.create(product_id=card.pk, days=30)
    MailConsent.objects.create(
        customer_key=f"user:{member.pk}", email="hanako@example.jp", language="ja",
        wording="メールを受け取る", wording_digest="0" * 64, source="checkout",
    )
    FollowUpMail.objects.create(
        follow_up=follow_up, customer_key=f"user:{member.pk}", reference="order:HM-1",
        about_at=timezone.now(), product_id=card.pk, due_at=timezone.now(),
    )
    refresh(mode="full")
    return {"member": member, "card": card}


def japanese(client):
    client.cookies["django_language"] = "ja"
    return client


HEADER = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)
FILTER_TITLE = re.compile(r"<summary>(.*?)</summary>", re.S)
CELL = re.compile(r'<t[dh] class="field-([^" ]*)[^"]*"[^>]*>(.*?)</t[dh]>', re.S)
TAG = re.compile(r"<[^>]+>")


def texts(pattern: re.Pattern, html: str) -> list[str]:
    return [" ".join(unescape(TAG.sub(" ", m)).split()) for m in pattern.findall(html)]


def changelists():
    return [
        reverse(f"admin:{APP}_{model._meta.model_name}_changelist")
        for model, _ma in app_admins()
        if not model._meta.proxy
    ]


#: An English word in a header or filter title (the checkbox column's header is empty).
ENGLISH_WORD = re.compile(r"\b(?!ID\b)[A-Za-z]{2,}\b")
RAW_DECIMAL = re.compile(r"^-?\d+\.\d+$")
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
RAW_SHOPPER = re.compile(r"^(s|u|user|guest|order):")


def test_every_list_of_the_app_admin_renders_headers_and_filters_in_japanese(
    admin_client, records
):
    client = japanese(admin_client)
    english = []
    for url in changelists():
        html = client.get(url).content.decode()
        assert 'class="action-checkbox"' in html or "<tbody>" in html, f"{url}: no row"
        for text in texts(HEADER, html) + texts(FILTER_TITLE, html):
            if ENGLISH_WORD.search(text):
                english.append(f"{url}: {text}")

    assert english == []


def test_no_list_of_the_app_admin_shows_a_raw_decimal_or_shopper_key(admin_client, records):
    client = japanese(admin_client)
    raw = []
    for model, _ma in app_admins():
        if model._meta.proxy:
            continue
        amounts = {f.name for f in model._meta.fields if isinstance(f, DecimalField)}
        url = reverse(f"admin:{APP}_{model._meta.model_name}_changelist")
        html = client.get(url).content.decode()
        for name, cell in CELL.findall(html):
            text = " ".join(unescape(TAG.sub(" ", cell)).split())
            if (name in amounts and RAW_DECIMAL.match(text)) or RAW_SHOPPER.match(text):
                raw.append(f"{url} {name}: {text}")

    assert raw == []


def test_accepted_offers_show_the_product_by_name_and_the_value_as_a_price(admin_client, records):
    html = japanese(admin_client).get(reverse("admin:upsell_app_offeracceptance_changelist"))
    text = html.content.decode()

    assert "メモリーカード 128GB" in text
    assert "-¥297" in text and "¥1,200" in text


def test_shoppers_are_shown_as_member_or_guest(admin_client, records):
    member = records["member"]
    client = japanese(admin_client)
    acceptances = client.get(reverse("admin:upsell_app_offeracceptance_changelist")).content
    lines = client.get(reverse("admin:upsell_app_purchaseline_changelist")).content

    assert "ゲスト 1577cb" in acceptances.decode()
    assert f"会員 #{member.pk}" in acceptances.decode()
    assert f"会員 #{member.pk}" in lines.decode()


def test_a_consent_names_its_language_in_the_admins_language(admin_client, records):
    html = japanese(admin_client).get(reverse("admin:upsell_app_subscriptionconsent_changelist"))

    assert '<td class="field-language_name">日本語</td>' in html.content.decode()


def test_product_names_are_read_once_per_page_not_once_per_row(
    admin_client, records, django_assert_max_num_queries
):
    card = records["card"]
    for n in range(10):
        OfferAcceptanceFactory(offer=OfferFactory(), product_id=card.pk, idempotency_key=f"k{n}")
    client = japanese(admin_client)
    url = reverse("admin:upsell_app_offeracceptance_changelist")
    client.get(url)  # session, permissions and content types warm up
    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.content.decode().count("メモリーカード 128GB") >= 12


# -- the dashboard's CSV ---------------------------------------------------------------------------
def export(client) -> bytes:
    response = client.get(reverse("admin:upsell_app_dashboard_export"))
    assert response.status_code == 200
    return response.content


def test_the_csv_starts_with_a_utf8_byte_order_mark_for_excel(admin_client, records):
    assert export(admin_client)[:3] == b"\xef\xbb\xbf"


def test_the_csv_headers_are_in_the_admins_language(admin_client, records):
    body = export(japanese(admin_client))
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

    assert header[:4] == ["区分", "ご提案", "バリエーション", "表示回数"]
    assert not [h for h in header if ENGLISH_WORD.search(h)]


def test_the_csv_rows_name_the_offer_in_the_admins_language(admin_client, records):
    body = export(japanese(admin_client))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]

    assert ["ご提案", "カードのご提案"] in [row[:2] for row in rows]



# -- every value, not only the headers -------------------------------------------------------------
FILTER_CHOICE = re.compile(r'<li[^>]*>\s*<a [^>]*href="\?[^"]*"[^>]*>(.*?)</a>', re.S)
#: Values that are the shop's own references, not words: order numbers such as "HM-1".
ORDER_NUMBER = re.compile(r"^[A-Z]{1,4}-\d+$")


def filter_choices(html: str) -> list[str]:
    panel = html.split('id="changelist-filter"', 1)
    return texts(FILTER_CHOICE, panel[1]) if len(panel) == 2 else []


def test_every_filter_choice_of_the_app_admin_is_in_japanese(admin_client, records):
    client = japanese(admin_client)
    english = []
    for url in changelists():
        html = client.get(url).content.decode()
        for text in filter_choices(html):
            if ENGLISH_WORD.search(text):
                english.append(f"{url}: {text}")

    assert english == []


def test_every_value_in_every_list_of_the_app_admin_is_in_japanese(admin_client, records):
    # The records' own data (products, offers, labels) is Japanese: an English word in a cell is
    # the app's, left untranslated (a choice shown by its code, a fixed string, a raw key).
    client = japanese(admin_client)
    english = []
    for url in changelists():
        html = client.get(url).content.decode()
        for name, cell in CELL.findall(html):
            text = " ".join(unescape(TAG.sub(" ", cell)).split())
            if ORDER_NUMBER.match(text) or EMAIL_ADDRESS.match(text):
                continue  # the shop's order numbers and the shoppers' addresses are data
            if ENGLISH_WORD.search(text):
                english.append(f"{url} {name}: {text}")

    assert english == []


# -- the offer's form ------------------------------------------------------------------------------
FORM_TEXT = re.compile(
    r'<(?:label|h2|legend)[^>]*>(.*?)</(?:label|h2|legend)>'
    r'|<(?:div|p) class="(?:help|description)"[^>]*>(.*?)</(?:div|p)>'
    r'|<button type="button" class="button upsell-insert"[^>]*>(.*?)</button>',
    re.S,
)
#: Names that stay as they are in Japanese: the English tab's own name, keys on the keyboard.
KEY_NAMES = re.compile(r"English|Control|Command|Mac")
#: Developer wording the owner cannot act on, in either language.
DEVELOPER_WORDS = re.compile(r"UPSELL|アダプター|adapter|z 検定|\{[a-z_]+\}")


@pytest.mark.parametrize("kind", ["upsell", "cross_sell", "bundle", "subscription", "downsell"])
def test_the_offer_form_of_each_kind_speaks_japanese_in_the_owners_words(admin_client, kind):
    html = japanese(admin_client).get(
        reverse("admin:upsell_app_offer_add") + f"?kind={kind}"
    ).content.decode()
    shown = [
        " ".join(unescape(TAG.sub(" ", "".join(parts))).split())
        for parts in FORM_TEXT.findall(html)
    ]

    english = [t for t in shown if ENGLISH_WORD.search(KEY_NAMES.sub("", t))]
    jargon = [t for t in shown if DEVELOPER_WORDS.search(t)]
    assert shown
    assert english == []
    assert jargon == []
