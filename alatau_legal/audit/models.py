"""Audit entries, each carrying the hash of the one before it.

`seq` is the entry's place in the chain (1, 2, 3, ...); `AuditHead` holds the last entry's
seq and hash under a row lock, so concurrent writers append one at a time and the chain never
forks. Editing or deleting any row breaks the chain at that row (see `chain.verify`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..timeutil import UTCDateTime


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
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
        return f"<AuditEntry {self.seq} {self.action}>"


class AuditHead(db.Model):
    """The single row pointing at the end of the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
