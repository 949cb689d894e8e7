"""Every deadline in one list: reviewers' opinions, rounds, stages and agenda items.

A deadline is computed from the records it belongs to (nothing is stored twice): an
assignment's and a round's own due dates; a stage's end, the stage's business days (config)
after the round opened; an agenda item's meeting date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext, lazy_gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, cast, func, literal, null, select, tuple_, union_all
from sqlalchemy.orm import lazyload, selectinload

from ..accounts.models import User
from ..accounts.permissions import can_see_all_deadlines
from ..acts.models import Act, ActStatus
from ..audit.models import AuditEntry
from ..errors import Invalid
from ..extensions import db
from ..i18n import N_
from ..review.models import Assignment, Opinion, ReviewRound, RoundStatus
from ..timeutil import utcnow
from .business_days import add_business_days, business_days_between
from .models import AgendaItem, Meeting

KINDS = ("assignment", "round", "stage", "agenda_item")
STATUSES = ("overdue", "due_soon", "open")
KIND_LABELS = {
    "assignment": N_("Expert opinion"),
    "round": N_("Review round"),
    "stage": N_("Review stage"),
    "agenda_item": N_("Committee decision"),
}
STAGE_NAMES = {
    "domestic": lazy_gettext("Domestic"),
    "international": lazy_gettext("International"),
    "committee": lazy_gettext("Operational Committee"),
}


@dataclass(frozen=True)
class Deadline:
    kind: str
    key: str  # stable across runs: what a reminder was sent about
    act: Act
    stage: str  # domestic / international / committee
    who: User
    due: date
    business_days_left: int
    status: str
    what: str  # in English, for the API, the calendar feed and logs
    subject: str = ""  # the reviewer's name or the meeting's title that `what` names

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def ui_label(self) -> str:
        return gettext(self.label)

    @property
    def ui_stage(self) -> str:
        return str(STAGE_NAMES.get(self.stage, self.stage))

    @property
    def ui_what(self) -> str:
        """`what` in the reader's language."""
        if self.kind == "assignment":
            return gettext("Opinion of %(name)s", name=self.subject)
        if self.kind == "round":
            return {
                "domestic": gettext("Domestic review round"),
                "international": gettext("International review round"),
            }.get(self.stage, self.what)
        if self.kind == "stage":
            return {
                "domestic": gettext("End of the domestic review stage"),
                "international": gettext("End of the international review stage"),
                "committee": gettext("Consideration by the Operational Committee"),
            }.get(self.stage, self.what)
        return gettext("Decision at the meeting “%(title)s”", title=self.subject)


def _status(days_left: int) -> str:
    if days_left < 0:
        return "overdue"
    if days_left <= current_app.config["DUE_SOON_BUSINESS_DAYS"]:
        return "due_soon"
    return "open"


def stage_due(review_round: ReviewRound) -> date:
    """The planned end of a review stage: its business days after the round opened."""
    days = current_app.config["STAGE_BUSINESS_DAYS"][review_round.stage.value]
    return add_business_days(review_round.opened_at.date(), days)


def _deadline(kind, key, act, stage, who, due, what, today, subject="") -> Deadline:
    left = business_days_between(today, due)
    return Deadline(kind, key, act, stage, who, due, left, _status(left), what, subject)


