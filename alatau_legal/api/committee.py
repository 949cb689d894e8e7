"""The Operational Committee and deadlines: meetings, agenda, decisions, the deadlines list."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..committee import deadlines, services
from ..committee import models as stored
from ..committee.deadlines import KINDS as DEADLINE_KINDS
from ..committee.deadlines import STATUSES as DEADLINE_STATUSES
from ..committee.models import Decision, Removal
from ..committee.services import MAX_NOTES, MAX_PLACE, MAX_REASON, MAX_TITLE, UNSET
from ..extensions import db
from . import api_user
from .contract import Answer, operation
from .parsing import NOT_BLANK, Body, Paging, PositiveInt, Timestamp, whole_number
from .review import USERNAME_MAX

# ---------------------------------------------------------------------------------------------
# Requests

# A start time in Alatau (Asia/Almaty), 24 hours.
HH_MM = r"^([01]\d|2[0-3]):[0-5]\d$"
TIME_DESCRIPTION = "The start, HH:MM in Alatau time (Asia/Almaty)."


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value is not None else None


class NewMeeting(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "date": "2026-04-02",
                    "title": "Operational Committee, April",
                    "language": "ru",
                    "time": "10:00",
                    "place": "Alatau City Hall, room 301",
                }
            ]
        }
    )

    date: dt.date = Field(description="Today or later.")
    title: str = Field(min_length=1, max_length=MAX_TITLE, pattern=NOT_BLANK)
    language: Literal["kk", "ru", "en"] | None = Field(
        default=None, description="The language of the minutes; Russian when not given."
    )
    time: str | None = Field(default=None, pattern=HH_MM, description=TIME_DESCRIPTION)
    place: str = Field(default="", max_length=MAX_PLACE)


class MeetingChange(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"date": "2026-04-09", "time": "15:00", "reason": "The chair is abroad."}]
        }
    )

    date: dt.date | None = Field(default=None, description="Today or later.")
    time: str | None = Field(
        default=None, pattern=HH_MM, description=f"{TIME_DESCRIPTION} null clears it."
    )
    place: str | None = Field(default=None, max_length=MAX_PLACE, description="null clears it.")
    title: str | None = Field(default=None, min_length=1, max_length=MAX_TITLE, pattern=NOT_BLANK)
    reason: str = Field(
        default="",
        max_length=MAX_REASON,
        description="Why; required when the date or the time changes.",
    )


class AgendaMove(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"meeting_id": 2, "reason": "The act's opinions are not all in."}]
        }
    )

    meeting_id: PositiveInt | None = Field(  # type: ignore[valid-type]
        description="Another meeting not yet held, or null to take the act off the agenda."
    )
    reason: str = Field(min_length=1, max_length=MAX_REASON, pattern=NOT_BLANK)


class NewAgendaItem(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"act_id": 7}]})

    act_id: PositiveInt = Field(description="An act in committee review.")


class AttendanceRequest(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"attendees": ["committee-member"]}]})

    attendees: list[str] = Field(max_length=200, description="Usernames of committee members.")


VoteCount = whole_number(0)


class Ballot(Body):
    for_: VoteCount = Field(default=0, alias="for")  # type: ignore[valid-type]
    against: VoteCount = 0  # type: ignore[valid-type]
    abstain: VoteCount = 0  # type: ignore[valid-type]


# Decisions whose notes say what is to be done (the service refuses them without).
NOTES_REQUIRED = [Decision.RETURN.value]


class DecisionRequest(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "decision": "approve",
                    "votes": {"for": 5, "against": 0, "abstain": 1},
                    "notes": "",
                }
            ],
            "if": {"properties": {"decision": {"enum": NOTES_REQUIRED}}, "required": ["decision"]},
            "then": {"properties": {"notes": {"pattern": NOT_BLANK}}, "required": ["notes"]},
        }
    )

    decision: Decision
    votes: Ballot = Field(description="Adding up to the members present.")
    notes: str = Field(
        default="",
        max_length=MAX_NOTES,
        validate_default=True,
        description=f"What is to be revised; required for {', '.join(NOTES_REQUIRED)}.",
    )

    @field_validator("notes")
    @classmethod
    def _notes_where_required(cls, notes: str, info: ValidationInfo) -> str:
        decision = info.data.get("decision")
        if decision is not None and decision.value in NOTES_REQUIRED and not notes.strip():
            raise PydanticCustomError("required", "Say in the notes what is to be revised.")
        return notes


class DeadlineQuery(Paging):
    status: Literal[DEADLINE_STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None, description="Only deadlines in this state."
    )
    user: str | None = Field(
        default=None, max_length=USERNAME_MAX, description="Only this user's deadlines."
    )


# ---------------------------------------------------------------------------------------------
# Answers


class Votes(Answer):
    for_: int = Field(alias="for")
    against: int
    abstain: int


class AgendaItem(Answer):
    """The agenda item"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 4,
                    "meeting_id": 1,
                    "act_id": 7,
                    "act_number": "ALC-2026-007",
                    "version": 3,
                    "position": 1,
                    "decision": "approve",
                    "votes": {"for": 5, "against": 0, "abstain": 1},
                    "notes": "",
                    "decided_at": "2026-04-02T11:30:00+00:00",
                    "removed": None,
                    "removed_at": None,
                    "removal_reason": None,
                    "moved_to_meeting_id": None,
                }
            ]
        }
    )

    id: int
    meeting_id: int
    act_id: int
    act_number: str
    version: int
    position: int
    decision: Decision | None
    votes: Votes
    notes: str
    decided_at: Timestamp | None
    removed: Removal | None = Field(description="Why the item left the agenda, if it did.")
    removed_at: Timestamp | None
    removal_reason: str | None
    moved_to_meeting_id: int | None = Field(description="The meeting it was moved to.")

    @classmethod
    def of(cls, item: stored.AgendaItem) -> AgendaItem:
        return cls(
            id=item.id,
            meeting_id=item.meeting_id,
            act_id=item.act_id,
            act_number=item.act.number,
            version=item.version_number,
            position=item.position,
            decision=item.decision,
            votes=Votes(
                for_=item.votes_for, against=item.votes_against, abstain=item.votes_abstain
            ),
            notes=item.notes,
            decided_at=item.decided_at,
            removed=item.removed,
            removed_at=item.removed_at,
            removal_reason=item.removal_reason or None,
            moved_to_meeting_id=item.moved_to.meeting_id if item.moved_to else None,
        )


