"""Counting the SQL statements a page sends: the busiest pages must not grow with the data."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from alatau_legal.acts.storage import clear_caches
from alatau_legal.extensions import db


@contextmanager
def counted():
    """Collect the SQL of every statement sent inside the block (a list, filled as it runs)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_of_page(client, path: str) -> list[str]:
    """The statements of one GET, from an empty session and empty version caches: the count
    of a worker that has not seen these acts yet."""
    db.session.close()
    clear_caches()
    with counted() as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return statements
