"""The PostgreSQL databases of a test run: each one made for this run, dropped by it alone.

`TEST_DATABASE_URL` (or `make test`'s `TEST_POSTGRES_URL`) names a server, not a database to
take over: its database part is only the prefix of the names. Each pytest process (each
xdist worker) and each live server creates a database of its own with a name no other run can
have — prefix, purpose, xdist worker, process id and random hex, e.g.
`alatau_test_gw1_tests_81234_9f2c1a` — and drops exactly that one when it is done. Nothing
here drops or recreates a database it did not create, whoever else uses the server.

`python -m tests.support.postgres URL` exits 0 when the server answers (used by `make test`).
"""

from __future__ import annotations

import os
import re
import secrets
import sys

import psycopg
from sqlalchemy.engine import make_url

DEFAULT_PREFIX = "alatau_test"
NAME_LIMIT = 63  # PostgreSQL's longest identifier


def admin_connection(server_url: str, *, timeout: int = 5) -> psycopg.Connection:
    """An autocommit connection to the `postgres` database of the server `server_url` names."""
    parsed = make_url(server_url)
    return psycopg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=timeout,
    )


def unique_database_name(server_url: str, purpose: str) -> str:
    """A database name of this process alone, starting with the URL's database name."""
    prefix = make_url(server_url).database or DEFAULT_PREFIX
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    suffix = f"_{worker}_{purpose}_{os.getpid()}_{secrets.token_hex(3)}"
    name = re.sub(r"[^a-z0-9_]", "_", (prefix[: NAME_LIMIT - len(suffix)] + suffix).lower())
    return name


def create_database(server_url: str, purpose: str) -> tuple[str, str]:
    """A new, empty database on the server: (its name, its SQLAlchemy URL).

    Plain CREATE, never DROP first: the name is new, and were it taken after all the run
    fails here instead of dropping someone else's database.
    """
    name = unique_database_name(server_url, purpose)
    with admin_connection(server_url) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return name, url


def drop_database(server_url: str, name: str) -> None:
    """Drop a database this run created (its own servers may still hold connections)."""
    with admin_connection(server_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_answers(server_url: str) -> bool:
    try:
        admin_connection(server_url, timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if server_answers(sys.argv[1]) else 1)
