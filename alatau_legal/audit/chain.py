"""Appending to the audit chains and verifying them.

Each entry's hash covers its own fields, its chain and place in it, and the previous entry's
hash in that chain, so altering, removing or reordering any entry is detected from that entry
on. An act's entries form one chain, locked by its own row of `audit_chains`: a change to one
act never waits for a change to another (the act's row is already locked by the change).
Order across chains is kept by `seq` and by each entry's time, both covered by the hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Row, select, tuple_

from ..extensions import db, dialect_insert
from ..timeutil import utcnow
from .models import SYSTEM_CHAIN, AuditChain, AuditEntry

GENESIS = "0" * 64


def entry_hash(
    *,
    chain: int,
    chain_seq: int,
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
            "chain": chain,
            "chain_seq": chain_seq,
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


def _locked_chain(chain: int) -> AuditChain:
    """The chain's head row, created on first use, locked until the transaction ends."""
    statement = dialect_insert(AuditChain).values(
        chain=chain, last_seq=0, last_hash=GENESIS, checkpointed_seq=0
    )
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["chain"]))
    return db.session.scalar(
        select(AuditChain)
        .where(AuditChain.chain == chain)
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
    """Append one entry to its act's chain in the caller's transaction (it commits or rolls
    back with the change)."""
    chain = act.id if act is not None else SYSTEM_CHAIN
    head = _locked_chain(chain)
    # In UTC, as the database gives it back, so the hash recomputes the same.
    created_at = (now or utcnow()).astimezone(UTC)
    fields = {
        "chain": chain,
        "chain_seq": head.last_seq + 1,
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
    head.last_seq, head.last_hash = entry.chain_seq, entry.hash
    db.session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    """What a walk of the chains found: entries checked, and the first problem, if any."""

    checked: int
    chains: int = 0
    problem: str = ""
    bad_seq: int | None = None  # the `seq` of the first entry that does not hold

    @property
    def ok(self) -> bool:
        return not self.problem


def chain_name(chain: int) -> str:
    """How an operator knows a chain: by its act's registry number."""
    if chain == SYSTEM_CHAIN:
        return "the system chain"
    acts = db.metadata.tables["acts"]  # by name: the audit knows no model above it
    number = db.session.scalar(select(acts.c.number).where(acts.c.id == chain))
    return f"the chain of {number or f'a missing act (id {chain})'}"


def _entries(batch: int = 1000) -> Iterator[Row]:
    """Every entry as stored, chain by chain in order, in batches.

    Plain rows rather than ORM objects: an entry this session loaded earlier would otherwise
    stand in for the database row (a tampered row could pass), and memory stays flat over a
    long chain without expunging the caller's objects.
    """
    table = AuditEntry.__table__
    order = (table.c.chain, table.c.chain_seq)
    last: tuple[int, int] | None = None
    while True:
        statement = select(table).order_by(*order).limit(batch)
        if last is not None:
            statement = statement.where(tuple_(*order) > tuple_(*last))
        rows = db.session.execute(statement).all()
        if not rows:
            return
        yield from rows
        last = (rows[-1].chain, rows[-1].chain_seq)


def _recomputed(entry: Row) -> str:
    return entry_hash(
        chain=entry.chain,
        chain_seq=entry.chain_seq,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        act_id=entry.act_id,
        round_id=entry.round_id,
        action=entry.action,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )


def _head_problem(chain: int, last_seq: int, last_hash: str, heads: dict) -> str:
    """Where a chain's last entry and its head row disagree, what that means."""
    head = heads.get(chain)
    name = chain_name(chain)
    if head is None:
        return f"{name} has entries but no head row: the head was deleted"
    if head.last_seq > last_seq:
        return (
            f"{name} ends at its entry {last_seq} but its head records entry {head.last_seq}: "
            "entries were removed from its end"
        )
    if (head.last_seq, head.last_hash) != (last_seq, last_hash):
        return (
            f"{name} ends at its entry {last_seq}, which does not match its head (entry "
            f"{head.last_seq}): entries were added or replaced outside the application"
        )
    return ""


def verify() -> VerifyResult:
    """Walk every chain from its start; report the first entry that does not hold."""
    heads = {
        row.chain: row
        for row in db.session.execute(
            select(AuditChain.chain, AuditChain.last_seq, AuditChain.last_hash)
        )
    }
    checked, chains = 0, 0
    current, expected, prev_hash = None, 1, GENESIS
    for entry in _entries():
        if entry.chain != current:
            if current is not None:
                problem = _head_problem(current, expected - 1, prev_hash, heads)
                if problem:
                    return VerifyResult(checked, chains, problem)
            current, expected, prev_hash, chains = entry.chain, 1, GENESIS, chains + 1
        where = f"entry {entry.chain_seq} of {chain_name(entry.chain)} (seq {entry.seq})"
        if entry.chain != (entry.act_id if entry.act_id is not None else SYSTEM_CHAIN):
            return VerifyResult(checked, chains, f"{where} was moved to another act", entry.seq)
        if entry.chain_seq != expected:
            return VerifyResult(
                checked,
                chains,
                f"entry {expected} of {chain_name(entry.chain)} is missing "
                f"(the next is its entry {entry.chain_seq})",
                entry.seq,
            )
        if entry.prev_hash != prev_hash:
            return VerifyResult(
                checked,
                chains,
                f"{where} does not follow the entry before it (one of them was altered)",
                entry.seq,
            )
        if _recomputed(entry) != entry.hash:
            return VerifyResult(checked, chains, f"{where} ({entry.action}) was altered", entry.seq)
        checked += 1
        expected, prev_hash = entry.chain_seq + 1, entry.hash
    if current is not None:
        problem = _head_problem(current, expected - 1, prev_hash, heads)
        if problem:
            return VerifyResult(checked, chains, problem)
    seen = set()
    if heads:
        seen = set(db.session.scalars(select(AuditEntry.chain).distinct()))
    for chain, head in sorted(heads.items()):
        if head.last_seq > 0 and chain not in seen:
            return VerifyResult(
                checked,
                chains,
                f"{chain_name(chain)} records {head.last_seq} entries but none is left: "
                "they were removed",
            )
    return VerifyResult(checked, chains)
