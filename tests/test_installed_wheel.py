"""The wheel installs on its own: a shop that ``pip install``s it gets every file the app needs.

The wheel is built from this checkout's files (through its sdist), installed into a fresh virtual
environment (pip's cache, never ``-e``), and the second test shop (tests/othershop/, Tanuki
Goods) runs its whole suite there from a copy of the tests in a temporary directory, so the
checkout is not on ``sys.path`` and a template, static file, translation (.mo) or migration
missing from the package fails here.

Minutes long (a virtual environment, a browser suite), so ``make test`` runs it as its own step:
``pytest -m wheel``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What the second shop's suite needs beside the app (its [test] extra, in part).
SUITE_NEEDS = ["pytest", "pytest-django", "factory-boy", "psycopg[binary]", "dj-database-url",
               "playwright", "hypothesis"]  # fmt: skip

pytestmark = pytest.mark.wheel


@dataclass
class Installed:
    wheel: Path
    python: Path
    site_packages: Path
    workdir: Path
    build_log: str


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """This process's services (DATABASE_URL, REDIS_URL, ...); nothing pointing at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, **extra}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """The wheel of this checkout, installed in a new virtual environment."""
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the repository's files, as a fresh clone has them: a build/ or
    # *.egg-info left in the checkout by an earlier build would put files in the package that
    # its configuration leaves out. The sdist first, then the wheel from the sdist.
    source = base / "source"
    listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file() and not name.startswith(".venv"):
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = run(
        [sys.executable, "-m", "build", "--outdir", str(base / "dist"), str(source)],
        env=clean_env(),
    )
    (wheel,) = (base / "dist").glob("django_upsell-*.whl")
    run([sys.executable, "-m", "venv", str(base / "venv")])
    python = base / "venv" / "bin" / "python"
    # The versions this checkout is tested with, so the fresh environment differs only in how
    # the app got there.
    frozen = run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"]).stdout
    (base / "constraints.txt").write_text(frozen)
    run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(base / "constraints.txt"), str(wheel), *SUITE_NEEDS],
        env=clean_env(),
    )  # fmt: skip
    site_packages = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        .stdout.strip()
    )
    # The tests, the shop's manage.py and the pytest settings: no upsell_app beside them.
    workdir = base / "shop"
    shutil.copytree(
        ROOT / "tests", workdir / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("manage.py", "pyproject.toml"):
        shutil.copy(ROOT / name, workdir / name)
    return Installed(wheel, python, site_packages, workdir, built.stdout + built.stderr)


def test_the_wheel_builds_without_deprecation_warnings(installed):
    assert "deprecat" not in installed.build_log.lower(), installed.build_log[-3000:]


def test_the_wheel_carries_every_file_of_the_app(installed):
    tracked = run(["git", "ls-files", "upsell_app"], cwd=ROOT).stdout.split()
    packaged = set(zipfile.ZipFile(installed.wheel).namelist())

    assert [name for name in tracked if name not in packaged] == []


def test_the_wheel_states_its_license_as_an_spdx_expression(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        text = wheel.read(metadata).decode()

    assert "License-Expression: MIT" in text.splitlines()


def test_the_shop_imports_the_installed_app_not_the_checkout(installed):
    found = run(
        [str(installed.python), "-c", "import upsell_app; print(upsell_app.__file__)"],
        cwd=installed.workdir,
        env=clean_env(),
    ).stdout.strip()

    assert Path(found).is_relative_to(installed.site_packages), found


def test_the_second_shop_passes_its_suite_on_the_installed_wheel(installed):
    result = subprocess.run(
        [str(installed.python), "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
         "tests/othershop"],
        cwd=installed.workdir,
        env=clean_env(DJANGO_SETTINGS_MODULE="tests.othershop.settings"),
        capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip

    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
