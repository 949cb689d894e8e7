"""Writing to the outbox, and noticing when a transaction that wrote to it commits.

The index consumes the outbox by a cursor (the last applied id), so ids must become visible in
increasing order: a row with a smaller id must never commit after a larger one was read, or
the cursor would pass it by. SQLite has one writer at a time, which gives that order; on
PostgreSQL every writer of the outbox takes one transaction-scoped advisory lock before it
draws its id and holds it until it commits.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from ..extensions import db
from ..timeutil import utcnow
from .models import OutboxKind, SearchOutbox

# pg_advisory_xact_lock key of the outbox ("search" in ASCII, as a bigint).
OUTBOX_LOCK_KEY = 0x736561726368
PENDING = "search_outbox_written"


def enqueue(kind: OutboxKind, act_id: int, ref: int) -> None:
    """Queue a change for the index, in the current transaction."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})
    session.add(SearchOutbox(kind=kind.value, act_id=act_id, ref=ref, created_at=utcnow()))
    session.info[PENDING] = True


def version_saved(act_id: int, number: int) -> None:
    enqueue(OutboxKind.VERSION, act_id, number)


def comment_added(act_id: int, comment_id: int) -> None:
    enqueue(OutboxKind.COMMENT, act_id, comment_id)


@event.listens_for(Session, "after_commit")
def _note_commit(session: Session) -> None:
    # The web process applies the outbox once the request is over (see `index.sync_after`).
    if session.info.pop(PENDING, False) and has_app_context():
        g.search_outbox_committed = True


@event.listens_for(Session, "after_rollback")
def _forget_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
