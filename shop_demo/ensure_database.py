"""Create the PostgreSQL database ``DATABASE_URL`` names when it does not exist yet.

``make demo`` (and ``make test``) run ``python -m shop_demo.ensure_database`` first, so a fresh
clone with ``DATABASE_URL=postgres://.../upsell`` works without a ``createdb`` by hand. Nothing
happens when ``DATABASE_URL`` is unset or not PostgreSQL (the demo then uses SQLite). A server
that cannot be reached is one line on stderr and exit status 1, not a traceback.
"""

from __future__ import annotations

import os
import sys

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


class DatabaseUnreachable(Exception):
    """The PostgreSQL server did not answer or refused the login."""


def ensure_database(url: str | None) -> str | None:
    """Create the database of ``url`` if it is missing; its name when created, else ``None``."""
    if not url or url.split(":", 1)[0] not in POSTGRES_SCHEMES:
        return None
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    where = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    # Connect to the server's maintenance database: the one named in the URL may not exist.
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "connect_timeout": 5,
        **{k: v for k, v in (config.get("OPTIONS") or {}).items() if isinstance(v, str | int)},
    }
    try:
        connection = psycopg.connect(
            **{k: v for k, v in params.items() if v is not None}, autocommit=True
        )
    except psycopg.OperationalError as exc:
        reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        raise DatabaseUnreachable(f"PostgreSQL at {where} is not reachable: {reason}") from exc
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return None
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # created meanwhile by a concurrent run
            return None
    return name


def main() -> int:
    try:
        created = ensure_database(os.environ.get("DATABASE_URL"))
    except DatabaseUnreachable as exc:
        print(f"DATABASE_URL: {exc}", file=sys.stderr)
        return 1
    if created:
        print(f"Created the PostgreSQL database {created!r} (DATABASE_URL).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
