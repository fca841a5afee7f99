"""Numbers an operator types into the app's commands are checked first, with a message."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("upsell_associations", ["--full", "--sharded", "-3"],
         "--sharded must be a whole number from 1 to 256, not -3."),
        ("upsell_associations", ["--full", "--sharded", "0"],
         "--sharded must be a whole number from 1 to 256, not 0."),
        ("upsell_simulate_traffic", ["--days", "0"],
         "--days must be a whole number from 1 to 3,650, not 0."),
        ("upsell_simulate_traffic", ["--shoppers-per-day", "-5"],
         "--shoppers-per-day must be a whole number from 1 to 100,000, not -5."),
        ("upsell_backfill_history", ["--batch-size", "0"],
         "--batch-size must be a whole number from 1 to 1,000,000, not 0."),
        ("upsell_prune_events", ["--batch-size", "-1"],
         "--batch-size must be a whole number from 1 to 1,000,000, not -1."),
    ],
)  # fmt: skip
def test_an_out_of_range_number_stops_the_command_with_a_message(command, args, message):
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, *args, stdout=out, stderr=out)

    assert str(refused.value) == message
    assert out.getvalue() == ""  # nothing was queued, simulated or deleted


def test_sharded_without_full_is_still_refused():
    with pytest.raises(CommandError, match="--sharded needs --full"):
        call_command("upsell_associations", "--sharded", "2", stdout=StringIO())


def test_simulate_traffic_for_one_day_runs(settings):
    """The lower bound itself is accepted (the demo's offers loaded first)."""
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("upsell_simulate_traffic", "--days", "1", "--shoppers-per-day", "5", stdout=out)
    assert "Simulated" in out.getvalue() and "over 1 days" in out.getvalue()
