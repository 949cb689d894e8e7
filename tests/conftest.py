"""Fixtures shared by the integration and browser tests.

The database is built the way production builds it, with `flask db upgrade` (Alembic), never
`create_all()`. On SQLite a migrated template file is copied for each test; with
`TEST_DATABASE_URL` set (a PostgreSQL server) each pytest process — each xdist worker — creates a
database of its own there (tests/support/postgres.py), migrates it once, empties it after each
test and drops it at the end. Every test has its own instance folder (search index, uploads)
under pytest's temporary folder, which xdist gives each worker apart.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import text

from alatau_legal import create_app
from alatau_legal.acts.storage import clear_caches
from alatau_legal.extensions import db as _db
from config import TestingConfig
from tests.support import app_caches
from tests.support.postgres import create_database, drop_database

app_caches.install()  # every test app shares URL builders and compiled templates

# A PostgreSQL server to make this run's databases on (its database name is only their prefix).
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def _testing_config(instance: Path, database_url: str) -> TestingConfig:
    os.environ["ALATAU_INSTANCE_DIR"] = str(instance)
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.INSTANCE_DIR = str(instance)
    config.RATELIMIT_ENABLED = True
    return config


def _upgrade(database_url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(_testing_config(instance, database_url))
    with app.app_context():
        upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Iterator[str]:
    """A database URL (PostgreSQL) or template file path (SQLite), migrated to head once."""
    instance = tmp_path_factory.mktemp("template-instance")
    if not POSTGRES_URL:
        template = instance / "template.sqlite3"
        _upgrade(f"sqlite:///{template}", instance)
        yield str(template)
        return
    name, url = create_database(POSTGRES_URL, "tests")
    try:
        _upgrade(url, instance)
        yield url
    finally:
        drop_database(POSTGRES_URL, name)


_EMPTYING_SQL: dict[str, str] = {}  # by database URL: the statements that empty it


def _empty_postgres(app) -> None:
    """Every table emptied and its ids started again from 1, as a fresh database has them.

    DELETE, children before parents, then each table's own sequences restarted: a test
    leaves a few rows, and TRUNCATE of the 25 tables cost 0.52 s per test (a new file for
    each table) where this costs 0.1 s. A table the models do not know that still refers to
    one of theirs would make the DELETE fail, never leave rows behind."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with _db.engine.begin() as connection:
        if url not in _EMPTYING_SQL:
            tables = [t.name for t in _db.metadata.sorted_tables if t.name != "alembic_version"]
            sequences = connection.execute(
                text(
                    "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
                    "JOIN pg_class t ON d.refobjid = t.oid "
                    "WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"
                ),
                {"tables": tables},
            ).scalars()
            _EMPTYING_SQL[url] = "; ".join(
                [f'DELETE FROM "{table}"' for table in reversed(tables)]  # noqa: S608 (model names)
                + [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sorted(sequences)]
            )
        connection.exec_driver_sql(_EMPTYING_SQL[url])


@pytest.fixture
def database_url(migrated_database, tmp_path) -> str:
    """A fresh, migrated, empty database for one test."""
    if POSTGRES_URL:
        return migrated_database
    copy = tmp_path / "alatau.sqlite3"
    shutil.copyfile(migrated_database, copy)
    return f"sqlite:///{copy}"


class RequestIsolatingClient(FlaskClient):
    """A test client whose requests do not inherit the test's cached signed-in user.

    The tests keep one app context open so they can query the database between requests, and
    Flask reuses an open app context for a request, `g` included. Flask-Login caches the user
    in `g`, Flask-WTF the CSRF token of the session, Flask-Babel the request's language;
    dropping them makes each request find its own, as in production (and lets one test use
    several clients).
    """

    PER_REQUEST = ("_login_user", "csrf_token", "_flask_babel")

    def open(self, *args, **kwargs):
        for name in self.PER_REQUEST:
            g.pop(name, None)
        try:
            return super().open(*args, **kwargs)
        finally:
            for name in self.PER_REQUEST:
                g.pop(name, None)


@pytest.fixture
def app(database_url, tmp_path) -> Iterator:
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    application = create_app(_testing_config(instance, database_url))
    application.test_client_class = RequestIsolatingClient
    clear_caches()  # each test has its own database
    with application.app_context():
        yield application
        _db.session.remove()
        if POSTGRES_URL:
            _empty_postgres(application)
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
