"""History, refresh and serving through the database and the cache."""

from __future__ import annotations

import uuid
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upsell_app.associations import history, mining, refresh, state, storage, topk
from upsell_app.models import AssociationGeneration, AssociationRun, PurchaseLine

from .conftest import make_orders, record

pytestmark = pytest.mark.django_db


def stored_lists() -> dict[int, tuple]:
    return storage.current_lists()


def test_recording_an_order_twice_is_idempotent():
    lines = [history.OrderLine(5, 2, Decimal("120")), {"product_id": 6, "quantity": 1}]
    assert history.record_order("A-1", lines, customer_key="c1") == 2
    assert history.record_order("A-1", lines, customer_key="c1") == 0
    assert PurchaseLine.objects.count() == 2
    assert PurchaseLine.objects.get(product_id=5).unit_price == Decimal("120")


def test_the_same_product_on_two_lines_is_one_row_with_summed_quantity():
    history.record_order("A-2", [history.OrderLine(5, 2), history.OrderLine(5, 3)])
    assert PurchaseLine.objects.get(order_id="A-2").quantity == 5


def test_order_completed_signal_records_history():
    from upsell_app.signals import order_completed

    order_completed.connect(history.on_order_completed, dispatch_uid="test-history")
    try:
        order_completed.send(
            sender=None,
            request=None,
            order_id="S-1",
            lines=[history.OrderLine(1), history.OrderLine(2)],
            customer_key="x",
        )
    finally:
        order_completed.disconnect(dispatch_uid="test-history")
    assert set(PurchaseLine.objects.values_list("product_id", flat=True)) == {1, 2}


def test_full_rebuild_matches_in_memory_mining(assoc_settings):
    orders = make_orders(60)
    record(orders)
    result = refresh.refresh("full")
    assert result.status == "succeeded" and result.orders_read == 60
    keys = np.repeat(np.arange(len(orders)), [len(set(o[1])) for o in orders])
    pids = np.concatenate([sorted(set(o[1])) for o in orders])
    expected = topk.top_k(mining.count_baskets(keys, pids), 5, 1).as_dict()
    got = {p: lst for p, (_, lst) in stored_lists().items() if lst}
    assert got == expected
    run = AssociationRun.objects.get()
    assert run.status == "succeeded" and run.rows == result.pairs_kept > 0


@pytest.mark.parametrize("basket", ["order", "customer_window"])
def test_incremental_update_equals_full_rebuild(assoc_settings, basket):
    assoc_settings.UPSELL = {**assoc_settings.UPSELL, "ASSOCIATIONS_BASKET": basket}
    record(make_orders(50, seed=1))
    refresh.refresh("full")
    record(make_orders(25, seed=2, first=50))
    history.record_order("ord-3", [history.OrderLine(14)])  # an old order gains a line
    inc = refresh.refresh("incremental")
    assert inc.status == "succeeded" and inc.generation_id
    incremental_lists = stored_lists()
    inc_gen = AssociationGeneration.objects.get(pk=inc.generation_id)
    refresh.refresh("full")
    assert stored_lists() == incremental_lists
    full_gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    assert (inc_gen.n_baskets, inc_gen.n_pairs) == (full_gen.n_baskets, full_gen.n_pairs)


def test_incremental_without_new_orders_keeps_the_generation(assoc_settings):
    record(make_orders(20))
    first = refresh.refresh("full")
    again = refresh.refresh("incremental")
    assert again.message == "no new orders" and again.generation_id == first.generation_id


def test_sharded_counts_merged_equal_single_process(assoc_settings):
    record(make_orders(80, seed=3))
    refresh.refresh("full")
    single = stored_lists()
    job, wm = uuid.uuid4().hex, refresh.L.max_line_id()
    for shard in range(3):
        refresh.count_shard(job, shard, 3, wm)
    refresh.count_shard(job, 1, 3, wm)  # a retried shard overwrites its own partial counts
    result = refresh.merge_shards(job, 3, wm)
    assert result.status == "succeeded"
    assert stored_lists() == single


def test_a_second_run_is_refused_while_the_lock_is_held(assoc_settings):
    record(make_orders(10))
    with refresh.refresh_lock():
        result = refresh.refresh("full")
    assert result.status == "skipped" and "another refresh" in result.message
    assert AssociationRun.objects.filter(status="skipped").count() == 1
    assert refresh.refresh("full").status == "succeeded"  # lock released afterwards


def test_partners_are_served_from_cache_without_sql_when_warm(assoc_settings):
    record(make_orders(60))
    refresh.refresh("full")
    cold = storage.get_partners_for([3, 1])
    assert cold[3] and cold[3][0].product_id == 11  # the planted pair
    with CaptureQueriesContext(connection) as queries:
        warm = storage.get_partners_for([3, 1])
    assert warm == cold and len(queries) == 0