def all_deadlines(today: date | None = None) -> list[Deadline]:
    """Every open deadline, soonest first."""
    today = today or utcnow().date()
    found: list[Deadline] = []
    # The rounds with their act (and its lead drafter), creator and assignments (each with its
    # reviewer and only whether an opinion was submitted): three queries, no opinion texts, no
    # joins back to the round already in hand.
    open_rounds = list(
        db.session.scalars(
            select(ReviewRound)
            .where(ReviewRound.status.in_([RoundStatus.OPEN, RoundStatus.PLANNED]))
            .options(
                selectinload(ReviewRound.assignments).options(
                    lazyload(Assignment.round),
                    lazyload(Assignment.waived_by),
                    selectinload(Assignment.opinion)
                    .load_only(Opinion.assignment_id, Opinion.submitted_at)
                    .lazyload(Opinion.assignment),
                )
            )
        )
    )
    for rnd in open_rounds:
        act, stage = rnd.act, rnd.stage.value
        for assignment in rnd.assignments:
            if not assignment.is_done:
                found.append(_deadline(
                    "assignment", f"assignment:{assignment.id}", act, stage, assignment.reviewer,
                    assignment.due, f"Opinion of {assignment.reviewer.display_name}", today,
                    assignment.reviewer.display_name,
                ))  # fmt: skip
        if rnd.status is RoundStatus.OPEN:
            found.append(_deadline(
                "round", f"round:{rnd.id}", act, stage, rnd.created_by, rnd.due,
                f"{rnd.stage.label} review round", today,
            ))  # fmt: skip
            found.append(_deadline(
                "stage", f"stage:{rnd.id}", act, stage, act.lead_drafter, stage_due(rnd),
                f"End of the {rnd.stage.value} review stage", today,
            ))  # fmt: skip
    pending = list(
        db.session.scalars(
            select(AgendaItem)
            .join(Meeting)
            .where(AgendaItem.pending())
            .options(
                lazyload(AgendaItem.moved_to),
                lazyload(AgendaItem.decided_by),
                lazyload(AgendaItem.removed_by),
                lazyload(AgendaItem.meeting, Meeting.items),
                lazyload(AgendaItem.meeting, Meeting.attendees),
            )
        )
    )
    scheduled = {item.act_id for item in pending}
    for act, entered, secretary in _acts_waiting_for_the_committee():
        if act.id not in scheduled:
            found.append(_deadline(
                "stage", f"committee:{act.id}:{entered.isoformat()}", act, "committee", secretary,
                add_business_days(entered, current_app.config["STAGE_BUSINESS_DAYS"]["committee"]),
                "Consideration by the Operational Committee", today,
            ))  # fmt: skip
    for item in pending:
        found.append(_deadline(
            "agenda_item", f"agenda_item:{item.id}", item.act, "committee",
            item.meeting.created_by, item.meeting.date,
            f"Decision at the meeting “{item.meeting.title}”", today, item.meeting.title,
        ))  # fmt: skip
    return sorted(found, key=lambda d: (d.due, d.act.number, d.kind, d.who.username))


def _acts_waiting_for_the_committee() -> list[tuple[Act, date, User]]:
    """Acts in committee review, the day they entered it, and the secretary who follows them
    (the one who planned their last review round): three queries, whatever their number."""
    acts = list(db.session.scalars(select(Act).where(Act.status == ActStatus.COMMITTEE_REVIEW)))
    if not acts:
        return []
    ids = [act.id for act in acts]
    last_transition = (
        select(AuditEntry.act_id, func.max(AuditEntry.seq))
        .where(AuditEntry.act_id.in_(ids), AuditEntry.action == "transition")
        .group_by(AuditEntry.act_id)
    )
    entered = dict(
        db.session.execute(
            select(AuditEntry.act_id, AuditEntry.created_at).where(
                tuple_(AuditEntry.act_id, AuditEntry.seq).in_(last_transition)
            )
        ).all()
    )
    last_round_ids = (
        select(func.max(ReviewRound.id))
        .where(ReviewRound.act_id.in_(ids))
        .group_by(ReviewRound.act_id)
    )
    last_round = {
        rnd.act_id: rnd
        for rnd in db.session.scalars(
            select(ReviewRound)
            .where(ReviewRound.id.in_(last_round_ids))
            .options(lazyload(ReviewRound.assignments))
        )
    }
    return [
        (act, entered[act.id].date(), last_round[act.id].created_by)
        for act in acts
        if act.id in entered and act.id in last_round
    ]


def deadlines_for(
    actor: User,
    *,
    status: str | None = None,
    username: str | None = None,
    today: date | None = None,
) -> list[Deadline]:
    """The deadlines this user may follow: everyone's for the secretary, else their own."""
    if status is not None and status not in STATUSES:
        raise Invalid(
            _l("Status must be one of: %(names)s.", names=", ".join(STATUSES)),
            {"status": f"One of: {', '.join(STATUSES)}."},
        )
    items = all_deadlines(today)
    if not can_see_all_deadlines(actor):
        if username and username.strip().lower() != actor.username:
            raise Invalid(_l("You can follow your own deadlines only."), {"user": "Yourself only."})
        items = [d for d in items if d.who.id == actor.id]
    elif username:
        items = [d for d in items if d.who.username == username.strip().lower()]
    if status:
        items = [d for d in items if d.status == status]
    return items


