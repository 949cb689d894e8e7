"""Meetings, agendas and decisions of the Operational Committee.

A decision moves the act through the one workflow table (`review.workflow`): approve is its
`approve` transition, return its `return_to_drafting`; postpone keeps the act in committee
review for a later meeting. Every change is appended to the audit chain.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from ..accounts.models import Language, Role, User
from ..accounts.permissions import can_manage_meetings, can_view_meetings
from ..acts import services as acts
from ..acts.models import Act, ActStatus
from ..audit import chain
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..review import workflow
from ..timeutil import date_in_window, utcnow
from .models import AgendaItem, Decision, Meeting

MAX_TITLE = 300
MAX_NOTES = 1_900  # it becomes the reason of the transition (at most 2,000)


def require_secretary(actor: User) -> None:
    if not can_manage_meetings(actor):
        raise Forbidden("Only the committee secretary manages the committee's meetings.")


def _require_reader(actor: User) -> None:
    if not can_view_meetings(actor):
        raise Forbidden("The committee's meetings are for the staff of the Authority.")


def _title(value: str | None) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise Invalid("Give the meeting a title.", {"title": "Required."})
    if len(title) > MAX_TITLE:
        raise Invalid(f"A title is at most {MAX_TITLE} characters.", {"title": "Too long."})
    return title


def _minutes_language(language: str | None) -> Language:
    """The language of a meeting's minutes: Russian unless another is chosen."""
    if language in (None, ""):
        return Language.RU
    try:
        return Language(language)
    except ValueError:
        raise Invalid(
            f"The minutes are written in kk, ru or en, not {language!r}.",
            {"language": "One of kk, ru, en."},
        ) from None


def create_meeting(
    actor: User,
    *,
    day: date | None,
    title: str,
    language: str | None = None,
    now: datetime | None = None,
) -> Meeting:
    require_secretary(actor)
    minutes_language = _minutes_language(language)
    now = now or utcnow()
    if day is None:
        raise Invalid("Set the date of the meeting.", {"date": "Required."})
    if day < now.date():
        raise Invalid(
            f"The date {day.isoformat()} is in the past; meetings are scheduled ahead.",
            {"date": "In the past."},
        )
    date_in_window(day, "date", today=now.date())
    meeting = Meeting(
        date=day, title=_title(title), language=minutes_language, created_by=actor,
        created_at=now,
    )  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    chain.record(
        "meeting.scheduled", actor=actor, now=now, meeting_id=meeting.id,
        date=day.isoformat(), title=meeting.title, language=meeting.language.value,
    )  # fmt: skip
    return meeting


def list_meetings(actor: User, *, upcoming_only: bool = False) -> list[Meeting]:
    _require_reader(actor)
    statement = select(Meeting)
    if upcoming_only:
        statement = statement.where(Meeting.date >= utcnow().date())
    return list(db.session.scalars(statement.order_by(Meeting.date.desc(), Meeting.id.desc())))


def get_meeting(actor: User, meeting_id: int) -> Meeting:
    _require_reader(actor)
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting {meeting_id}.")
    return meeting


def acts_awaiting_agenda(actor: User) -> list[Act]:
    """Acts in committee review not waiting on an agenda already."""
    _require_reader(actor)
    pending = select(AgendaItem.act_id).where(AgendaItem.decision.is_(None))
    return list(
        db.session.scalars(
            select(Act)
            .where(Act.status == ActStatus.COMMITTEE_REVIEW, Act.id.not_in(pending))
            .order_by(Act.number)
        )
    )


def add_agenda_item(
    actor: User, meeting_id: int, act_id: int | None, *, now: datetime | None = None
) -> AgendaItem:
    """Put an act in committee review on the agenda, at the version before the committee."""
    require_secretary(actor)
    meeting = get_meeting(actor, meeting_id)
    if act_id is None:
        raise Invalid("Choose the act to put on the agenda.", {"act_id": "Required."})
    act = acts.get_act(actor, act_id, for_update=True)
    now = now or utcnow()
    _not_decided_meeting(meeting, now)
    if act.status is not ActStatus.COMMITTEE_REVIEW:
        raise Conflict(
            f"{act.number} is in {act.status.label.lower()}; only acts in committee review go "
            "on the agenda.",
            code="not_in_committee_review",
        )
    waiting = db.session.scalar(
        select(AgendaItem).where(AgendaItem.act_id == act.id, AgendaItem.decision.is_(None))
    )
    if waiting is not None:
        raise Conflict(
            f"{act.number} is on the agenda of the meeting of "
            f"{waiting.meeting.date.isoformat()} already.",
            code="on_agenda",
        )
    item = AgendaItem(
        meeting=meeting, act=act, version_number=act.current_version,
        position=len(meeting.items) + 1,
    )  # fmt: skip
    db.session.add(item)
    db.session.flush()
    chain.record(
        "agenda.added", actor=actor, act=act, now=now, meeting_id=meeting.id,
        item_id=item.id, version=item.version_number, date=meeting.date.isoformat(),
    )  # fmt: skip
    db.session.expire(meeting, ["items"])
    return item


