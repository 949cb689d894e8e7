"""Meetings of the Operational Committee, their agendas and decisions; reminder bookkeeping.

An agenda item puts one act, at the version before the committee, on one meeting. Its decision
(approve / return / postpone) is recorded once, with the votes of the members present; approve
and return move the act through the workflow table (`review.workflow`), postpone leaves it in
committee review for a later meeting.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Language, User, enum_column
from ..acts.models import Act
from ..extensions import db
from ..i18n import N_, LabelledEnum
from ..timeutil import UTCDateTime


class Decision(LabelledEnum):
    APPROVE = "approve"
    RETURN = "return"
    POSTPONE = "postpone"

    @property
    def label(self) -> str:
        return {
            Decision.APPROVE: N_("Approved"),
            Decision.RETURN: N_("Returned for revision"),
            Decision.POSTPONE: N_("Postponed"),
        }[self]


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    # The language the minutes are written in (kk or ru, or en).
    language: Mapped[Language] = mapped_column(
        enum_column(Language, "meeting_language"), default=Language.RU, server_default="ru"
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship(lazy="joined")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", lazy="selectin", order_by="AgendaItem.position"
    )
    attendees: Mapped[list[User]] = relationship(
        secondary="meeting_attendance", lazy="selectin", order_by="User.username"
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.date}>"


class Attendance(db.Model):
    """A committee member present at a meeting."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "act_id", name="uq_agenda_items_meeting_act"),
        # An act waits on one agenda at a time: at most one undecided (or postponed) item.
        Index(
            "uq_agenda_items_pending_act",
            "act_id",
            unique=True,
            sqlite_where=text("decision IS NULL"),
            postgresql_where=text("decision IS NULL"),
        ),
        CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0",
            name="ck_agenda_items_votes",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="RESTRICT"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "committee_decision"))
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    meeting: Mapped[Meeting] = relationship(back_populates="items", lazy="joined")
    act: Mapped[Act] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} act={self.act_id} {self.decision}>"


class ReminderSent(db.Model):
    """One reminder about one deadline to one person on one day: cron may run every hour."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        UniqueConstraint("user_id", "item_key", "day", name="uq_reminders_sent_user_item_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