def test_readers_switch_generation_atomically_after_a_refresh(assoc_settings):
    record(make_orders(30))
    refresh.refresh("full")
    gen1, before = storage.read_partners([3])
    record(make_orders(30, seed=9, first=30))
    refresh.refresh("incremental")
    gen2, after = storage.read_partners([3])
    assert gen2 != gen1
    assert after == storage.load_partners(gen2, [3])
    assert before == storage.load_partners(gen1, [3])


def test_old_generations_are_collected(assoc_settings):
    record(make_orders(10))
    for _ in range(4):
        refresh.refresh("full")
    assert AssociationGeneration.objects.count() == storage.KEEP_GENERATIONS


def test_min_support_filters_rare_pairs_at_read_time(assoc_settings):
    record(make_orders(60))
    refresh.refresh("full")
    assoc_settings.UPSELL = {**assoc_settings.UPSELL, "ASSOCIATIONS_MIN_SUPPORT": 0.2}
    storage.invalidate_cache()
    gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    for plist in storage.get_partners_for(range(1, 16)).values():
        assert all(p.count >= 0.2 * gen.n_baskets for p in plist)


@pytest.mark.parametrize("cold", [False, True], ids=["state-in-memory", "state-from-database"])
def test_several_incremental_runs_with_compaction_equal_a_full_rebuild(assoc_settings, cold):
    record(make_orders(40, seed=4))
    refresh.refresh("full")
    for i in range(4):
        record(make_orders(12, seed=40 + i, first=40 + 12 * i))
        if cold:
            state._memo.clear()  # as in a fresh worker process
        assert refresh.refresh("incremental").status == "succeeded"
    incremental_lists = stored_lists()
    refresh.refresh("full")
    assert stored_lists() == incremental_lists


def test_backfill_goes_through_the_adapter_and_can_run_twice():
    from datetime import UTC, datetime

    class Adapter:
        def iter_order_history(self):
            for i in range(5):
                yield history.OrderRecord(
                    f"B-{i}",
                    (history.OrderLine(1), history.OrderLine(2 + i)),
                    datetime(2025, 1, 1, tzinfo=UTC),
                    customer_key="c",
                )

    assert history.backfill(Adapter(), batch_size=2) == 10
    assert history.backfill(Adapter(), batch_size=2) == 0
    assert PurchaseLine.objects.count() == 10


def _visible_row_ids(gen: int) -> set[int]:
    from upsell_app.models import ProductPartners

    return set(ProductPartners.objects.filter(storage.valid_at(gen)).values_list("pk", flat=True))


def test_rows_no_kept_generation_can_see_are_collected(assoc_settings):
    """Incremental runs only add rows; collection keeps exactly those the kept generations use."""
    from upsell_app.models import ProductPartners

    record(make_orders(40, seed=5))
    refresh.refresh("full")
    for i in range(5):
        record(make_orders(10, seed=50 + i, first=40 + 10 * i))
        assert refresh.refresh("incremental").status == "succeeded"
        kept = list(AssociationGeneration.objects.values_list("pk", flat=True))
        assert len(kept) == storage.KEEP_GENERATIONS
        visible = set().union(*(_visible_row_ids(g) for g in kept))
        assert set(ProductPartners.objects.values_list("pk", flat=True)) == visible
    # Each generation's rows: one per product it has counted, as stored lists say.
    gen = AssociationGeneration.objects.get(pk=storage.current_generation_id())
    assert len(_visible_row_ids(gen.pk)) == gen.n_products
    assert sum(len(lst) for _, lst in stored_lists().values()) == gen.n_pairs


def test_a_full_rebuild_drops_products_gone_from_the_history(assoc_settings):
    record(make_orders(40, seed=6))
    first = refresh.refresh("full")
    record(make_orders(10, seed=7, first=40))
    refresh.refresh("incremental")
    assert 11 in stored_lists()
    PurchaseLine.objects.filter(product_id=11).delete()
    second = refresh.refresh("full")
    assert 11 not in stored_lists()
    assert storage.load_partners(second.generation_id, [11]) == {11: ()}
    assert all(11 not in [b for b, _ in lst] for _, lst in stored_lists().values())
    assert not AssociationGeneration.objects.filter(pk=first.generation_id).exists()


def test_the_state_this_process_remembers_knows_the_stored_sizes(assoc_settings, monkeypatch):
    """Compaction is decided from the sizes remembered with the state: after a cold run that read
    base and deltas, or a warm one, they must be those stored, or a run compacts too early."""
    from upsell_app.models import AssociationShardCounts, AssociationState

    monkeypatch.setattr(state, "COMPACT_RATIO", 100.0)  # never compact here
    record(make_orders(40, seed=8))
    refresh.refresh("full")
    for i in range(4):
        record(make_orders(10, seed=80 + i, first=40 + 10 * i))
        if i % 2 == 0:
            state._memo.clear()  # a fresh worker
        refresh.refresh("incremental")
        base = AssociationState.objects.values_list("counts_blob", flat=True).get()
        deltas = AssociationShardCounts.objects.filter(job=state.DELTA_JOB)
        assert state._memo["state"][2:] == (len(base), sum(len(d.blob) for d in deltas))
    assert deltas.count() == 4
