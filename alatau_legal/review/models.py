"""Expert review: rounds, reviewer assignments, opinions and comments anchored to provisions.

A round reviews one frozen version of an act at one stage. The secretary plans it (invites
reviewers, sets each one's due date) while the act is being drafted; submitting the act for
that stage opens the round on the version submitted. Comments anchor to a provision (eId) of
that version and follow the provision into later versions; a comment is outdated where the
provision's wording has changed since (computed on reading, from `anchor_hash`).
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

from ..accounts.models import Role, User, enum_column
from ..acts.models import Act, ActStatus
from ..extensions import db
from ..i18n import N_, LabelledEnum
from ..timeutil import UTCDateTime


class Stage(LabelledEnum):
    DOMESTIC = "domestic"
    INTERNATIONAL = "international"

    @property
    def label(self) -> str:
        return N_("Domestic") if self is Stage.DOMESTIC else N_("International")

    @property
    def reviewer_role(self) -> Role:
        """Only experts of the matching kind are invited to a stage."""
        return Role.DOMESTIC_EXPERT if self is Stage.DOMESTIC else Role.INTERNATIONAL_EXPERT

    @property
    def act_status(self) -> ActStatus:
        """The act's state while a round of this stage is open."""
        if self is Stage.DOMESTIC:
            return ActStatus.DOMESTIC_REVIEW
        return ActStatus.INTERNATIONAL_REVIEW


class RoundStatus(LabelledEnum):
    PLANNED = "planned"  # reviewers invited; opens when the act is submitted for the stage
    OPEN = "open"  # the version is frozen and under review
    CLOSED = "closed"  # the act left the stage (or the round was cancelled before opening)

    @property
    def label(self) -> str:
        return {
            RoundStatus.PLANNED: N_("Planned"),
            RoundStatus.OPEN: N_("Open"),
            RoundStatus.CLOSED: N_("Closed"),
        }[self]


class Recommendation(LabelledEnum):
    APPROVE = "approve"
    APPROVE_WITH_CHANGES = "approve_with_changes"
    DO_NOT_APPROVE = "do_not_approve"

    @property
    def label(self) -> str:
        return {
            Recommendation.APPROVE: N_("Approve"),
            Recommendation.APPROVE_WITH_CHANGES: N_("Approve with changes"),
            Recommendation.DO_NOT_APPROVE: N_("Do not approve"),
        }[self]


class Disposition(LabelledEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return {
            Disposition.ACCEPTED: N_("Accepted"),
            Disposition.PARTLY_ACCEPTED: N_("Partly accepted"),
            Disposition.REJECTED: N_("Rejected"),
            Disposition.NOTED: N_("Noted"),
        }[self]


class ReviewRound(db.Model):
    __tablename__ = "review_rounds"
    __table_args__ = (
        # A round gets its version when it opens; one cancelled before opening has none.
        CheckConstraint(
            "status = 'closed' OR (status = 'open') = (version_number IS NOT NULL)",
            name="version_frozen_when_open",
        ),
        # At most one planned and one open round per act.
        Index(
            "uq_review_rounds_one_planned_one_open",
            "act_id",
            "status",
            unique=True,
            sqlite_where=text("status IN ('planned', 'open')"),
            postgresql_where=text("status IN ('planned', 'open')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="RESTRICT"), index=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "review_stage"))
    status: Mapped[RoundStatus] = mapped_column(
        enum_column(RoundStatus, "round_status"), default=RoundStatus.PLANNED
    )
    # The frozen version under review; set when the round opens.
    version_number: Mapped[int | None] = mapped_column(Integer)
    due: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    act: Mapped[Act] = relationship(lazy="joined")
    created_by: Mapped[User] = relationship(lazy="joined")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="round", lazy="selectin", order_by="Assignment.id"
    )

    @property
    def is_complete(self) -> bool:
        """Every reviewer has submitted an opinion or been waived by the secretary."""
        return bool(self.assignments) and all(a.is_done for a in self.assignments)

    def __repr__(self) -> str:
        return f"<ReviewRound {self.id} {self.stage.value} {self.status.value}>"


class Assignment(db.Model):
    """A reviewer invited to a round, with their own due date."""

    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("round_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    due: Mapped[date] = mapped_column(Date)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    waiver_reason: Mapped[str] = mapped_column(String(1000), default="")

    round: Mapped[ReviewRound] = relationship(back_populates="assignments", lazy="joined")
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id], lazy="joined")
    waived_by: Mapped[User | None] = relationship(foreign_keys=[waived_by_id], lazy="joined")
    opinion: Mapped[Opinion | None] = relationship(
        back_populates="assignment", lazy="selectin", uselist=False
    )

    @property
    def submitted(self) -> bool:
        return self.opinion is not None and self.opinion.submitted_at is not None

    @property
    def is_done(self) -> bool:
        return self.submitted or self.waived_at is not None

    @property
    def state(self) -> str:
        """submitted / waived / pending, as the round page and the API show it."""
        if self.submitted:
            return "submitted"
        if self.waived_at is not None:
            return "waived"
        return "pending"


class Opinion(db.Model):
    """A reviewer's expert opinion; a draft until submitted, then final and visible."""

    __tablename__ = "review_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE"), unique=True
    )
    recommendation: Mapped[Recommendation] = mapped_column(
        enum_column(Recommendation, "recommendation")
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship(back_populates="opinion", lazy="joined")


class Comment(db.Model):
    """A comment on one provision of the version under review, or a reply in its thread."""

    __tablename__ = "review_comments"
    __table_args__ = (
        CheckConstraint(
            "parent_id IS NULL OR disposition IS NULL", name="replies_have_no_disposition"
        ),
        CheckConstraint(
            "(disposition IS NULL) = (disposed_at IS NULL)", name="disposition_has_time"
        ),
        Index("ix_review_comments_act_eid", "act_id", "eid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="RESTRICT"))
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="RESTRICT"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_comments.id", ondelete="RESTRICT"), index=True
    )
    version_number: Mapped[int] = mapped_column(Integer)
    eid: Mapped[str] = mapped_column(String(200))
    # A digest of the provision's wording when commented on: a later version whose wording
    # differs makes the comment outdated.
    anchor_hash: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str | None] = mapped_column(Text)
    # The language of the text commented on (null: the act's drafting language, as every
    # comment made before acts had languages was).
    language: Mapped[str | None] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disposition: Mapped[Disposition | None] = mapped_column(enum_column(Disposition, "disposition"))
    disposition_reason: Mapped[str] = mapped_column(Text, default="")
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    disposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[ReviewRound] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    disposed_by: Mapped[User | None] = relationship(foreign_keys=[disposed_by_id], lazy="joined")
    # join_depth: a self-referential eager load stops at once without it (threads are one
    # level deep, so one level is all there is).
    replies: Mapped[list[Comment]] = relationship(
        lazy="selectin", order_by="Comment.id", viewonly=True, join_depth=1
    )

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.eid}@v{self.version_number}>"
