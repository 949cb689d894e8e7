"""The Operational Committee and deadlines: meetings, agenda, decisions, the deadlines list."""

from __future__ import annotations

import re
from datetime import time

from flask import jsonify, request
from pydantic import Field

from ..committee import deadlines, services
from ..committee.models import AgendaItem, Meeting
from ..errors import Invalid
from ..extensions import db
from . import api_user, bp
from .parsing import Body, DbInt, json_body
from .review import paginated, parse_date

HH_MM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def parse_time(value: str | None, field: str = "time") -> time | None:
    """An `HH:MM` time (24 hours) from a body, or a 400 that names the field."""
    if value is None or value == "":
        return None
    if not HH_MM.fullmatch(value):
        raise Invalid(
            f"{field} must be a time written HH:MM (24 hours), not {value[:40]!r}.",
            {field: "A time, HH:MM."},
        )
    return time.fromisoformat(value)


class NewMeeting(Body):
    date: str | None = None
    title: str = Field(default="", max_length=1000)
    time: str | None = Field(default=None, max_length=5)
    place: str = Field(default="", max_length=1000)


class MeetingChange(Body):
    date: str | None = None
    time: str | None = Field(default=None, max_length=5)
    place: str | None = Field(default=None, max_length=1000)
    title: str | None = Field(default=None, max_length=1000)
    reason: str = Field(default="", max_length=10_000)


class AgendaMove(Body):
    meeting_id: DbInt | None
    reason: str = Field(default="", max_length=10_000)


class NewAgendaItem(Body):
    act_id: DbInt | None = None


class AttendanceRequest(Body):
    attendees: list[str] = Field(max_length=200)


class Votes(Body):
    for_: DbInt = Field(default=0, alias="for")
    against: DbInt = 0
    abstain: DbInt = 0


class DecisionRequest(Body):
    decision: str = Field(min_length=1, max_length=32)
    votes: Votes
    notes: str = Field(default="", max_length=10_000)


def item_json(item: AgendaItem) -> dict:
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "act_id": item.act_id,
        "act_number": item.act.number,
        "version": item.version_number,
        "position": item.position,
        "decision": item.decision.value if item.decision else None,
        "votes": {
            "for": item.votes_for,
            "against": item.votes_against,
            "abstain": item.votes_abstain,
        },
        "notes": item.notes,
        "decided_at": item.decided_at.isoformat() if item.decided_at else None,
        "removed": item.removed.value if item.removed else None,
        "removed_at": item.removed_at.isoformat() if item.removed_at else None,
        "removal_reason": item.removal_reason or None,
        "moved_to_meeting_id": item.moved_to.meeting_id if item.moved_to else None,
    }


def meeting_json(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "date": meeting.date.isoformat(),
        "time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "place": meeting.place,
        "title": meeting.title,
        "created_by": meeting.created_by.username,
        "attendees": [user.username for user in meeting.attendees],
        "agenda": [item_json(item) for item in meeting.items],
    }


@bp.post("/meetings")
def create_meeting():
    body = json_body(NewMeeting)
    meeting = services.create_meeting(
        api_user(),
        day=parse_date(body.date, "date"),
        title=body.title,
        start_time=parse_time(body.time),
        place=body.place,
    )
    db.session.commit()
    return jsonify(meeting_json(meeting)), 201


@bp.patch("/meetings/<int:meeting_id>")
def reschedule_meeting(meeting_id: int):
    body = json_body(MeetingChange)
    given = body.model_fields_set
    unset = services.UNSET
    if "date" in given and body.date is None:
        raise Invalid("A meeting keeps a date; give the new one.", {"date": "Required."})
    meeting = services.reschedule(
        api_user(),
        meeting_id,
        day=parse_date(body.date, "date") if "date" in given else unset,
        start_time=parse_time(body.time) if "time" in given else unset,
        place=(body.place or "") if "place" in given else unset,
        title=(body.title or "") if "title" in given else unset,
        reason=body.reason,
    )
    db.session.commit()
    return jsonify(meeting_json(meeting))


@bp.get("/meetings")
def list_meetings():
    items, total = paginated(services.list_meetings(api_user()))
    return jsonify({"items": [meeting_json(m) for m in items], "total": total})


@bp.get("/meetings/<int:meeting_id>")
def get_meeting(meeting_id: int):
    return jsonify(meeting_json(services.get_meeting(api_user(), meeting_id)))


@bp.post("/meetings/<int:meeting_id>/agenda")
def add_agenda_item(meeting_id: int):
    body = json_body(NewAgendaItem)
    item = services.add_agenda_item(api_user(), meeting_id, body.act_id)
    db.session.commit()
    return jsonify(item_json(item)), 201


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/move")
def move_agenda_item(meeting_id: int, item_id: int):
    body = json_body(AgendaMove)
    item = services.move_item(
        api_user(), meeting_id, item_id, to_meeting_id=body.meeting_id, reason=body.reason
    )
    db.session.commit()
    return jsonify(item_json(item))


@bp.post("/meetings/<int:meeting_id>/attendance")
def set_attendance(meeting_id: int):
    body = json_body(AttendanceRequest)
    meeting = services.set_attendance(api_user(), meeting_id, body.attendees)
    db.session.commit()
    return jsonify(meeting_json(meeting))


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/decision")
def decide(meeting_id: int, item_id: int):
    body = json_body(DecisionRequest)
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
    return jsonify(item_json(item))


@bp.get("/deadlines")
def list_deadlines():
    found = deadlines.deadlines_for(
        api_user(),
        status=request.args.get("status") or None,
        username=request.args.get("user") or None,
    )
    items, total = paginated(found)
    return jsonify(
        {
            "items": [
                {
                    "kind": d.kind,
                    "act_id": d.act.id,
                    "act_number": d.act.number,
                    "stage": d.stage,
                    "who": d.who.username,
                    "due": d.due.isoformat(),
                    "business_days_left": d.business_days_left,
                    "status": d.status,
                    "what": d.what,
                }
                for d in items
            ],
            "total": total,
        }
    )
