"""``manage.py upsell_associations --full|--incremental [--sharded]``: refresh associations now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upsell_app.associations import refresh
from upsell_app.management.arguments import bounded

#: More shards than this only adds per-task overhead on any realistic history.
MAX_SHARDS = 256


class Command(BaseCommand):
    help = "Mine 'bought together' associations from the purchase history and put them in service."

    def add_arguments(self, parser: Any) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--full", action="store_true", help="rebuild from the whole history")
        mode.add_argument(
            "--incremental", action="store_true", help="only orders since the last run (default)"
        )
        parser.add_argument(
            "--sharded",
            type=int,
            metavar="N",
            default=None,
            help=f"with --full: queue a Celery chord over N order shards (1 to {MAX_SHARDS}) "
            "instead of running here",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **opts: Any) -> None:
        mode = "full" if opts["full"] else "incremental"
        bounded(opts["sharded"], "--sharded", 1, MAX_SHARDS)
        if opts["sharded"] is not None:
            if mode != "full":
                raise CommandError("--sharded needs --full")
            from upsell_app.tasks import rebuild_associations_sharded

            res = rebuild_associations_sharded.delay(opts["sharded"])
            self.stdout.write(f"queued sharded rebuild over {opts['sharded']} shards: {res.id}")
            return
        bar = None if opts["no_progress"] else _Bar(self.stderr)
        try:
            result = refresh.refresh(mode, progress=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        if result.status == "skipped":
            self.stdout.write(self.style.WARNING(result.message))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.mode}: {result.orders_read:,} orders ({result.lines_read:,} lines) read, "
                f"{result.pairs_kept:,} pairs kept, {result.products_updated:,} products updated, "
                f"{result.seconds:.2f} s, generation {result.generation_id}"
                + (f" ({result.message})" if result.message else "")
            )
        )


class _Bar:
    """tqdm bar per stage (tqdm is optional: without it, stages are printed)."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.stage, self.bar = stream, None, None

    def update(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            try:
                from tqdm import tqdm
            except ImportError:
                self.stream.write(f"{stage}...")
                return
            self.bar = tqdm(
                total=total or None,
                desc=stage,
                unit=" lines" if stage == "reading" else " products",
                file=self.stream._out,
                leave=True,
            )
        if self.bar is not None:
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
