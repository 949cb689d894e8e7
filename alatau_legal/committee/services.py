"""Meetings, agendas and decisions of the Operational Committee.

A decision moves the act through the one workflow table (`review.workflow`): approve is its
`approve` transition (the only way to it), return its `return_to_drafting`; postpone keeps the
act in committee review for a later meeting. When an act leaves committee review otherwise
(withdrawn, returned by its drafter), its waiting agenda item is taken off the agenda with the
reason, so no meeting offers a decision on it and no deadline or register entry waits for one.
A meeting can be rescheduled and an undecided item moved to another meeting or taken off, the
reason kept. Every change is appended to the audit chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Language, Role, User
from ..accounts.permissions import can_manage_meetings, can_view_meetings
from ..acts import services as acts
from ..acts.models import Act, ActStatus
from ..audit import chain
from ..audit.models import AuditEntry
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..i18n import N_, lazy_date, lazy_lower
from ..review import reasons, workflow
from ..timeutil import date_in_window, utcnow
from .models import AgendaItem, Decision, Meeting, Removal

MAX_TITLE = 300
MAX_PLACE = 300
MAX_NOTES = 1_900  # the transition's reason (at most 2,000), after the API's English sentence
MAX_REASON = 2_000


def require_secretary(actor: User) -> None:
    if not can_manage_meetings(actor):
        raise Forbidden(_l("Only the committee secretary manages the committee's meetings."))


def _require_reader(actor: User) -> None:
    if not can_view_meetings(actor):
        raise Forbidden(_l("The committee's meetings are for the staff of the Authority."))


def _title(value: str | None) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise Invalid(_l("Give the meeting a title."), {"title": "Required."})
    if len(title) > MAX_TITLE:
        raise Invalid(
            _l("A title is at most %(MAX_TITLE)s characters.", MAX_TITLE=MAX_TITLE),
            {"title": "Too long."},
        )
    return title


def _minutes_language(language: str | None) -> Language:
    """The language of a meeting's minutes: Russian unless another is chosen."""
    if language in (None, ""):
        return Language.RU
    try:
        return Language(language)
    except ValueError:
        raise Invalid(
            _l(
                "The minutes are written in kk, ru or en, not %(language)s.",
                language=repr(language),
            ),
            {"language": "One of kk, ru, en."},
        ) from None


def _place(value: str | None) -> str:
    place = " ".join((value or "").split())
    if len(place) > MAX_PLACE:
        raise Invalid(
            _l("A place is at most %(MAX_PLACE)s characters.", MAX_PLACE=MAX_PLACE),
            {"place": "Too long."},
        )
    return place


def _ahead(day: date | None, today: date) -> date:
    if day is None:
        raise Invalid(_l("Set the date of the meeting."), {"date": "Required."})
    if day < today:
        raise Invalid(
            _l(
                "The date %(day)s is in the past; meetings are scheduled ahead.",
                day=lazy_date(day),
            ),
            {"date": "In the past."},
        )
    date_in_window(day, "date", today=today)
    return day


def create_meeting(
    actor: User,
    *,
    day: date | None,
    title: str,
    language: str | None = None,
    start_time: time | None = None,
    place: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Schedule a meeting of the Operational Committee (secretary)."""
    require_secretary(actor)
    minutes_language = _minutes_language(language)
    now = now or utcnow()
    meeting = Meeting(
        date=_ahead(day, now.date()), start_time=start_time, place=_place(place),
        title=_title(title), language=minutes_language, created_by=actor, created_at=now,
    )  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    chain.record(
        "meeting.scheduled", actor=actor, now=now, meeting_id=meeting.id,
        date=meeting.date.isoformat(), title=meeting.title, language=meeting.language.value,
        place=meeting.place,
        time=meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
    )  # fmt: skip
    return meeting


UNSET = object()  # a field a reschedule leaves as it is (None clears the start time)


def reschedule(
    actor: User,
    meeting_id: int,
    *,
    day: date | object | None = UNSET,
    start_time: time | object | None = UNSET,
    place: str | object = UNSET,
    title: str | object = UNSET,
    reason: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Change a meeting's date, start time, place or title (secretary), saying why.

    Its agenda, the deadlines of its items and every calendar follow, as they are read from
    the meeting. The day and time are fixed once attendance or a decision is recorded.
    """
    require_secretary(actor)
    meeting = get_meeting(actor, meeting_id, for_update=True)
    now = now or utcnow()
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise Invalid(
            _l("A reason is at most %(MAX_REASON)s characters.", MAX_REASON=MAX_REASON),
            {"reason": "Too long."},
        )
    changes: dict[str, tuple] = {}
    if day is not UNSET and day != meeting.date:
        changes["date"] = (meeting.date, _ahead(day, now.date()))
    if start_time is not UNSET and start_time != meeting.start_time:
        changes["time"] = (meeting.start_time, start_time)
    if place is not UNSET and _place(place) != meeting.place:
        changes["place"] = (meeting.place, _place(place))
    if title is not UNSET and _title(title) != meeting.title:
        changes["title"] = (meeting.title, _title(title))
    if not changes:
        raise Invalid(
            _l("Nothing to change: give a new date, time, place or title."),
            {"date": "Unchanged.", "time": "Unchanged.", "place": "Unchanged."},
        )
    if ("date" in changes or "time" in changes) and (meeting.decided or meeting.attendees):
        raise Conflict(
            _l(
                "The meeting of %(date)s has taken place: its attendance or decisions are "
                "recorded, so its date and time stay.",
                date=lazy_date(meeting.date),
            ),
            code="meeting_held",
        )
    if not reason and ("date" in changes or "time" in changes):
        raise Invalid(
            _l("Say why the meeting changes; the members and the minutes keep it."),
            {"reason": "Required."},
        )
    if "date" in changes:
        meeting.date = changes["date"][1]
    if "time" in changes:
        meeting.start_time = changes["time"][1]
    if "place" in changes:
        meeting.place = changes["place"][1]
    if "title" in changes:
        meeting.title = changes["title"][1]
    chain.record(
        "meeting.rescheduled", actor=actor, now=now, meeting_id=meeting.id, reason=reason,
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()},
    )  # fmt: skip
    db.session.flush()
    return meeting


