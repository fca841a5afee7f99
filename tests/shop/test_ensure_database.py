"""``python -m shop_demo.ensure_database``: a fresh clone's PostgreSQL database appears itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shop_demo.ensure_database import DatabaseUnreachable, ensure_database

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("DATABASE_URL", "")

needs_postgres = pytest.mark.skipif(
    not SERVER_URL.startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL: set DATABASE_URL",
)


def url_of(name: str) -> str:
    return SERVER_URL.rsplit("/", 1)[0] + f"/{name}"


def exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(url_of("postgres")) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return connection.execute(query, [name]).fetchone() is not None


@pytest.fixture
def missing_database() -> Iterator[str]:
    """A database name of this test alone, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"{SERVER_URL.rsplit('/', 1)[1]}_ensure_{uuid.uuid4().hex[:10]}"  # beside this run's
    yield name
    with psycopg.connect(url_of("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_module(database_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "shop_demo.ensure_database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@needs_postgres
def test_a_missing_database_is_created(missing_database):
    assert ensure_database(url_of(missing_database)) == missing_database
    assert exists(missing_database)


@needs_postgres
def test_an_existing_database_is_left_as_it_is(missing_database):
    ensure_database(url_of(missing_database))

    assert ensure_database(url_of(missing_database)) is None
    assert exists(missing_database)


@pytest.mark.parametrize("url", [None, "", "sqlite:///db.sqlite3"])
def test_without_postgresql_nothing_happens(url):
    assert ensure_database(url) is None


def test_a_server_that_does_not_answer_is_a_clear_error():
    with pytest.raises(DatabaseUnreachable, match="127.0.0.1"):
        ensure_database(f"postgres://postgres@127.0.0.1:{closed_port()}/upsell")


def test_the_command_says_so_in_one_line_without_a_traceback():
    result = run_module(f"postgres://postgres@127.0.0.1:{closed_port()}/upsell")

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("DATABASE_URL: PostgreSQL at 127.0.0.1:")


def test_the_command_is_silent_without_database_url():
    result = run_module(None)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