@dataclass(frozen=True)
class StagePeriod:
    stage: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None


def act_timeline(act: Act, rounds: list[ReviewRound] | None = None) -> list[StagePeriod]:
    """The act's review stages and committee consideration: planned and actual dates.

    `rounds`, every round of the act when the caller has read them already (the act page's
    workflow panel), leaves only the agenda items to read."""
    if rounds is None:
        return act_timelines([act.id])[act.id]
    stage_days = current_app.config["STAGE_BUSINESS_DAYS"]
    periods = [
        _round_period(r.stage, r.opened_at, r.due, r.closed_at, stage_days)
        for r in sorted(rounds, key=lambda r: r.id)
    ]
    items = db.session.execute(
        select(AgendaItem.decision.is_not(None), Meeting.date, AgendaItem.decided_at)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.act_id == act.id, AgendaItem.removed_at.is_(None))
        .order_by(AgendaItem.id)
    )
    periods.extend(_item_period(decided, day, ended_at) for decided, day, ended_at in items)
    return periods


def _round_period(stage, opened_at, due, closed_at, stage_days) -> StagePeriod:
    """A round's stage: planned from its opening (or its due date before it opens)."""
    opened = opened_at.date() if opened_at else None
    planned_end = add_business_days(opened, stage_days[stage.value]) if opened else due
    return StagePeriod(
        stage.value, opened, planned_end, opened,
        closed_at.date() if closed_at and opened_at else None,
    )  # fmt: skip


def _item_period(decided, day, decided_at) -> StagePeriod:
    """An agenda item's consideration by the committee, on its meeting's day."""
    return StagePeriod(
        "committee", None, day, day if decided else None, decided_at.date() if decided_at else None
    )


def act_timelines(
    act_ids: Iterable[int], known: dict[int, list[StagePeriod]] | None = None
) -> dict[int, list[StagePeriod]]:
    """The timelines of many acts in one query of plain columns (rounds and agenda items
    together; no rounds, acts or meetings built as objects).

    `known` holds timelines already read in this request: those acts are not read again, and
    the ones read here are added to it (a page that shows a chart and tables reads each once).
    """
    ids = sorted(set(act_ids))
    if known is not None:
        periods = {act_id: known[act_id] for act_id in ids if act_id in known}
        ids = [act_id for act_id in ids if act_id not in known]
    else:
        periods = {}
    periods.update({act_id: [] for act_id in ids})
    if not ids:
        return periods
    stage_days = current_app.config["STAGE_BUSINESS_DAYS"]
    # Rounds and agenda items in one statement, in the same columns: (0 for a round, 1 for an
    # item, id, act, the round's stage, whether the item is decided, the round's opening,
    # the round's due date or the meeting's day, the round's closing or the decision's time).
    rounds = select(
        literal(0).label("source"),
        ReviewRound.id,
        ReviewRound.act_id,
        ReviewRound.stage,
        cast(null(), Boolean).label("decided"),
        ReviewRound.opened_at,
        ReviewRound.due.label("day"),
        ReviewRound.closed_at.label("ended_at"),
    ).where(ReviewRound.act_id.in_(ids))
    items = (
        select(
            literal(1),
            AgendaItem.id,
            AgendaItem.act_id,
            cast(null(), ReviewRound.stage.type),
            AgendaItem.decision.is_not(None),
            cast(null(), ReviewRound.opened_at.type),
            Meeting.date,
            AgendaItem.decided_at,
        )
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.act_id.in_(ids), AgendaItem.removed_at.is_(None))
    )
    both = union_all(rounds, items).subquery()
    rows = db.session.execute(select(both).order_by(both.c.source, both.c.id))
    for source, _, act_id, stage, decided, opened_at, day, ended_at in rows:
        if source == 0:
            periods[act_id].append(_round_period(stage, opened_at, day, ended_at, stage_days))
        else:
            periods[act_id].append(_item_period(decided, day, ended_at))
    if known is not None:
        known.update({act_id: periods[act_id] for act_id in ids})
    return periods
