"""Mined associations: generations of per-product partner lists, the incremental state and runs.

A *generation* is one complete result. Readers use the generation the pointer
(:class:`AssociationState`) names; a refresh writes a new generation and moves the pointer in the
same transaction, so a reader sees the old set or the new one, never a mix.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .product_keys import ProductKeyField

__all__ = [
    "ProductKeyIndex",
    "AssociationGeneration",
    "AssociationRun",
    "AssociationShardCounts",
    "AssociationState",
    "ProductPartners",
]


class AssociationGeneration(models.Model):
    """One complete set of partner lists, with the totals needed to derive support and lift."""

    class Mode(models.TextChoices):
        FULL = "full", _("Full rebuild")
        INCREMENTAL = "incremental", _("Incremental")
        SHARDED = "sharded", _("Full rebuild (sharded)")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    n_baskets = models.BigIntegerField(_("baskets"), default=0)
    total_weight = models.FloatField(_("total recency weight"), default=0.0)
    n_products = models.IntegerField(_("number of products"), default=0)
    n_pairs = models.BigIntegerField(_("pairs kept"), default=0)
    watermark = models.BigIntegerField(_("last purchase line id"), default=0)
    #: The full rebuild this generation descends from (itself for a full rebuild): its partner
    #: rows are the latest row per product among those written from that generation on.
    rows_from = models.BigIntegerField(_("rows written from generation"), default=0)
    params = models.JSONField(_("mining parameters"), default=dict)

    class Meta:
        verbose_name = _("association generation")
        verbose_name_plural = _("association generations")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.mode})"


class ProductPartners(models.Model):
    """A product's top-K partners, valid from one generation until a later one replaces them.

    Rows are never updated, and shared by consecutive generations: in generation ``g`` a product's
    row is its latest one with ``g.rows_from <= valid_from <= g``, so an incremental run only adds
    the rows of the products whose lists changed (``storage.valid_at``). ``partners`` packs
    ``(partner_id, count, weighted_count)`` records, best first (``PARTNER_DTYPE``): one row per
    product, not per pair.
    Confidence, support, lift and the ranking score are derived at read time from these counts, the
    partners' own counts and the generation's totals, so they are exact after every kind of run.
    """

    #: The product's index in the mined matrices (its key in an integer-keyed shop).
    product_id = models.BigIntegerField(_("product id"))
    valid_from = models.BigIntegerField(_("first generation"))
    count = models.BigIntegerField(_("baskets with the product"))
    weight = models.FloatField(_("recency-weighted baskets"))
    n_partners = models.IntegerField(_("partners"), default=0)
    partners = models.BinaryField(_("partners (packed)"), default=b"")

    class Meta:
        verbose_name = _("product partners")
        verbose_name_plural = _("product partners")
        constraints = [
            models.UniqueConstraint(
                fields=["product_id", "valid_from"], name="upsell_productpartners_product_from"
            )
        ]
        indexes = [models.Index(fields=["valid_from"], name="upsell_pp_valid_from")]

    def __str__(self) -> str:
        return f"{self.product_id} (from generation {self.valid_from})"


class AssociationState(models.Model):
    """Singleton pointer to the generation in service, plus what the next incremental run needs."""

    current = models.ForeignKey(
        AssociationGeneration, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Purchase line ids that were missing below the watermark when it was taken (a transaction may
    #: commit a lower id later): ``{"id": first_seen_epoch}``; re-checked by later runs for a while.
    pending_gaps = models.JSONField(default=dict)
    #: Pair counts of everything mined so far (``topk.to_bytes``), the base of incremental runs.
    #: Stored uncompressed on PostgreSQL (migration 0004): it is compact already, and compressing
    #: tens of megabytes with pglz costs seconds.
    counts_blob = models.BinaryField(null=True, editable=False)
    params = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("association state")
        verbose_name_plural = _("association state")

    def __str__(self) -> str:
        return f"current generation {self.current_id}"


class AssociationRun(models.Model):
    """A refresh attempt, for the admin and for operators: what ran, how long, what it produced."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (another run holds the lock)")
        ABANDONED = "abandoned", _("Abandoned (its worker died; a later run took over)")

    mode = models.CharField(
        _("mode"), max_length=16, choices=AssociationGeneration.Mode.choices
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    orders_read = models.BigIntegerField(_("orders read"), default=0)
    lines_read = models.BigIntegerField(_("lines read"), default=0)
    products_updated = models.IntegerField(_("products updated"), default=0)
    rows = models.BigIntegerField(_("pairs kept"), default=0)
    watermark_from = models.BigIntegerField(_("from purchase line id"), default=0)
    watermark_to = models.BigIntegerField(_("to purchase line id"), default=0)
    generation = models.ForeignKey(
        AssociationGeneration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("generation"),
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True, default="")
    message = models.TextField(_("message"), blank=True, default="")

    class Meta:
        verbose_name = _("association run")
        verbose_name_plural = _("association runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mode} {self.status} at {self.started_at:%Y-%m-%d %H:%M}"


class AssociationShardCounts(models.Model):
    """Partial counts of one order shard of a sharded full rebuild, waiting for the chord's
    merge."""

    job = models.CharField(max_length=64, db_index=True)
    shard = models.IntegerField()
    blob = models.BinaryField()
    lines_read = models.BigIntegerField(default=0)
    orders_read = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "shard"], name="upsell_shardcounts_job_shard")
        ]

    def __str__(self) -> str:
        return f"{self.job} shard {self.shard}"


class ProductKeyIndex(models.Model):
    """The dense integer the association matrices use for a product keyed by text or a UUID.

    Mining counts products in numpy arrays of integers; an integer-keyed shop's keys are those
    integers already, so its products never get a row here. Rows are only added, never re-used:
    an index keeps meaning the same product in every generation.
    """

    id = models.BigAutoField(primary_key=True)
    product_key = ProductKeyField(_("product key"), unique=True)

    class Meta:
        verbose_name = _("product key index")
        verbose_name_plural = _("product key indexes")

    def __str__(self) -> str:
        return f"{self.product_key} = {self.pk}"
