"""Audit entries in hash chains, one chain per act, and signed checkpoints of every chain.

An entry belongs to the chain of its act (`chain` = the act's id), or to the system chain
(`chain` = 0) when it concerns no act (a meeting scheduled, a calendar revoked). `chain_seq` is
its place in that chain (1, 2, 3, ...) and `prev_hash` the hash of the entry before it there.
`AuditChain` holds each chain's last seq and hash under a row lock, so writers to one act
append one at a time and the chain never forks, while writers to different acts never wait for
each other. `seq` numbers every entry in the order it was written, across chains.

`AuditCheckpoint` rows record, now and then (`flask audit checkpoint`), the heads of the chains
that grew since the checkpoint before, hash-linked and signed with a key the database never
holds; the latest is also written outside the database. A chain cut back below a checkpoint,
or checkpoints removed, no longer match (see `chain.verify` and `checkpoints.verify`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..timeutil import UTCDateTime

SYSTEM_CHAIN = 0  # the chain of entries that concern no act


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        UniqueConstraint("chain", "chain_seq", name="uq_audit_entries_chain_seq"),
        CheckConstraint(f"chain = coalesce(act_id, {SYSTEM_CHAIN})", name="chain_of_act"),
        CheckConstraint("chain_seq >= 1", name="chain_seq_positive"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[int] = mapped_column(Integer)
    chain_seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    act_id: Mapped[int | None] = mapped_column(
        ForeignKey("acts.id", ondelete="RESTRICT"), index=True
    )
    # The review round the entry concerns, so experts see only their rounds' events.
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="RESTRICT")
    )
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.seq} {self.action} chain {self.chain}#{self.chain_seq}>"


class AuditChain(db.Model):
    """The end of one chain: its last entry's place and hash, locked by each append."""

    __tablename__ = "audit_chains"

    chain: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    # How far the last checkpoint covered this chain (which heads the next one must carry).
    checkpointed_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AuditCheckpoint(db.Model):
    """A signed record of the chains' heads; each links to the one before by its hash."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    entries: Mapped[int] = mapped_column(Integer)  # entries in every chain at the time
    # [[chain, chain_seq, hash], ...] of every chain that grew since the checkpoint before.
    heads: Mapped[list] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