def _not_decided_meeting(meeting: Meeting, now: datetime) -> None:
    if meeting.date < now.date():
        raise Conflict(
            f"The meeting of {meeting.date.isoformat()} is over; put the act on a coming one.",
            code="meeting_over",
        )


def set_attendance(
    actor: User, meeting_id: int, usernames: list[str], *, now: datetime | None = None
) -> Meeting:
    """Record which committee members are present (it fixes how many votes a decision has)."""
    require_secretary(actor)
    meeting = get_meeting(actor, meeting_id)
    if any(item.decision is not None for item in meeting.items):
        raise Conflict(
            "Decisions are recorded already; the attendance they were voted with stays.",
            code="decided",
        )
    members, problems = [], []
    for name in dict.fromkeys(n.strip().lower() for n in usernames if n.strip()):
        user = db.session.scalar(select(User).where(User.username == name))
        if user is None or not user.active or user.role is not Role.COMMITTEE_MEMBER:
            problems.append(name)
        else:
            members.append(user)
    if problems:
        raise Invalid(
            f"Not active committee members: {', '.join(problems)}.",
            {"attendees": "Committee members only."},
        )
    meeting.attendees = members
    chain.record(
        "meeting.attendance", actor=actor, now=now or utcnow(), meeting_id=meeting.id,
        attendees=[user.username for user in members],
    )  # fmt: skip
    db.session.flush()
    return meeting


def get_item(actor: User, meeting_id: int, item_id: int) -> AgendaItem:
    meeting = get_meeting(actor, meeting_id)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(f"The meeting of {meeting.date.isoformat()} has no agenda item {item_id}.")
    return item


def _votes(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(
            f"Votes {name} are a whole number, 0 or more.", {f"votes.{name}": "0 or more."}
        )
    return value


def decide(
    actor: User,
    meeting_id: int,
    item_id: int,
    *,
    decision: str,
    votes: dict[str, int],
    notes: str = "",
    now: datetime | None = None,
) -> AgendaItem:
    """Record the committee's decision on an agenda item, and move the act accordingly."""
    require_secretary(actor)
    item = get_item(actor, meeting_id, item_id)
    meeting = item.meeting
    now = now or utcnow()
    if item.decision is not None:
        raise Conflict(
            f"The decision on {item.act.number} at this meeting is recorded already "
            f"({item.decision.label.lower()}).",
            code="decided",
        )
    try:
        choice = Decision(decision)
    except ValueError:
        choices = ", ".join(d.value for d in Decision)
        raise Invalid(
            f"Decision must be one of: {choices}.", {"decision": f"One of: {choices}."}
        ) from None
    if meeting.date > now.date():
        raise Conflict(
            f"The meeting is on {meeting.date.isoformat()}; decisions are recorded on the day "
            "or after.",
            code="meeting_ahead",
        )
    counts = {name: _votes(votes.get(name, 0), name) for name in ("for", "against", "abstain")}
    present = len(meeting.attendees)
    if present == 0:
        raise Conflict(
            "Record who attended before the decisions: the votes must add up to them.",
            code="no_attendance",
        )
    if sum(counts.values()) != present:
        raise Invalid(
            f"The votes add up to {sum(counts.values())}, but {present} members attended; "
            "every member present votes for, against or abstains.",
            {"votes": f"Must add up to {present}."},
        )
    text = (notes or "").strip()
    if len(text) > MAX_NOTES:
        raise Invalid(f"Notes are at most {MAX_NOTES} characters.", {"notes": "Too long."})
    act = acts.get_act(actor, item.act_id, for_update=True)
    if choice is Decision.APPROVE:
        reason = f"Approved by the Operational Committee on {meeting.date.isoformat()}. {text}"
        workflow.perform(actor, act, workflow.Action.APPROVE.value, reason, now=now)
    elif choice is Decision.RETURN:
        if not text:
            raise Invalid("Say in the notes what is to be revised.", {"notes": "Required."})
        reason = f"Returned by the Operational Committee on {meeting.date.isoformat()}: {text}"
        workflow.perform(actor, act, workflow.Action.RETURN_TO_DRAFTING.value, reason, now=now)
    item.decision = choice
    item.votes_for, item.votes_against, item.votes_abstain = (
        counts["for"], counts["against"], counts["abstain"],
    )  # fmt: skip
    item.notes, item.decided_at, item.decided_by = text, now, actor
    chain.record(
        "agenda.decided", actor=actor, act=act, now=now, meeting_id=meeting.id, item_id=item.id,
        decision=choice.value, votes=counts, notes=text,
    )  # fmt: skip
    db.session.flush()
    return item
