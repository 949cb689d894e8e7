"""What the public register shows. Every query here goes through `listed_clause`: an act is
listed once it has been submitted for review (a draft never submitted is internal work) and
until it is withdrawn; only an approved act's text is ever read."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select

from ..acts import languages as act_languages
from ..acts.models import Act, ActStatus, ActType, Sector, Version
from ..acts.services import Page, VersionText, newest_first
from ..acts.storage import load_tree
from ..audit.models import AuditEntry
from ..committee.deadlines import StagePeriod, act_timeline
from ..committee.models import AgendaItem, Meeting
from ..errors import Invalid, NotFound
from ..extensions import db
from ..http import query_choice
from ..review.models import ReviewRound
from ..timeutil import utcnow

PER_PAGE = 25
MAX_FEED_ENTRIES = 200


def listed_clause():
    """SQL: the act is on the register."""
    submitted = exists(
        select(ReviewRound.id).where(
            ReviewRound.act_id == Act.id, ReviewRound.opened_at.is_not(None)
        )
    )
    return and_(
        Act.status != ActStatus.WITHDRAWN,
        or_(Act.status != ActStatus.DRAFTING, submitted),
    )


STAGES = tuple(status for status in ActStatus if status is not ActStatus.WITHDRAWN)


@dataclass(frozen=True)
class RegisterFilters:
    sector: Sector | None = None
    act_type: ActType | None = None
    stage: ActStatus | None = None

    @classmethod
    def read(cls) -> RegisterFilters:
        """The filters of the request's query string, each checked."""
        if request.args.get("stage") == ActStatus.WITHDRAWN.value:
            raise Invalid(_l("Withdrawn acts are not on the register."), {"stage": "Not listed."})
        sector = query_choice("sector", (sector.value for sector in Sector))
        act_type = query_choice("act_type", (kind.value for kind in ActType))
        stage = query_choice("stage", (stage.value for stage in STAGES))
        return cls(
            sector=Sector(sector) if sector else None,
            act_type=ActType(act_type) if act_type else None,
            stage=ActStatus(stage) if stage else None,
        )

    def apply(self, statement):
        if self.sector:
            statement = statement.where(Act.sector == self.sector)
        if self.act_type:
            statement = statement.where(Act.act_type == self.act_type)
        if self.stage:
            statement = statement.where(Act.status == self.stage)
        return statement

    def as_args(self) -> dict[str, str]:
        values = {"sector": self.sector, "act_type": self.act_type, "stage": self.stage}
        return {name: value.value for name, value in values.items() if value is not None}


def list_acts(filters: RegisterFilters, page: int = 1) -> Page:
    return newest_first(filters.apply(select(Act).where(listed_clause())), page, PER_PAGE)


def chart_acts(filters: RegisterFilters) -> list[Act]:
    """Every listed act the filters keep, by number, for the register's timeline."""
    statement = filters.apply(select(Act).where(listed_clause())).order_by(Act.number)
    return list(db.session.scalars(statement))


def get_listed(number: str) -> Act:
    act = db.session.scalar(
        select(Act).where(Act.number == number.strip().upper(), listed_clause())
    )
    if act is None:
        raise NotFound(_l("The register has no act numbered %(number)s.", number=number[:40]))
    return act


@dataclass(frozen=True)
class Standing:
    """Where an act stands, as the public sees it."""

    act: Act
    timeline: list[StagePeriod]
    next_meeting: Meeting | None
    text: VersionText | None  # the approved text; None until approved
    approved_on: date | None
    # The authentic languages the approved text is published in (the drafting one first).
    text_languages: list[str] = field(default_factory=list)


def standing(act: Act, language: str | None = None) -> Standing:
    """Where the act stands, with its approved text in `language` (default: the drafting
    language; a language the act is not published in is a 400)."""
    next_meeting = db.session.scalar(
        select(Meeting)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(
            AgendaItem.act_id == act.id,
            AgendaItem.pending(),
            Meeting.date >= utcnow().date(),
        )
        .order_by(Meeting.date)
        .limit(1)
    )
    text = approved_on = None
    published: list[str] = []
    if act.status is ActStatus.APPROVED:
        text = approved_text(act, language)
        approved_on = _approved_at(act)
        published = published_languages(act, text.version)
    return Standing(act, act_timeline(act), next_meeting, text, approved_on, published)


def published_languages(act: Act, version: Version) -> list[str]:
    """The authentic languages in which the approved version has a text."""
    written = act_languages.written_languages(version) | {act.language.value}
    return [language for language in act.languages if language in written]


def approved_text(act: Act, language: str | None = None) -> VersionText:
    """The text the committee approved (the act's latest version, frozen since), in one of
    its authentic languages."""
    if act.status is not ActStatus.APPROVED:
        raise NotFound(
            _l("%(number)s is not approved yet; its text is not public.", number=act.number)
        )
    language = act_languages.language_of(act, language)
    version = db.session.scalar(
        select(Version).where(Version.act_id == act.id, Version.number == act.current_version)
    )
    if language not in published_languages(act, version):
        raise NotFound(
            _l(
                "The approved text of %(number)s is not published in %(language)s.",
                number=act.number,
                language=language,
            )
        )
    top = act_languages.top_hashes(act, version, language)
    return VersionText(version, load_tree(top), language)


def _approved_at(act: Act) -> date | None:
    when = db.session.scalar(
        select(func.max(AuditEntry.created_at)).where(
            AuditEntry.act_id == act.id, AuditEntry.action == "transition"
        )
    )
    return when.date() if when else None


# ---------------------------------------------------------------------------------------------
# Changes, for the feed


@dataclass(frozen=True)
class Change:
    """One step of one act on the register: entering a stage (or being approved)."""

    id: int
    act: Act
    stage: ActStatus
    when: datetime


def recent_changes(
    filters: RegisterFilters, limit: int = 50, *, act: Act | None = None
) -> list[Change]:
    """The latest stage changes of listed acts, newest first (`filters.stage`: changes into
    that stage). Only the new stage and its date are taken from the audit log: never who
    moved the act, nor the reason given."""
    to_status = AuditEntry.details["to_status"].as_string()
    statement = (
        select(AuditEntry.seq, AuditEntry.created_at, to_status, Act)
        .join(Act, Act.id == AuditEntry.act_id)
        .where(
            AuditEntry.action == "transition",
            to_status.in_([stage.value for stage in STAGES]),
            listed_clause(),
        )
    )
    statement = replace(filters, stage=None).apply(statement)
    if filters.stage is not None:
        statement = statement.where(to_status == filters.stage.value)
    if act is not None:
        statement = statement.where(Act.id == act.id)
    rows = db.session.execute(statement.order_by(AuditEntry.seq.desc()).limit(limit))
    return [Change(seq, listed, ActStatus(stage), when) for seq, when, stage, listed in rows]
