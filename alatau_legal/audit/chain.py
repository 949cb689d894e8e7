"""Appending to the audit chain and verifying it.

Each entry's hash covers its own fields and the previous entry's hash, so altering, removing
or reordering any entry is detected from that entry on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Row, select

from ..extensions import db, dialect_insert
from ..timeutil import utcnow
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
HEAD_ID = 1


def entry_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    act_id: int | None,
    round_id: int | None,
    action: str,
    details: dict,
    prev_hash: str,
) -> str:
    """The SHA-256 of an entry's fields in a canonical JSON form."""
    payload = json.dumps(
        {
            "seq": seq,
            "created_at": created_at.isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "act_id": act_id,
            "round_id": round_id,
            "action": action,
            "details": details,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _locked_head() -> AuditHead:
    """The chain's head row, created on first use, locked until the transaction ends."""
    statement = dialect_insert(AuditHead).values(id=HEAD_ID, last_seq=0, last_hash=GENESIS)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["id"]))
    return db.session.scalar(
        select(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def record(
    action: str,
    *,
    actor=None,
    act=None,
    round=None,
    now: datetime | None = None,
    **details,
) -> AuditEntry:
    """Append one entry in the caller's transaction (it commits or rolls back with the change)."""
    head = _locked_head()
    # In UTC, as the database gives it back, so the hash recomputes the same.
    created_at = (now or utcnow()).astimezone(UTC)
    fields = {
        "seq": head.last_seq + 1,
        "created_at": created_at,
        "actor_id": actor.id if actor is not None else None,
        "act_id": act.id if act is not None else None,
        "round_id": round.id if round is not None else None,
        "action": action,
        # Kept in its JSON form (string keys, lists for tuples), as the database gives it
        # back; a value JSON cannot hold fails here rather than at the flush.
        "details": json.loads(json.dumps(details, ensure_ascii=False)),
        "prev_hash": head.last_hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(**fields))
    db.session.add(entry)
    head.last_seq, head.last_hash = entry.seq, entry.hash
    db.session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def _entries(batch: int = 1000) -> Iterator[Row]:
    """Every entry as stored, in order, in batches.

    Plain rows rather than ORM objects: an entry this session loaded earlier would otherwise
    stand in for the database row (a tampered row could pass), and memory stays flat over a
    long chain without expunging the caller's objects.
    """
    table = AuditEntry.__table__
    last = 0
    while True:
        rows = db.session.execute(
            select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify() -> VerifyResult:
    """Walk the chain from the start; report the first entry that does not hold."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for entry in _entries():
        if entry.seq != expected_seq:
            return VerifyResult(
                checked, expected_seq, f"entry {expected_seq} is missing (next is {entry.seq})"
            )
        if entry.prev_hash != prev_hash:
            return VerifyResult(
                checked,
                entry.seq,
                f"entry {entry.seq} does not follow entry {entry.seq - 1} "
                "(one of them was altered)",
            )
        recomputed = entry_hash(
            seq=entry.seq,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
            act_id=entry.act_id,
            round_id=entry.round_id,
            action=entry.action,
            details=entry.details,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            return VerifyResult(
                checked, entry.seq, f"entry {entry.seq} ({entry.action}) was altered"
            )
        checked += 1
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = db.session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == HEAD_ID)
    ).first()
    if head is None:
        if checked:
            return VerifyResult(
                checked, expected_seq, "the chain's head row is missing: it was deleted"
            )
        return VerifyResult(checked)
    last = expected_seq - 1
    if head.last_seq > last:
        return VerifyResult(
            checked,
            expected_seq,
            f"the chain ends at entry {last} but its head records entry {head.last_seq}: "
            "entries were removed from the end",
        )
    if (head.last_seq, head.last_hash) != (last, prev_hash):
        # Rows appended around `record()`, or the last entry replaced wholesale.
        first_bad = min(head.last_seq + 1, last)
        return VerifyResult(
            first_bad - 1,
            first_bad,
            f"entry {first_bad} does not match the chain's head (entry {head.last_seq})",
        )
    return VerifyResult(checked)