class Meeting(Answer):
    """The meeting"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "date": "2026-04-02",
                    "time": "10:00",
                    "place": "Alatau City Hall, room 301",
                    "title": "Operational Committee, April",
                    "language": "ru",
                    "created_by": "secretary",
                    "attendees": ["committee-member"],
                    "agenda": [],
                }
            ]
        }
    )

    id: int
    date: dt.date
    time: str | None = Field(description=TIME_DESCRIPTION)
    place: str
    title: str
    language: Literal["kk", "ru", "en"]
    created_by: str
    attendees: list[str]
    agenda: list[AgendaItem]

    @classmethod
    def of(cls, meeting: stored.Meeting) -> Meeting:
        return cls(
            id=meeting.id,
            date=meeting.date,
            time=meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
            place=meeting.place,
            title=meeting.title,
            language=meeting.language.value,
            created_by=meeting.created_by.username,
            attendees=[user.username for user in meeting.attendees],
            agenda=[AgendaItem.of(item) for item in meeting.items],
        )


class MeetingPage(Answer):
    """The meetings"""

    items: list[Meeting]
    total: int


class Deadline(Answer):
    """One open deadline"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "assignment",
                    "act_id": 7,
                    "act_number": "ALC-2026-007",
                    "stage": "domestic",
                    "who": "domestic-expert",
                    "due": "2026-03-20",
                    "business_days_left": 3,
                    "status": "due_soon",
                    "what": "Expert opinion",
                }
            ]
        }
    )

    kind: Literal[DEADLINE_KINDS]  # type: ignore[valid-type]
    act_id: int
    act_number: str
    stage: str
    who: str
    due: dt.date
    business_days_left: int
    status: Literal[DEADLINE_STATUSES]  # type: ignore[valid-type]
    what: str

    @classmethod
    def of(cls, found: deadlines.Deadline) -> Deadline:
        return cls(
            kind=found.kind,
            act_id=found.act.id,
            act_number=found.act.number,
            stage=found.stage,
            who=found.who.username,
            due=found.due,
            business_days_left=found.business_days_left,
            status=found.status,
            what=found.what,
        )


class DeadlinePage(Answer):
    """The deadlines, soonest first"""

    items: list[Deadline]
    total: int


# ---------------------------------------------------------------------------------------------
# Operations


@operation(
    "POST",
    "/meetings",
    tag="Committee",
    summary="Schedule a meeting (secretary)",
    body=NewMeeting,
    answers={201: Meeting},
    errors=(403,),
)
def create_meeting(body: NewMeeting) -> tuple[Meeting, int]:
    meeting = services.create_meeting(
        api_user(),
        day=body.date,
        title=body.title,
        language=body.language,
        start_time=_time(body.time),
        place=body.place,
    )
    db.session.commit()
    return Meeting.of(meeting), 201


