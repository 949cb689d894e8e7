"""Meetings of the Operational Committee, their agendas and decisions; reminder bookkeeping.

An agenda item puts one act, at the version before the committee, on one meeting. Its decision
(approve / return / postpone) is recorded once, with the votes of the members present; approve
and return move the act through the workflow table (`review.workflow`), postpone leaves it in
committee review for a later meeting. An undecided item can leave the agenda instead: moved to
another meeting or taken off by the secretary, or taken off because the act left committee
review (withdrawn, returned); the item stays, with when, by whom, why and where it went.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
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


class Removal(LabelledEnum):
    """Why an undecided item left the agenda."""

    MOVED = "moved"
    TAKEN_OFF = "taken_off"
    ACT_WITHDRAWN = "act_withdrawn"
    ACT_RETURNED = "act_returned"

    @property
    def label(self) -> str:
        return {
            Removal.MOVED: N_("Moved to another meeting"),
            Removal.TAKEN_OFF: N_("Taken off the agenda"),
            Removal.ACT_WITHDRAWN: N_("Taken off the agenda: the act was withdrawn"),
            Removal.ACT_RETURNED: N_("Taken off the agenda: the act was returned to drafting"),
        }[self]


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    # The start in Alatau's time (Asia/Almaty); None until the secretary sets it.
    start_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300), default="", server_default="")
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

    @property
    def agenda(self) -> list[AgendaItem]:
        """The items still on the agenda (decided or waiting), in order."""
        return [item for item in self.items if item.removed_at is None]

    @property
    def decided(self) -> bool:
        return any(item.decision is not None for item in self.items)

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
        # An act is on a meeting's agenda once (an item moved away or taken off no longer counts).
        Index(
            "uq_agenda_items_meeting_act",
            "meeting_id",
            "act_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
        # An act waits on one agenda at a time: at most one undecided item still on an agenda.
        Index(
            "uq_agenda_items_pending_act",
            "act_id",
            unique=True,
            sqlite_where=text("decision IS NULL AND removed_at IS NULL"),
            postgresql_where=text("decision IS NULL AND removed_at IS NULL"),
        ),
        CheckConstraint("decision IS NULL OR removed_at IS NULL", name="decided_or_removed"),
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
    removed: Mapped[Removal | None] = mapped_column(enum_column(Removal, "agenda_removal"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    removal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    moved_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="items", lazy="joined")
    act: Mapped[Act] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[decided_by_id])
    removed_by: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[removed_by_id])
    moved_to: Mapped[AgendaItem | None] = relationship(
        remote_side=[id], foreign_keys=[moved_to_id], lazy="selectin"
    )

    @classmethod
    def pending(cls):
        """SQL: the item waits for a decision on its meeting's agenda."""
        return and_(cls.decision.is_(None), cls.removed_at.is_(None))

    @property
    def is_pending(self) -> bool:
        return self.decision is None and self.removed_at is None

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
