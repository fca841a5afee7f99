"""Order history and "often bought together" in a shop keyed by UUIDs or string codes: the
matrices count dense indices, the shop only ever sees its own keys."""

from __future__ import annotations

from upsell_app.associations import history, refresh, storage
from upsell_app.models import PurchaseLine

LEARN_FROM_TWO = {"ASSOCIATIONS_MIN_SUPPORT": 0, "ASSOCIATIONS_MIN_COUNT": 1}


def _orders(shelf, pairs: list[tuple[str, str]]) -> None:
    for n, (a, b) in enumerate(pairs):
        history.record_order(
            f"K-{n}", [history.OrderLine(shelf.key(a)), {"product_id": str(shelf.key(b))}]
        )


def test_history_keeps_each_line_under_the_products_own_key(shelf):
    _orders(shelf, [("teapot", "towel")])

    assert set(PurchaseLine.objects.values_list("product_id", flat=True)) == {
        shelf.key("teapot"),
        shelf.key("towel"),
    }


def test_partners_learned_from_orders_are_named_by_the_shops_keys(shelf, settings):
    settings.UPSELL = {**settings.UPSELL, **LEARN_FROM_TWO}
    _orders(shelf, [("teapot", "towel")] * 3 + [("teapot", "sencha"), ("dripper", "filters")])

    refresh.full_rebuild()

    partners = storage.get_partners_for([shelf.key("teapot"), shelf.key("kettle")])
    assert [p.product_id for p in partners[shelf.key("teapot")]][:2] == [
        shelf.key("towel"),
        shelf.key("sencha"),
    ]
    assert partners[shelf.key("kettle")] == ()


def test_a_new_order_folds_into_the_partners_incrementally(shelf, settings):
    settings.UPSELL = {**settings.UPSELL, **LEARN_FROM_TWO}
    _orders(shelf, [("teapot", "towel")])
    refresh.full_rebuild()

    late = [history.OrderLine(shelf.key("dripper")), history.OrderLine(shelf.key("filters"))]
    history.record_order("K-late", late)
    refresh.incremental_update()

    partners = storage.get_partners_for([shelf.key("dripper")])[shelf.key("dripper")]
    assert [p.product_id for p in partners] == [shelf.key("filters")]


def test_a_history_backfill_records_the_orders_under_the_shops_keys(shelf):
    from django.utils import timezone

    from upsell_app.models import ProductKeyIndex

    orders = [
        history.OrderRecord(
            "B-1",
            (history.OrderLine(shelf.key("teapot")), history.OrderLine(shelf.key("towel"))),
            timezone.now(),
        )
    ]

    assert history.record_orders(orders) == 2
    assert history.record_orders(orders) == 0
    assert set(PurchaseLine.objects.values_list("product_id", flat=True)) == {
        shelf.key("teapot"),
        shelf.key("towel"),
    }
    assert ProductKeyIndex.objects.count() == 2