@operation(
    "PATCH",
    "/meetings/<int:meeting_id>",
    tag="Committee",
    summary="Reschedule a meeting: date, time, place or title, with the reason (secretary)",
    description=(
        "Its agenda, the deadlines of its items and every calendar follow. The date and time "
        "stay once attendance or a decision is recorded (409 `meeting_held`). A change of date "
        "or time needs a `reason`; `time` null clears the start time."
    ),
    body=MeetingChange,
    answers={200: Meeting},
    errors=(403, 409),
)
def reschedule_meeting(meeting_id: int, body: MeetingChange) -> Meeting:
    given = body.model_fields_set
    meeting = services.reschedule(
        api_user(),
        meeting_id,
        day=body.date if "date" in given else UNSET,
        start_time=_time(body.time) if "time" in given else UNSET,
        place=(body.place or "") if "place" in given else UNSET,
        title=body.title if "title" in given else UNSET,
        reason=body.reason,
    )
    db.session.commit()
    return Meeting.of(meeting)


@operation(
    "GET",
    "/meetings",
    tag="Committee",
    summary="The committee's meetings",
    query=Paging,
    answers={200: MeetingPage},
    errors=(403,),
)
def list_meetings(query: Paging) -> MeetingPage:
    meetings = services.list_meetings(api_user())
    return MeetingPage(items=[Meeting.of(m) for m in query.slice(meetings)], total=len(meetings))


@operation(
    "GET",
    "/meetings/<int:meeting_id>",
    tag="Committee",
    summary="One meeting with its agenda",
    answers={200: Meeting},
    errors=(403,),
)
def get_meeting(meeting_id: int) -> Meeting:
    return Meeting.of(services.get_meeting(api_user(), meeting_id))


@operation(
    "POST",
    "/meetings/<int:meeting_id>/agenda",
    tag="Committee",
    summary="Put an act in committee review on the agenda (secretary)",
    body=NewAgendaItem,
    answers={201: AgendaItem},
    errors=(403, 409),
)
def add_agenda_item(meeting_id: int, body: NewAgendaItem) -> tuple[AgendaItem, int]:
    item = services.add_agenda_item(api_user(), meeting_id, body.act_id)
    db.session.commit()
    return AgendaItem.of(item), 201


@operation(
    "POST",
    "/meetings/<int:meeting_id>/agenda/<int:item_id>/move",
    tag="Committee",
    summary="Move an undecided item to another meeting, or take it off the agenda (secretary)",
    description=(
        "The reason is kept with the item. Answers the item on the new meeting, or the item "
        "taken off (`meeting_id` null). A decided item stays (409 `not_pending`)."
    ),
    body=AgendaMove,
    answers={200: AgendaItem},
    errors=(403, 409),
)
def move_agenda_item(meeting_id: int, item_id: int, body: AgendaMove) -> AgendaItem:
    item = services.move_item(
        api_user(), meeting_id, item_id, to_meeting_id=body.meeting_id, reason=body.reason
    )
    db.session.commit()
    return AgendaItem.of(item)


@operation(
    "POST",
    "/meetings/<int:meeting_id>/attendance",
    tag="Committee",
    summary="Record who attended (secretary)",
    body=AttendanceRequest,
    answers={200: Meeting},
    errors=(403, 409),
)
def set_attendance(meeting_id: int, body: AttendanceRequest) -> Meeting:
    meeting = services.set_attendance(api_user(), meeting_id, body.attendees)
    db.session.commit()
    return Meeting.of(meeting)


@operation(
    "POST",
    "/meetings/<int:meeting_id>/agenda/<int:item_id>/decision",
    tag="Committee",
    summary="Record the committee's decision on an agenda item (secretary)",
    description="`approve` moves the act to approved, `return` back to drafting.",
    body=DecisionRequest,
    answers={200: AgendaItem},
    errors=(403, 409),
)
def decide(meeting_id: int, item_id: int, body: DecisionRequest) -> AgendaItem:
    item = services.decide(
        api_user(),
        meeting_id,
        item_id,
        decision=body.decision,
        votes={
            "for": body.votes.for_,
            "against": body.votes.against,
            "abstain": body.votes.abstain,
        },
        notes=body.notes,
    )
    db.session.commit()
    return AgendaItem.of(item)


@operation(
    "GET",
    "/deadlines",
    tag="Committee",
    summary="Open deadlines, soonest first",
    query=DeadlineQuery,
    answers={200: DeadlinePage},
    errors=(403,),
)
def list_deadlines(query: DeadlineQuery) -> DeadlinePage:
    found = deadlines.deadlines_for(api_user(), status=query.status, username=query.user)
    return DeadlinePage(items=[Deadline.of(d) for d in query.slice(found)], total=len(found))
