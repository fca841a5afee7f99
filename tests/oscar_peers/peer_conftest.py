"""Records each test's outcome by id, so a run with the app can be compared with one without."""

import json
import os

_outcomes: dict[str, str] = {}


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        previous = _outcomes.get(report.nodeid)
        if previous in ("failed", "error"):
            return  # a failing call stays failed whatever its teardown did
        if report.when != "call" and report.outcome == "failed":
            _outcomes[report.nodeid] = "error"
        else:
            _outcomes[report.nodeid] = report.outcome


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("UPSELL_PEER_RESULTS")
    if path:
        with open(path, "w") as out:
            json.dump(_outcomes, out, indent=0, sort_keys=True)
