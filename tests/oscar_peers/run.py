"""Run django-oscar's own test suite, unmodified, with django-upsell installed; fail on regressions.

    python tests/oscar_peers/run.py                # with the app (our settings, URLs, middleware)
    python tests/oscar_peers/run.py --without-app  # oscar's own settings, for the baseline counts

The suite (``$OSCAR_PEERS_DIR``, default ``../shared/peers/django-oscar-4.2`` beside the repository)
is copied to ``artifacts/oscar-peers/<run>/`` (it writes media and a search index into its own
folder) and runs there single-process on SQLite, as oscar's ``--sqlite`` flag sets it up. Oscar's
test-only packages are installed apart into ``artifacts/oscar-peers/deps`` (``requirements.txt``).

A run with the app fails when a test fails that passes without it: compared by test id with the
latest run without the app when there is one, else with ``known_failures.txt`` (the tests that fail
without the app on this machine).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTIFACTS = REPO / "artifacts" / "oscar-peers"
DEPS = ARTIFACTS / "deps"
FAILED = ("failed", "error")


def peers_dir() -> Path:
    default = REPO.parent / "shared" / "peers" / "django-oscar-4.2"
    return Path(os.environ.get("OSCAR_PEERS_DIR", default)).resolve()


def install_deps() -> None:
    stamp = DEPS / ".requirements"
    wanted = (HERE / "requirements.txt").read_text()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    shutil.rmtree(DEPS, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(DEPS),
            "-r",
            str(HERE / "requirements.txt"),
        ],
        check=True,
    )
    stamp.write_text(wanted)


def prepare(name: str, with_app: bool) -> Path:
    workdir = ARTIFACTS / name
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(peers_dir(), workdir)
    for path in workdir.rglob("*"):  # shared/ is read-only; the suite writes into its folder
        path.chmod(path.stat().st_mode | 0o200)
    workdir.chmod(workdir.stat().st_mode | 0o200)
    shutil.copy(HERE / "peer_conftest.py", workdir / "conftest.py")
    if with_app:
        shutil.copy(HERE / "peer_settings.py", workdir / "upsell_peer_settings.py")
        shutil.copy(HERE / "peer_urls.py", workdir / "upsell_peer_urls.py")
    return workdir


def run(workdir: Path, with_app: bool, extra: list[str]) -> dict[str, str]:
    results = workdir / "results.json"
    env = {
        **os.environ,
        # Oscar's ``tests`` package first; our repository last (for ``upsell_app`` only).
        "PYTHONPATH": os.pathsep.join([str(workdir), str(DEPS), str(REPO)]),
        "DJANGO_SETTINGS_MODULE": "upsell_peer_settings" if with_app else "tests.settings",
        # Oscar's settings otherwise take PostgreSQL and a fixed database name ("test_oscar"),
        # which two runs on one server would share: SQLite in memory, one per run, as documented.
        "DATABASE_ENGINE": "django.db.backends.sqlite3",
        "UPSELL_PEER_RESULTS": str(results),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        "setup.cfg",
        "--rootdir",
        ".",
        "-q",
        "-o",
        "django_find_project=false",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "--sqlite",
        "--deprecation",
        "none",
        *(extra or ["tests"]),
    ]
    subprocess.run(command, cwd=workdir, env=env, check=False)
    return json.loads(results.read_text()) if results.exists() else {}


def baseline_failures() -> tuple[set[str], str]:
    latest = ARTIFACTS / "without-app" / "results.json"
    if latest.exists():
        outcomes = json.loads(latest.read_text())
        return {k for k, v in outcomes.items() if v in FAILED}, str(latest)
    known = HERE / "known_failures.txt"
    ids = {
        line.strip()
        for line in known.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    return ids, str(known)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-app", action="store_true", help="oscar's own settings only")
    parser.add_argument("pytest_args", nargs="*", help="test paths or pytest options")
    args = parser.parse_args()
    with_app = not args.without_app
    if not (peers_dir() / "tests").is_dir():
        print(
            f"oscar-peers: no django-oscar test suite at {peers_dir()} (OSCAR_PEERS_DIR)",
            file=sys.stderr,
        )
        return 2
    install_deps()
    name = "with-app" if with_app else "without-app"
    workdir = prepare(name, with_app)
    outcomes = run(workdir, with_app, args.pytest_args)
    if not outcomes:
        print(f"oscar-peers ({name}): the suite did not run", file=sys.stderr)
        return 2
    counts = Counter(outcomes.values())
    print(f"oscar-peers ({name}): " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    if not with_app:
        return 0
    expected, source = baseline_failures()
    regressions = sorted(k for k, v in outcomes.items() if v in FAILED and k not in expected)
    if regressions:
        print(
            f"{len(regressions)} oscar tests fail with the app that pass without it "
            f"(baseline: {source}):",
            file=sys.stderr,
        )
        for nodeid in regressions:
            print(f"  {nodeid}", file=sys.stderr)
        return 1
    print(f"No regressions against {source}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
