"""What every test shop's own suite checks of its integration, and how the main run starts that
suite in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def adapter_lines(shop: Path) -> int:
    """The lines of the shop's whole integration module (``upsell_adapter.py``)."""
    return len((shop / "upsell_adapter.py").read_text().splitlines())


def files_naming_the_app(shop: Path) -> list[str]:
    """The shop's model files that name the app: none, for a shop whose models were not changed."""
    names = ("models.py", "migrations/0001_initial.py")
    return [name for name in names if "upsell_app" in (shop / name).read_text()]


def manage(*args: str, settings: str | None = None) -> subprocess.CompletedProcess:
    """``manage.py <args>`` in a process of its own, under ``settings`` (default: this run's)."""
    env = {**os.environ, **({"DJANGO_SETTINGS_MODULE": settings} if settings else {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_suite_passes(shop: Path, settings: str, *, skips_allowed: bool = False) -> None:
    """Run the shop's own suite under ``settings`` in a process of its own; it must pass."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(shop)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout, result.stdout[-2000:]
    assert skips_allowed or "skipped" not in result.stdout, result.stdout[-2000:]
