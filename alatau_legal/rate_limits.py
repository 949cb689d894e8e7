"""Rate-limit counters in the application's own database, shared by every gunicorn worker.

Flask-Limiter's default storage (`memory://`) keeps one set of counters per process, so with
three workers a limit of 10 sign-in attempts a minute let 30 through. The counters live in the
table `rate_limits` instead, one row per key and window, incremented by one atomic upsert on a
connection of their own: a count is kept even when the request it counted rolls back.

Selected with `RATELIMIT_STORAGE_URI = "database://"` (the default); the database is the app's
`SQLALCHEMY_DATABASE_URI`, passed by the configuration as a storage option.
"""

from __future__ import annotations

import random
import time
from typing import Any, ClassVar

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, create_engine, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

SCHEME = "database"
# One increment in this many also deletes expired rows, so the table stays small.
PURGE_ONE_IN = 200


class RateLimitCounter(db.Model):
    """Hits on one rate-limit key in its current window."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch


class DatabaseStorage(Storage):
    """A `limits` storage over SQLAlchemy (fixed-window strategy: incr, get, get_expiry)."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        database_url: str = "",
        **options: Any,
    ) -> None:
        if not database_url:
            raise ValueError("database:// rate-limit storage needs the `database_url` option")
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.database_url = database_url
        self._engine: Engine | None = None

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @property
    def engine(self) -> Engine:
        # Made on first use, in the worker process (never inherited across gunicorn's fork).
        if self._engine is None:
            is_sqlite = self.database_url.startswith("sqlite")
            self._engine = create_engine(
                self.database_url,
                pool_size=2 if not is_sqlite else 5,
                pool_pre_ping=True,
                connect_args={"timeout": 30} if is_sqlite else {},
            )
        return self._engine

    def _insert(self):
        dialect = self.engine.dialect.name
        return (pg_insert if dialect == "postgresql" else sqlite_insert)(RateLimitCounter)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` hits to `key`, starting a new window of `expiry` seconds if it ended."""
        now = time.time()
        table = RateLimitCounter.__table__
        statement = self._insert().values(key=key, hits=amount, expires_at=now + expiry)
        expired = table.c.expires_at <= now
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "hits": case((expired, amount), else_=table.c.hits + amount),
                "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.hits)
        with self.engine.begin() as connection:
            hits = connection.execute(statement).scalar_one()
            if random.randrange(PURGE_ONE_IN) == 0:  # housekeeping, not security
                connection.execute(delete(table).where(table.c.expires_at <= now))
        return hits

    def _row(self, key: str):
        table = RateLimitCounter.__table__
        with self.engine.connect() as connection:
            return connection.execute(
                select(table.c.hits, table.c.expires_at).where(table.c.key == key)
            ).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row is not None and row.expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(RateLimitCounter.__table__).where(RateLimitCounter.key == key)
            )