def _plain(value) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


@dataclass(frozen=True)
class Change:
    """One recorded change of a meeting: when, by whom, what (old, new) and why."""

    at: datetime
    by: str
    changes: dict[str, list]
    reason: str


def meeting_changes(actor: User, meeting: Meeting) -> list[Change]:
    """The meeting's reschedules, oldest first, as the audit chain recorded them."""
    _require_reader(actor)
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "meeting.rescheduled")
        .order_by(AuditEntry.seq)
    )
    return [
        Change(
            e.created_at,
            e.actor.display_name if e.actor else "",
            {
                name: [date.fromisoformat(v) if name == "date" and v else v for v in values]
                for name, values in e.details["changes"].items()
            },
            e.details.get("reason", ""),
        )
        for e in entries
        if e.details.get("meeting_id") == meeting.id
    ]


def list_meetings(actor: User, *, upcoming_only: bool = False) -> list[Meeting]:
    """The committee's meetings, latest first."""
    _require_reader(actor)
    statement = select(Meeting)
    if upcoming_only:
        statement = statement.where(Meeting.date >= utcnow().date())
    return list(db.session.scalars(statement.order_by(Meeting.date.desc(), Meeting.id.desc())))


def get_meeting(actor: User, meeting_id: int, *, for_update: bool = False) -> Meeting:
    """One meeting (404 if there is none)."""
    _require_reader(actor)
    if for_update:
        # Lock the meeting's row alone: PostgreSQL refuses FOR UPDATE on the outer-joined
        # creator that the meeting loads with it.
        db.session.execute(select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(_l("There is no meeting %(meeting_id)s.", meeting_id=meeting_id))
    return meeting


def acts_awaiting_agenda(actor: User) -> list[Act]:
    """Acts in committee review not waiting on an agenda already."""
    _require_reader(actor)
    pending = select(AgendaItem.act_id).where(AgendaItem.pending())
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
        raise Invalid(_l("Choose the act to put on the agenda."), {"act_id": "Required."})
    act = acts.get_act(actor, act_id, for_update=True)
    now = now or utcnow()
    _not_decided_meeting(meeting, now)
    if act.status is not ActStatus.COMMITTEE_REVIEW:
        raise Conflict(
            _l(
                "%(number)s is in %(status)s; only acts in committee review go on the agenda.",
                number=act.number,
                status=lazy_lower(act.status.ui_label),
            ),
            code="not_in_committee_review",
        )
    waiting = db.session.scalar(
        select(AgendaItem).where(AgendaItem.act_id == act.id, AgendaItem.pending())
    )
    if waiting is not None:
        raise Conflict(
            _l(
                "%(number)s is on the agenda of the meeting of %(date)s already; move it from "
                "there instead.",
                number=act.number,
                date=lazy_date(waiting.meeting.date),
            ),
            code="on_agenda",
        )
    item = _new_item(meeting, act, act.current_version)
    db.session.flush()
    chain.record(
        "agenda.added", actor=actor, act=act, now=now, meeting_id=meeting.id,
        item_id=item.id, version=item.version_number, date=meeting.date.isoformat(),
    )  # fmt: skip
    db.session.expire(meeting, ["items"])
    return item


def _new_item(meeting: Meeting, act: Act, version_number: int) -> AgendaItem:
    last = max((item.position for item in meeting.items), default=0)
    item = AgendaItem(meeting=meeting, act=act, version_number=version_number, position=last + 1)
    db.session.add(item)
    return item


def _not_decided_meeting(meeting: Meeting, now: datetime) -> None:
    if meeting.date < now.date():
        raise Conflict(
            _l(
                "The meeting of %(date)s is over; put the act on a coming one.",
                date=lazy_date(meeting.date),
            ),
            code="meeting_over",
        )


def set_attendance(
    actor: User, meeting_id: int, usernames: list[str], *, now: datetime | None = None
) -> Meeting:
    """Record which committee members are present (it fixes how many votes a decision has)."""
    require_secretary(actor)
    meeting = get_meeting(actor, meeting_id)
    now = now or utcnow()
    _held_today_or_before(
        meeting,
        now,
        N_("The meeting is on %(date)s; its attendance is recorded on the day or after."),
    )
    if any(item.decision is not None for item in meeting.items):
        raise Conflict(
            _l("Decisions are recorded already; the attendance they were voted with stays."),
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
            _l("Not active committee members: %(names)s.", names=", ".join(problems)),
            {"attendees": "Committee members only."},
        )
    meeting.attendees = members
    chain.record(
        "meeting.attendance", actor=actor, now=now, meeting_id=meeting.id,
        attendees=[user.username for user in members],
    )  # fmt: skip
    db.session.flush()
    return meeting


def not_yet_held(meeting: Meeting, today: date) -> bool:
    """Attendance and decisions wait for the day of the meeting."""
    return meeting.date > today


def _held_today_or_before(meeting: Meeting, now: datetime, message: str) -> None:
    """Refuse (with `message`, an English sentence marked with N_ naming the %(date)s) what is
    recorded only once the meeting has begun."""
    if not_yet_held(meeting, now.date()):
        raise Conflict(
            _l(message, date=lazy_date(meeting.date)),
            code="meeting_ahead",
        )


def get_item(actor: User, meeting_id: int, item_id: int) -> AgendaItem:
    meeting = get_meeting(actor, meeting_id)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(
            _l(
                "The meeting of %(date)s has no agenda item %(item_id)s.",
                date=lazy_date(meeting.date),
                item_id=item_id,
            )
        )
    return item


def _votes(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(
            _l("Votes %(name)s are a whole number, 0 or more.", name=name),
            {f"votes.{name}": "0 or more."},
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
            _l(
                "The decision on %(number)s at this meeting is recorded already (%(decision)s).",
                number=item.act.number,
                decision=lazy_lower(item.decision.ui_label),
            ),
            code="decided",
        )
    try:
        choice = Decision(decision)
    except ValueError:
        choices = ", ".join(d.value for d in Decision)
        raise Invalid(
            _l("Decision must be one of: %(choices)s.", choices=choices),
            {"decision": f"One of: {choices}."},
        ) from None
    if item.removed_at is not None:
        raise Conflict(
            _l(
                "%(number)s is no longer on this meeting's agenda (%(removed)s).",
                number=item.act.number,
                removed=lazy_lower(item.removed.ui_label),
            ),
            code="off_agenda",
        )
    _held_today_or_before(
        meeting,
        now,
        N_("The meeting is on %(date)s; its decisions are recorded on the day or after."),
    )
    counts = {name: _votes(votes.get(name, 0), name) for name in ("for", "against", "abstain")}
    present = len(meeting.attendees)
    if present == 0:
        raise Conflict(
            _l("Record who attended before the decisions: the votes must add up to them."),
            code="no_attendance",
        )
    if sum(counts.values()) != present:
        raise Invalid(
            _l(
                "The votes add up to %(total)s, but %(present)s members attended; every member "
                "present votes for, against or abstains.",
                total=sum(counts.values()),
                present=present,
            ),
            {"votes": f"Must add up to {present}."},
        )
    text = (notes or "").strip()
    if len(text) > MAX_NOTES:
        raise Invalid(
            _l("Notes are at most %(MAX_NOTES)s characters.", MAX_NOTES=MAX_NOTES),
            {"notes": "Too long."},
        )
    act = acts.get_act(actor, item.act_id, for_update=True)
    if choice is Decision.RETURN and not text:
        raise Invalid(_l("Say in the notes what is to be revised."), {"notes": "Required."})
    # Decided before the act moves, so leaving committee review does not take it off.
    item.decision = choice
    item.votes_for, item.votes_against, item.votes_abstain = (
        counts["for"], counts["against"], counts["abstain"],
    )  # fmt: skip
    item.notes, item.decided_at, item.decided_by = text, now, actor
    db.session.flush()
    # The transition keeps the decision's facts and the notes as typed; the sentence ("Approved
    # by the Operational Committee on ...") is composed in each reader's language when read.
    if choice in (Decision.APPROVE, Decision.RETURN):
        action = (
            workflow.Action.APPROVE if choice is Decision.APPROVE
            else workflow.Action.RETURN_TO_DRAFTING
        )  # fmt: skip
        workflow.perform(
            actor, act, action.value, text, now=now, by_decision=True,
            decision=reasons.facts(choice.value, meeting.id, item.id, meeting.date),
        )  # fmt: skip
    chain.record(
        "agenda.decided", actor=actor, act=act, now=now, meeting_id=meeting.id, item_id=item.id,
        decision=choice.value, votes=counts, notes=text,
    )  # fmt: skip
    db.session.flush()
    return item


def move_item(
    actor: User,
    meeting_id: int,
    item_id: int,
    *,
    to_meeting_id: int | None,
    reason: str,
    now: datetime | None = None,
) -> AgendaItem:
    """Move an undecided item to another meeting, or take it off the agenda (`None`), with the
    reason kept (secretary). Returns the item on the new meeting, or the item taken off."""
    require_secretary(actor)
    item = get_item(actor, meeting_id, item_id)
    now = now or utcnow()
    if not item.is_pending:
        state = item.decision.ui_label if item.decision else item.removed.ui_label
        raise Conflict(
            _l(
                "%(number)s cannot leave this agenda: %(state)s.",
                number=item.act.number,
                state=lazy_lower(state),
            ),
            code="not_pending",
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_l("Say why the act leaves this meeting's agenda."), {"reason": "Required."})
    if len(reason) > MAX_REASON:
        raise Invalid(
            _l("A reason is at most %(MAX_REASON)s characters.", MAX_REASON=MAX_REASON),
            {"reason": "Too long."},
        )
    target = None
    if to_meeting_id is not None:
        if to_meeting_id == item.meeting_id:
            raise Invalid(
                _l("Choose another meeting: the act is on this one already."),
                {"meeting_id": "Another meeting."},
            )
        target = db.session.get(Meeting, to_meeting_id)
        if target is None:
            raise Invalid(
                _l("There is no meeting %(to_meeting_id)s.", to_meeting_id=to_meeting_id),
                {"meeting_id": "No such meeting."},
            )
        _not_decided_meeting(target, now)
    acts.get_act(actor, item.act_id, for_update=True)
    item.removed = Removal.MOVED if target else Removal.TAKEN_OFF
    item.removed_at, item.removed_by, item.removal_reason = now, actor, reason
    db.session.flush()  # the old item off the agenda before the new one waits
    moved = None
    if target is not None:
        moved = _new_item(target, item.act, item.version_number)
        db.session.flush()
        item.moved_to = moved
        db.session.expire(target, ["items"])
    chain.record(
        "agenda.moved" if target else "agenda.removed", actor=actor, act=item.act, now=now,
        meeting_id=item.meeting_id, item_id=item.id, reason=reason,
        to_meeting_id=target.id if target else None, to_item_id=moved.id if moved else None,
    )  # fmt: skip
    db.session.flush()
    return moved or item


def moveable_to(actor: User, meeting: Meeting, today: date | None = None) -> list[Meeting]:
    """The meetings an undecided item of this one may move to: coming, not yet held."""
    today = today or utcnow().date()
    return [
        other for other in list_meetings(actor) if other.id != meeting.id and other.date >= today
    ][::-1]


def _take_off_the_agenda(
    actor: User, act: Act, transition: workflow.Transition, reason: str, now: datetime
) -> None:
    """The act left committee review without a decision: its waiting item leaves the agenda."""
    waiting = db.session.scalars(
        select(AgendaItem).where(AgendaItem.act_id == act.id, AgendaItem.pending())
    )
    removal = (
        Removal.ACT_WITHDRAWN
        if transition.target is ActStatus.WITHDRAWN
        else Removal.ACT_RETURNED
        if transition.target is ActStatus.DRAFTING
        else Removal.TAKEN_OFF
    )
    for item in waiting:
        item.removed, item.removed_at, item.removed_by = removal, now, actor
        item.removal_reason = reason
        chain.record(
            "agenda.removed", actor=actor, act=act, now=now, meeting_id=item.meeting_id,
            item_id=item.id, reason=reason, because=transition.action.value,
        )  # fmt: skip


workflow.on_leave(ActStatus.COMMITTEE_REVIEW, _take_off_the_agenda)
