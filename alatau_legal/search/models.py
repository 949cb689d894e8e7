"""The search outbox: what the index still has to apply, written with the change itself."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime


class OutboxKind(StrEnum):
    VERSION = "version"  # ref: the version number of the act
    COMMENT = "comment"  # ref: the comment id


class SearchOutbox(db.Model):
    """One change for the index. Rows are never deleted: each index copy (one per server host)
    keeps its own cursor, the id of the last row it applied."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="RESTRICT"))
    ref: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.id} {self.kind} act={self.act_id} ref={self.ref}>"
